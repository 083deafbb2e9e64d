import type { RotationRunKind, RotationRunStatus, RotationStepName } from '../../domain/rotation.js';
import type { RotationRunRecord, RotationStore } from '../rotation-ports.js';
import { all, one, type Sql } from './sql.js';

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

export const RUN_COLUMNS = `id, secret_id, token, rotation_token, kind, function_arn, step, status, attempts, last_error,
  foreign_write_at, lease_owner, lease_expires_at, next_attempt_at, created_at, updated_at`;

function rowToRun(r: RunRow): RotationRunRecord {
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

/** The values of an INSERT INTO rotation_runs (RUN_COLUMNS), in column order. */
export const runValues = (r: RotationRunRecord): unknown[] => [
  r.id,
  r.secretId,
  r.token,
  r.rotationToken,
  r.kind,
  r.functionArn,
  r.step ?? null,
  r.status,
  r.attempts,
  r.lastError ?? null,
  r.foreignWriteAt ?? null,
  r.leaseOwner ?? null,
  r.leaseExpiresAt ?? null,
  r.nextAttemptAt,
  r.createdAt,
  r.updatedAt,
];

/**
 * Without a conflict target, DO NOTHING also covers the unique partial index that allows one
 * running run per secret: a second one is simply not inserted, on any node.
 */
export const INSERT_RUN = {
  name: 'rr_insert',
  text: `INSERT INTO rotation_runs (${RUN_COLUMNS})
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT DO NOTHING`,
};

/** Leases due runs; SKIP LOCKED lets nodes claiming together take different runs. */
const CLAIM = {
  name: 'rr_claim',
  text: `UPDATE rotation_runs r SET lease_owner = $2, lease_expires_at = $3, updated_at = $1
    FROM (
      SELECT id FROM rotation_runs
      WHERE status = 'running' AND next_attempt_at <= $1 AND (lease_expires_at IS NULL OR lease_expires_at <= $1)
      ORDER BY next_attempt_at LIMIT $4 FOR UPDATE SKIP LOCKED
    ) AS due
    WHERE r.id = due.id
    RETURNING ${RUN_COLUMNS.split(',')
      .map((c) => `r.${c.trim()}`)
      .join(', ')}`,
};

type Runs = Pick<
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
>;

/** The write-ahead records. Every update after the claim checks status and lease owner. */
export function createRotationRuns(sql: Sql): Runs {
  const find = async (name: string, where: string, values: unknown[]) => {
    const row = await one<RunRow>(sql, {
      name,
      text: `SELECT ${RUN_COLUMNS} FROM rotation_runs WHERE ${where}`,
      values,
    });
    return row ? rowToRun(row) : undefined;
  };
  const update = async (name: string, text: string, values: unknown[]) =>
    (await sql({ name, text, values })).rowCount ?? 0;

  return {
    insertRotationRun: async (r) => (await update(INSERT_RUN.name, INSERT_RUN.text, runValues(r))) === 1,
    findRotationRun: (id) => find('rr_by_id', 'id = $1', [id]),
    findActiveRotationRun: (secretId) => find('rr_active', "secret_id = $1 AND status = 'running'", [secretId]),
    listRotationRuns: async (secretId, limit) =>
      (
        await all<RunRow>(sql, {
          name: 'rr_history',
          text: `SELECT ${RUN_COLUMNS} FROM rotation_runs WHERE secret_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
          values: [secretId, limit],
        })
      ).map(rowToRun),
    async claimRotationRuns(now, owner, leaseUntil, limit) {
      const rows = await all<RunRow>(sql, { ...CLAIM, values: [now, owner, leaseUntil, limit] });
      return rows.sort((a, b) => a.next_attempt_at - b.next_attempt_at).map(rowToRun);
    },
    // Owner, not expiry, decides: a lease that ran out is still ours until another node claims it.
    renewRotationLease: async (id, owner, leaseUntil, now) =>
      (await update(
        'rr_renew',
        `UPDATE rotation_runs SET lease_expires_at = $1, updated_at = $2
          WHERE id = $3 AND status = 'running' AND lease_owner = $4`,
        [leaseUntil, now, id, owner],
      )) === 1,
    recordRotationStep: async (id, owner, step, now) =>
      (await update(
        'rr_step',
        `UPDATE rotation_runs SET step = $1, updated_at = $2 WHERE id = $3 AND status = 'running' AND lease_owner = $4`,
        [step, now, id, owner],
      )) === 1,
    recordForeignPendingWrite: async (id, now) =>
      (await update(
        'rr_foreign',
        `UPDATE rotation_runs SET foreign_write_at = $1, updated_at = $1 WHERE id = $2 AND status = 'running'`,
        [now, id],
      )) === 1,
    recordRotationFailure: async (id, owner, f, now) =>
      (await update(
        'rr_fail',
        `UPDATE rotation_runs SET step = NULL, attempts = attempts + 1, last_error = $1, foreign_write_at = NULL,
            next_attempt_at = $2, status = $3, lease_owner = NULL, lease_expires_at = NULL, updated_at = $4
          WHERE id = $5 AND status = 'running' AND lease_owner = $6`,
        [f.error, f.nextAttemptAt, f.final ? 'failed' : 'running', now, id, owner],
      )) === 1,
    finishRotationRun: async (id, status, now, error) =>
      (await update(
        'rr_finish',
        `UPDATE rotation_runs SET status = $1, last_error = coalesce($2, last_error), lease_owner = NULL,
            lease_expires_at = NULL, updated_at = $3
          WHERE id = $4 AND status = 'running'`,
        [status, error ?? null, now, id],
      )) === 1,
    wakeRotationRun: async (id, now) =>
      (await update(
        'rr_wake',
        `UPDATE rotation_runs SET next_attempt_at = least(next_attempt_at, $1), updated_at = $1
          WHERE id = $2 AND status = 'running'`,
        [now, id],
      )) === 1,
    releaseRotationLeases: (owner) =>
      update(
        'rr_release',
        `UPDATE rotation_runs SET lease_owner = NULL, lease_expires_at = NULL WHERE lease_owner = $1 AND status = 'running'`,
        [owner],
      ),
  };
}
