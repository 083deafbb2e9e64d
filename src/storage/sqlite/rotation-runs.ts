import type { Database } from 'better-sqlite3';
import type { RotationRunKind, RotationRunStatus, RotationStepName } from '../../domain/rotation.js';
import type { RotationRunRecord, RotationStore } from '../rotation-ports.js';
import type { Sync } from './sync.js';

type RunRow = {
  id: string;
  secret_id: string;
  token: string;
  rotation_token: string;
  kind: RotationRunKind;
  function_arn: string;
  step: RotationStepName | null;
  status: RotationRunStatus;
  attempts: number;
  last_error: string | null;
  foreign_write_at: number | null;
  lease_owner: string | null;
  lease_expires_at: number | null;
  next_attempt_at: number;
  created_at: number;
  updated_at: number;
};

const COLUMNS = `id, secret_id, token, rotation_token, kind, function_arn, step, status, attempts, last_error,
  foreign_write_at, lease_owner, lease_expires_at, next_attempt_at, created_at, updated_at`;

/** Running runs due for an attempt and not leased by a live node, through rotation_runs_due. */
export const DUE_RUNS_SQL = `SELECT ${COLUMNS} FROM rotation_runs
  WHERE status = 'running' AND next_attempt_at <= ? AND (lease_expires_at IS NULL OR lease_expires_at <= ?)
  ORDER BY next_attempt_at LIMIT ?`;

