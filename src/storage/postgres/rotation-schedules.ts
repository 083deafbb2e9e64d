import type { RotationStore } from '../rotation-ports.js';
import { INSERT_RUN, runValues } from './rotation-runs.js';
import { all, type Sql } from './sql.js';
import type { Atomic } from './transaction.js';

type Schedules = Pick<
  RotationStore,
  'configureRotation' | 'disableRotation' | 'setRotationSchedule' | 'findDueRotations' | 'claimScheduledRotation'
>;

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

/** The rotation columns of `secrets` and the scheduler's claim. */
export function createRotationSchedules(sql: Sql, atomic: Atomic): Schedules {
  return {
    async configureRotation(secretId, c) {
      await sql({
        name: 'rs_configure',
        text: `UPDATE secrets SET rotation_enabled = 1, rotation_lambda_arn = $2, rotation_rules = $3,
            external_rotation_metadata = coalesce($4, external_rotation_metadata),
            external_rotation_role_arn = coalesce($5, external_rotation_role_arn),
            rotation_due_at = $6, next_rotation_at = $7
          WHERE id = $1`,
        values: [
          secretId,
          c.lambdaArn ?? null,
          json(c.rules),
          json(c.externalMetadata),
          c.externalRoleArn ?? null,
          c.schedule?.dueAt ?? null,
          c.schedule?.nextRotationAt ?? null,
        ],
      });
    },
    async disableRotation(secretId) {
      await sql({
        name: 'rs_disable',
        text: 'UPDATE secrets SET rotation_enabled = 0, rotation_due_at = NULL WHERE id = $1',
        values: [secretId],
      });
    },
    async setRotationSchedule(secretId, s, lastRotatedAt) {
      // LastRotatedDate is history: kept even if rotation was cancelled meanwhile; the schedule
      // moves only while rotation is enabled (a disabled rotation is not re-armed).
      await sql({
        name: 'rs_schedule',
        text: `UPDATE secrets SET last_rotated_at = coalesce($4, last_rotated_at),
            rotation_due_at = CASE WHEN rotation_enabled = 1 THEN $2 ELSE rotation_due_at END,
            next_rotation_at = CASE WHEN rotation_enabled = 1 THEN $3 ELSE next_rotation_at END
          WHERE id = $1`,
        values: [secretId, s?.dueAt ?? null, s?.nextRotationAt ?? null, lastRotatedAt ?? null],
      });
    },
    findDueRotations: async (now, limit) =>
      (
        await all<{ secret_id: string; due_at: number }>(sql, {
          name: 'rs_due',
          // Exactly the partial index's condition, so the scan stays inside the index.
          text: `SELECT id AS secret_id, rotation_due_at AS due_at FROM secrets
            WHERE rotation_due_at <= $1 AND deleted_at IS NULL ORDER BY rotation_due_at LIMIT $2`,
          values: [now, limit],
        })
      ).map((r) => ({ secretId: r.secret_id, dueAt: r.due_at })),
    // Compare-and-set on the due time: of several nodes reading the same due row, one moves it
    // (the others' UPDATE waits for its row lock, then finds the due time changed). Within a
    // node, claimers of one secret go in call order.
    claimScheduledRotation: (c) =>
      atomic(async (tx) => {
        const moved = await tx({
          name: 'rs_move_due',
          text: `UPDATE secrets SET rotation_due_at = $1, next_rotation_at = coalesce($2, next_rotation_at)
            WHERE id = $3 AND rotation_due_at = $4 AND rotation_enabled = 1 AND deleted_at IS NULL`,
          values: [c.next?.dueAt ?? null, c.next?.nextRotationAt ?? null, c.secretId, c.dueAt],
        });
        if (moved.rowCount !== 1) return 'lost' as const;
        if (!c.run) return 'rescheduled' as const;
        const inserted = await tx({ ...INSERT_RUN, values: runValues(c.run) });
        return inserted.rowCount === 1 ? ('claimed' as const) : ('busy' as const);
      }, c.secretId),
  };
}
