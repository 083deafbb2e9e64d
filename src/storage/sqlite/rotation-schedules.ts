import type { Database } from 'better-sqlite3';
import type { RotationStore, ScheduledClaim } from '../rotation-ports.js';
import { runToRow } from './rotation-runs.js';
import type { Sync } from './sync.js';

type Schedules = Sync<
  Pick<
    RotationStore,
    'configureRotation' | 'disableRotation' | 'setRotationSchedule' | 'findDueRotations' | 'claimScheduledRotation'
  >
>;

/** Exactly the partial index's condition, so SQLite answers from the index (never a scan). */
export const DUE_ROTATIONS_SQL = `SELECT id AS secret_id, rotation_due_at AS due_at FROM secrets
  WHERE rotation_due_at <= ? AND deleted_at IS NULL ORDER BY rotation_due_at LIMIT ?`;

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

/** The rotation columns of `secrets` and the scheduler's claim. */
export function createRotationSchedules(db: Database): Schedules {
  const configure = db.prepare<{
    id: string;
    arn: string | null;
    rules: string | null;
    metadata: string | null;
    role: string | null;
    due: number | null;
    next: number | null;
  }>(
    `UPDATE secrets SET rotation_enabled = 1, rotation_lambda_arn = @arn, rotation_rules = @rules,
       external_rotation_metadata = coalesce(@metadata, external_rotation_metadata),
       external_rotation_role_arn = coalesce(@role, external_rotation_role_arn),
       rotation_due_at = @due, next_rotation_at = @next
     WHERE id = @id`,
  );
  const disable = db.prepare<[string]>('UPDATE secrets SET rotation_enabled = 0, rotation_due_at = NULL WHERE id = ?');
  const schedule = db.prepare<[number | null, number | null, number | null, string]>(
    `UPDATE secrets SET rotation_due_at = ?, next_rotation_at = ?, last_rotated_at = coalesce(?, last_rotated_at)
     WHERE id = ? AND rotation_enabled = 1`,
  );
  const lastRotated = db.prepare<[number, string]>('UPDATE secrets SET last_rotated_at = ? WHERE id = ?');
  const due = db.prepare<[number, number], { secret_id: string; due_at: number }>(DUE_ROTATIONS_SQL);
  const moveDue = db.prepare<[number | null, number | null, string, number]>(
    `UPDATE secrets SET rotation_due_at = ?, next_rotation_at = coalesce(?, next_rotation_at)
     WHERE id = ? AND rotation_due_at = ? AND rotation_enabled = 1 AND deleted_at IS NULL`,
  );
  const running = db
    .prepare<[string], number>(`SELECT count(*) FROM rotation_runs WHERE secret_id = ? AND status = 'running'`)
    .pluck();
  const insertRun = db.prepare(
    `INSERT INTO rotation_runs (id, secret_id, token, rotation_token, kind, function_arn, step, status, attempts,
       last_error, lease_owner, lease_expires_at, next_attempt_at, created_at, updated_at)
     VALUES (@id, @secret_id, @token, @rotation_token, @kind, @function_arn, @step, @status, @attempts,
       @last_error, @lease_owner, @lease_expires_at, @next_attempt_at, @created_at, @updated_at)`,
  );

  return {
    configureRotation: (secretId, c) => {
      configure.run({
        id: secretId,
        arn: c.lambdaArn ?? null,
        rules: json(c.rules),
        metadata: json(c.externalMetadata),
        role: c.externalRoleArn ?? null,
        due: c.schedule?.dueAt ?? null,
        next: c.schedule?.nextRotationAt ?? null,
      });
    },
    disableRotation: (secretId) => void disable.run(secretId),
    setRotationSchedule: (secretId, s, lastRotatedAt) => {
      // LastRotatedDate is history: it is kept even if rotation was cancelled meanwhile.
      if (lastRotatedAt !== undefined) lastRotated.run(lastRotatedAt, secretId);
      schedule.run(s?.dueAt ?? null, s?.nextRotationAt ?? null, null, secretId);
    },
    findDueRotations: (now, limit) => due.all(now, limit).map((r) => ({ secretId: r.secret_id, dueAt: r.due_at })),
    // Compare-and-set on the due time: of several nodes reading the same due row, one moves it.
    claimScheduledRotation: db.transaction((c: ScheduledClaim) => {
      const moved = moveDue.run(c.next?.dueAt ?? null, c.next?.nextRotationAt ?? null, c.secretId, c.dueAt);
      if (moved.changes !== 1) return 'lost' as const;
      if (!c.run) return 'rescheduled' as const;
      if (running.get(c.secretId)! > 0) return 'busy' as const;
      insertRun.run(runToRow(c.run));
      return 'claimed' as const;
    }),
  };
}