export function rowToRun(r: RunRow): RotationRunRecord {
  const run: RotationRunRecord = {
    id: r.id,
    secretId: r.secret_id,
    token: r.token,
    rotationToken: r.rotation_token,
    kind: r.kind,
    functionArn: r.function_arn,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  if (r.step !== null) run.step = r.step;
  if (r.last_error !== null) run.lastError = r.last_error;
  if (r.foreign_write_at !== null) run.foreignWriteAt = r.foreign_write_at;
  if (r.lease_owner !== null) run.leaseOwner = r.lease_owner;
  if (r.lease_expires_at !== null) run.leaseExpiresAt = r.lease_expires_at;
  return run;
}

export const runToRow = (r: RotationRunRecord): RunRow => ({
  id: r.id,
  secret_id: r.secretId,
  token: r.token,
  rotation_token: r.rotationToken,
  kind: r.kind,
  function_arn: r.functionArn,
  step: r.step ?? null,
  status: r.status,
  attempts: r.attempts,
  last_error: r.lastError ?? null,
  foreign_write_at: r.foreignWriteAt ?? null,
  lease_owner: r.leaseOwner ?? null,
  lease_expires_at: r.leaseExpiresAt ?? null,
  next_attempt_at: r.nextAttemptAt,
  created_at: r.createdAt,
  updated_at: r.updatedAt,
});

type Runs = Sync<
  Pick<
    RotationStore,
    | 'insertRotationRun'
    | 'findRotationRun'
    | 'findActiveRotationRun'
    | 'listRotationRuns'
    | 'claimRotationRuns'
    | 'renewRotationLease'
    | 'recordRotationStep'
    | 'recordForeignPendingWrite'
    | 'recordRotationFailure'
    | 'finishRotationRun'
    | 'wakeRotationRun'
    | 'releaseRotationLeases'
  >
>;

/** The write-ahead records. Every update after the claim checks status and lease owner. */
export function createRotationRuns(db: Database): Runs {
  const insert = db.prepare<RunRow>(
    `INSERT INTO rotation_runs (${COLUMNS}) VALUES (@id, @secret_id, @token, @rotation_token, @kind, @function_arn,
     @step, @status, @attempts, @last_error, @foreign_write_at, @lease_owner, @lease_expires_at, @next_attempt_at, @created_at, @updated_at)
     ON CONFLICT DO NOTHING`,
  );
  const byId = db.prepare<[string], RunRow>(`SELECT ${COLUMNS} FROM rotation_runs WHERE id = ?`);
  const active = db.prepare<[string], RunRow>(
    `SELECT ${COLUMNS} FROM rotation_runs WHERE secret_id = ? AND status = 'running'`,
  );
  const history = db.prepare<[string, number], RunRow>(
    `SELECT ${COLUMNS} FROM rotation_runs WHERE secret_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
  );
  const due = db.prepare<[number, number, number], RunRow>(DUE_RUNS_SQL);
  const lease = db.prepare<[string, number, number, string, number]>(
    `UPDATE rotation_runs SET lease_owner = ?, lease_expires_at = ?, updated_at = ?
     WHERE id = ? AND status = 'running' AND (lease_expires_at IS NULL OR lease_expires_at <= ?)`,
  );
  // Owner, not expiry, decides: a lease that ran out is still ours until another node claims it.
  const renew = db.prepare<[number, number, string, string]>(
    `UPDATE rotation_runs SET lease_expires_at = ?, updated_at = ?
     WHERE id = ? AND status = 'running' AND lease_owner = ?`,
  );
  const step = db.prepare<[string, number, string, string]>(
    `UPDATE rotation_runs SET step = ?, updated_at = ? WHERE id = ? AND status = 'running' AND lease_owner = ?`,
  );
  const fail = db.prepare<[string, number, string, number, string, string]>(
    `UPDATE rotation_runs SET step = NULL, attempts = attempts + 1, last_error = ?, foreign_write_at = NULL,
       next_attempt_at = ?, status = ?, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
     WHERE id = ? AND status = 'running' AND lease_owner = ?`,
  );
  const foreign = db.prepare<[number, number, string]>(
    `UPDATE rotation_runs SET foreign_write_at = ?, updated_at = ? WHERE id = ? AND status = 'running'`,
  );
  const finish = db.prepare<[string, string | null, number, string]>(
    `UPDATE rotation_runs SET status = ?, last_error = coalesce(?, last_error), lease_owner = NULL,
       lease_expires_at = NULL, updated_at = ?
     WHERE id = ? AND status = 'running'`,
  );
  const wake = db.prepare<[number, number, string]>(
    `UPDATE rotation_runs SET next_attempt_at = min(next_attempt_at, ?), updated_at = ?
     WHERE id = ? AND status = 'running'`,
  );
  const release = db.prepare<[string]>(
    `UPDATE rotation_runs SET lease_owner = NULL, lease_expires_at = NULL
     WHERE lease_owner = ? AND status = 'running'`,
  );

  return {
    insertRotationRun: (r) => insert.run(runToRow(r)).changes === 1,
    findRotationRun: (id) => {
      const row = byId.get(id);
      return row ? rowToRun(row) : undefined;
    },
    findActiveRotationRun: (secretId) => {
      const row = active.get(secretId);
      return row ? rowToRun(row) : undefined;
    },
    listRotationRuns: (secretId, limit) => history.all(secretId, limit).map(rowToRun),
    // Select and lease in one transaction: another node's claim cannot interleave (SQLite has
    // one writer; on PostgreSQL this is FOR UPDATE SKIP LOCKED plus the same lease check).
    claimRotationRuns: db.transaction((now: number, owner: string, leaseUntil: number, limit: number) => {
      const claimed: RotationRunRecord[] = [];
      for (const row of due.all(now, now, limit)) {
        if (lease.run(owner, leaseUntil, now, row.id, now).changes !== 1) continue;
        claimed.push(rowToRun({ ...row, lease_owner: owner, lease_expires_at: leaseUntil, updated_at: now }));
      }
      return claimed;
    }),
    renewRotationLease: (id, owner, leaseUntil, now) => renew.run(leaseUntil, now, id, owner).changes === 1,
    recordRotationStep: (id, owner, s, now) => step.run(s, now, id, owner).changes === 1,
    recordForeignPendingWrite: (id, now) => foreign.run(now, now, id).changes === 1,
    recordRotationFailure: (id, owner, f, now) =>
      fail.run(f.error, f.nextAttemptAt, f.final ? 'failed' : 'running', now, id, owner).changes === 1,
    finishRotationRun: (id, status, now, error) => finish.run(status, error ?? null, now, id).changes === 1,
    wakeRotationRun: (id, now) => wake.run(now, now, id).changes === 1,
    releaseRotationLeases: (owner) => release.run(owner).changes,
  };
}
