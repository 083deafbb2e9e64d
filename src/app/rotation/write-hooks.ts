import { countsFromLastRotation, storedScheduleOf } from '../../domain/schedule.js';
import { AWSCURRENT } from '../../domain/secret.js';
import type { RequestContext } from '../context.js';
import type { RotationDeps } from './deps.js';
import { emitRotationEvent } from './emit.js';
import { clearPending, progressOf } from './pending.js';
import { scheduleTimes } from './rotate-secret.js';

/**
 * After a new value became AWSCURRENT by PutSecretValue or UpdateSecret:
 * - a rotation whose AWSPENDING the write removed is abandoned (RotationAbandoned), as AWS does;
 * - an interval schedule counts from this write ("a manual update is considered a valid
 *   rotation"), so its next window moves.
 * Never fails the write, which is already committed.
 */
export async function afterValueWritten(d: RotationDeps, secretArn: string, now: number): Promise<void> {
  const store = d.secrets.store;
  try {
    const secret = await store.findByArn(secretArn);
    if (!secret) return;
    const active = await store.findActiveRotationRun(secret.id);
    if (active && (await progressOf(d.secrets, secret.id, active.token)) === 'abandoned') {
      const why = 'a new version of the secret was written during the rotation';
      if (await store.finishRotationRun(active.id, 'abandoned', now, why)) {
        if (active.kind === 'test') {
          await clearPending(d.secrets, secret.id, active.token, { dropPlaceholder: true });
          await emitRotationEvent(d, 'TestRotationFailed', secret.arn, active.token, why);
        } else {
          await emitRotationEvent(d, 'RotationAbandoned', secret.arn, active.token, why);
        }
      }
    }
    if (!secret.rotationEnabled || !secret.rotationRules) return;
    const schedule = storedScheduleOf(secret.rotationRules, { minIntervalMs: d.settings.minIntervalMs });
    if (schedule && countsFromLastRotation(schedule)) {
      await store.setRotationSchedule(secret.id, scheduleTimes(schedule, now));
    }
  } catch (e) {
    d.log.error('rotation bookkeeping after a write failed', { secretArn, error: String(e) });
  }
}

type Written = { arn: string; versionId?: string; stages?: string[] };

/** Wraps PutSecretValue / UpdateSecret so a write that made a new AWSCURRENT runs the hook. */
export const withValueWriteHook =
  <C, R extends Written>(
    write: (ctx: RequestContext, c: C) => Promise<R>,
    hook: (secretArn: string, now: number) => Promise<void>,
  ) =>
  async (ctx: RequestContext, c: C): Promise<R> => {
    const r = await write(ctx, c);
    if (r.versionId !== undefined && (r.stages ?? [AWSCURRENT]).includes(AWSCURRENT)) await hook(r.arn, ctx.now);
    return r;
  };
