import type { RotationFunctionKind, RotationFunctionRecord, RotationStore } from '../rotation-ports.js';
import { bytesOut } from '../sqlite/secret-rows.js';
import { all, one, type Sql } from './sql.js';
import type { Atomic } from './transaction.js';

type FunctionRow = {
  arn: string;
  account_id: string;
  region: string;
  name: string;
  kind: RotationFunctionKind;
  target: string;
  handler: string | null;
  timeout_ms: number;
  sealed_signing_key: Uint8Array | null;
  access_key_id: string | null;
  created_at: number;
};

const COLUMNS =
  'arn, account_id, region, name, kind, target, handler, timeout_ms, sealed_signing_key, access_key_id, created_at';

function rowToFunction(r: FunctionRow): RotationFunctionRecord {
  const f: RotationFunctionRecord = {
    arn: r.arn,
    accountId: r.account_id,
    region: r.region,
    name: r.name,
    kind: r.kind,
    target: r.target,
    timeoutMs: r.timeout_ms,
    createdAt: r.created_at,
  };
  if (r.handler !== null) f.handler = r.handler;
  if (r.sealed_signing_key !== null) f.sealedSigningKey = bytesOut(r.sealed_signing_key);
  if (r.access_key_id !== null) f.accessKeyId = r.access_key_id;
  return f;
}

type Functions = Pick<
  RotationStore,
  'insertRotationFunction' | 'findRotationFunction' | 'listRotationFunctions' | 'deleteRotationFunction'
>;

/** Registered rotation functions; a handler function's access key lives and dies with it. */
export function createRotationFunctions(sql: Sql, atomic: Atomic): Functions {
  return {
    insertRotationFunction: (f, key) =>
      atomic(async (tx) => {
        if (key) {
          await tx({
            name: 'rf_insert_key',
            text: `INSERT INTO access_keys (access_key_id, account_id, principal_arn, user_name, sealed_secret, status, created_at)
              VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            values: [
              key.accessKeyId,
              key.accountId,
              key.principalArn,
              key.userName,
              key.sealedSecret,
              key.status,
              key.createdAt,
            ],
          });
        }
        await tx({
          name: 'rf_insert',
          text: `INSERT INTO rotation_functions (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
          values: [
            f.arn,
            f.accountId,
            f.region,
            f.name,
            f.kind,
            f.target,
            f.handler ?? null,
            f.timeoutMs,
            f.sealedSigningKey ?? null,
            f.accessKeyId ?? null,
            f.createdAt,
          ],
        });
      }),
    async findRotationFunction(arn) {
      const row = await one<FunctionRow>(sql, {
        name: 'rf_by_arn',
        text: `SELECT ${COLUMNS} FROM rotation_functions WHERE arn = $1`,
        values: [arn],
      });
      return row ? rowToFunction(row) : undefined;
    },
    listRotationFunctions: async () =>
      (
        await all<FunctionRow>(sql, { name: 'rf_list', text: `SELECT ${COLUMNS} FROM rotation_functions ORDER BY arn` })
      ).map(rowToFunction),
    // The function and its key in one statement.
    deleteRotationFunction: async (arn) =>
      ((
        await one<{ n: number }>(sql, {
          name: 'rf_delete',
          text: `WITH gone AS (DELETE FROM rotation_functions WHERE arn = $1 RETURNING access_key_id),
              key AS (DELETE FROM access_keys WHERE access_key_id IN (SELECT access_key_id FROM gone))
            SELECT count(*) AS n FROM gone`,
          values: [arn],
        })
      )?.n ?? 0) > 0,
  };
}
