import type { RotationFunctionKind, RotationFunctionRecord, RotationStore } from '../rotation-ports.js';
import { bytesOut } from '../sqlite/secret-rows.js';
import { all, one, type Sql } from './sql.js';

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
  role_arn: string | null;
  created_at: number;
};

const COLUMNS =
  'arn, account_id, region, name, kind, target, handler, timeout_ms, sealed_signing_key, role_arn, created_at';

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
  if (r.role_arn !== null) f.roleArn = r.role_arn;
  return f;
}

type Functions = Pick<
  RotationStore,
  'insertRotationFunction' | 'findRotationFunction' | 'listRotationFunctions' | 'deleteRotationFunction'
>;

/** Registered rotation functions. */
export function createRotationFunctions(sql: Sql): Functions {
  return {
    insertRotationFunction: async (f) => {
      await sql({
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
          f.roleArn ?? null,
          f.createdAt,
        ],
      });
    },
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
    deleteRotationFunction: async (arn) =>
      (await sql({ name: 'rf_delete', text: 'DELETE FROM rotation_functions WHERE arn = $1', values: [arn] }))
        .rowCount === 1,
  };
}
