import type { Database } from 'better-sqlite3';
import type { RotationFunctionKind, RotationFunctionRecord, RotationStore } from '../rotation-ports.js';
import { guarded } from './conflicts.js';
import { bytesOut } from './secret-rows.js';
import type { Sync } from './sync.js';

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

type Functions = Sync<
  Pick<
    RotationStore,
    'insertRotationFunction' | 'findRotationFunction' | 'listRotationFunctions' | 'deleteRotationFunction'
  >
>;

/** Registered rotation functions. */
export function createRotationFunctions(db: Database): Functions {
  const insert = db.prepare<FunctionRow>(
    `INSERT INTO rotation_functions (${COLUMNS}) VALUES (@arn, @account_id, @region, @name, @kind, @target, @handler,
     @timeout_ms, @sealed_signing_key, @role_arn, @created_at)`,
  );
  const byArn = db.prepare<[string], FunctionRow>(`SELECT ${COLUMNS} FROM rotation_functions WHERE arn = ?`);
  const all = db.prepare<[], FunctionRow>(`SELECT ${COLUMNS} FROM rotation_functions ORDER BY arn`);
  const remove = db.prepare<[string]>('DELETE FROM rotation_functions WHERE arn = ?');

  return {
    insertRotationFunction: (f: RotationFunctionRecord) => {
      guarded(() => {
        insert.run({
          arn: f.arn,
          account_id: f.accountId,
          region: f.region,
          name: f.name,
          kind: f.kind,
          target: f.target,
          handler: f.handler ?? null,
          timeout_ms: f.timeoutMs,
          sealed_signing_key: f.sealedSigningKey ?? null,
          role_arn: f.roleArn ?? null,
          created_at: f.createdAt,
        });
      });
    },
    findRotationFunction: (arn) => {
      const row = byArn.get(arn);
      return row ? rowToFunction(row) : undefined;
    },
    listRotationFunctions: () => all.all().map(rowToFunction),
    deleteRotationFunction: (arn) => remove.run(arn).changes === 1,
  };
}
