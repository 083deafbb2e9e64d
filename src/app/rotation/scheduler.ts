import { randomUUID } from 'node:crypto';
import { unfinishedRotationToken } from '../../domain/rotation.js';
import {
  nextRotationDateOf,
  nextRotationWindow,
  type Schedule,
  storedScheduleOf,
  windowForDue,
} from '../../domain/schedule.js';
import type { RotationRules } from '../../domain/secret.js';
import type { RotationRunRecord, RotationScheduleTimes } from '../../storage/rotation-ports.js';
import { labelMapOf } from '../secrets/write-version.js';
import type { RotationDeps } from './deps.js';

/**
 * The scheduler's pass: due secrets come from the rotation_due_at index (never a scan), and
 * each is claimed by a compare-and-set on its due time, so several nodes never start the same
 * window twice. A due window still open starts a run; a missed one only moves the schedule.
 * Returns how many runs were started.
 */
export async function schedulePass(d: RotationDeps, now: number): Promise<number> {
  const due = await d.secrets.store.findDueRotations(now, d.settings.batchSize);
  let started = 0;
  for (const { secretId, dueAt } of due) {
    try {
      if (await scheduleOne(d, secretId, dueAt, now)) started++;
    } catch (e) {
      d.log.error('rotation scheduling failed', { secretId, error: String(e) });
    }
  }
  return started;
}

const times = (w: { start: number; end: number } | undefined): RotationScheduleTimes | undefined =>
  w && { dueAt: w.start, nextRotationAt: nextRotationDateOf(w) };

function scheduleFor(d: RotationDeps, rules: RotationRules | undefined): Schedule | undefined {
  try {
    return rules && storedScheduleOf(rules, { minIntervalMs: d.settings.minIntervalMs });
  } catch {
    return undefined;
  }
}

async function scheduleOne(d: RotationDeps, secretId: string, dueAt: number, now: number): Promise<boolean> {
  const store = d.secrets.store;
  const secret = await store.findById(secretId);
  if (!secret) return false;
  const schedule = scheduleFor(d, secret.rotationRules);
  const current = schedule && windowForDue(schedule, dueAt, now);
  // Managed rotation: the owning service rotates (none runs here); its schedule only moves on.
  const managed = secret.owningService !== undefined && !secret.rotationLambdaArn;
  if (!schedule || !current || (!secret.rotationLambdaArn && !managed)) {
    await store.claimScheduledRotation({ secretId, dueAt });
    return false;
  }
  if (current.start > now) {
    await store.claimScheduledRotation({ secretId, dueAt, next: times(current) });
    return false;
  }
  if (managed || !secret.rotationLambdaArn) {
    const next = times(nextRotationWindow(schedule, current.start, current.end));
    await store.claimScheduledRotation({ secretId, dueAt, next });
    return false;
  }
  // "A previous rotation isn't complete. That rotation will be reattempted." — same token.
  const labels = labelMapOf(await store.listVersions(secretId));
  const run: RotationRunRecord = {
    id: randomUUID(),
    secretId,
    token: unfinishedRotationToken(labels) ?? randomUUID(),
    rotationToken: randomUUID(),
    kind: 'rotate',
    functionArn: secret.rotationLambdaArn,
    status: 'running',
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
    updatedAt: now,
  };
  const next = times(nextRotationWindow(schedule, current.start, current.end));
  const result = await store.claimScheduledRotation({ secretId, dueAt, next, run });
  if (result !== 'claimed') return false;
  d.log.info('scheduled rotation started', { secretArn: secret.arn, token: run.token });
  return true;
}
