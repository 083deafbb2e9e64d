import { randomUUID } from 'node:crypto';
import { Errors } from '../../domain/errors.js';
import type { RotationRunKind } from '../../domain/rotation.js';
import {
  daysBetweenRotations,
  nextRotationDateOf,
  nextRotationWindow,
  type Schedule,
  scheduleOf,
  storedScheduleOf,
} from '../../domain/schedule.js';
import type { ExternalRotationMetadataItem, RotationRules, SecretRecord } from '../../domain/secret.js';
import type { RotationRunRecord, RotationScheduleTimes } from '../../storage/rotation-ports.js';
import type { RequestContext } from '../context.js';
import { assertNotReplica } from '../replication/guards.js';
import { assertNotDeleted, authorizedSecret } from '../secrets/lookup.js';
import { requireToken } from '../secrets/token.js';
import type { RotationDeps } from './deps.js';
import { emitRotationEvent } from './emit.js';
import { createPlaceholder } from './pending.js';

export type RotateSecretCommand = {
  secretId: string;
  token?: string;
  lambdaArn?: string;
  rules?: RotationRules;
  rotateImmediately?: boolean;
  externalMetadata?: ExternalRotationMetadataItem[];
  externalRoleArn?: string;
};

export type RotateSecretResult = { arn: string; name: string; versionId?: string };

const hasSchedule = (r: RotationRules | undefined): r is RotationRules =>
  r !== undefined && (r.AutomaticallyAfterDays !== undefined || r.ScheduleExpression !== undefined);

/**
 * RotateSecret: validates and stores the configuration, puts the empty AWSPENDING version
 * (id = ClientRequestToken) in place and queues the run; the steps run in the background and
 * the call returns at once with the new version's id, as AWS does. RotateImmediately=false
 * only tests the function (testSecret against a temporary AWSPENDING version).
 */
export async function rotateSecret(
  d: RotationDeps,
  ctx: RequestContext,
  c: RotateSecretCommand,
): Promise<RotateSecretResult> {
  requireToken(c.token, 'InvalidParameterException');
  const secret = await authorizedSecret(d.secrets, ctx, c.secretId, 'secretsmanager:RotateSecret', {
    'secretsmanager:RotationLambdaARN': c.lambdaArn,
  });
  assertNotDeleted(secret);
  assertNotReplica(secret);
  if (secret.owningService) return scheduleManagedRotation(d, ctx, secret, c);
  const rules = hasSchedule(c.rules) ? withComputedDays(c.rules, ctx.now, d) : secret.rotationRules;
  const schedule = rules && storedScheduleOf(rules, { minIntervalMs: d.settings.minIntervalMs });
  const lambdaArn = await functionFor(d, ctx, secret, c.lambdaArn);

  const kind: RotationRunKind = (c.rotateImmediately ?? true) ? 'rotate' : 'test';
  const placed = await createPlaceholder(d.secrets, secret.id, c.token, ctx.now);
  await d.secrets.store.configureRotation(secret.id, {
    lambdaArn,
    rules,
    externalMetadata: c.externalMetadata,
    externalRoleArn: c.externalRoleArn,
    schedule: schedule && scheduleTimes(schedule, ctx.now),
  });
  // A test only ever runs on a version it created itself: never on a leftover AWSPENDING.
  if (placed === 'created' || (placed === 'pending' && kind === 'rotate')) {
    await queueRun(d, secret, c.token, kind, lambdaArn, ctx.now);
  }
  return { arn: secret.arn, name: secret.name, versionId: c.token };
}

/**
 * Managed rotation (catalog §3.1, statement 34): the owning service rotates its secret, and
 * through this API a caller only changes the schedule (`rotate-secret --rotation-rules …`). No
 * function is taken, no AWSPENDING version is made and no run starts: Strongroom runs no owning
 * service, so the schedule is stored and shown (RotationEnabled, RotationRules, NextRotationDate)
 * and moves on window after window (scheduler.ts). A function, or a rotation without new rules,
 * is the owning service's business: refused with its managed-by-service error.
 */
async function scheduleManagedRotation(
  d: RotationDeps,
  ctx: RequestContext,
  secret: SecretRecord,
  c: RotateSecretCommand,
): Promise<RotateSecretResult> {
  if (c.lambdaArn || !hasSchedule(c.rules)) throw Errors.managedByService();
  const rules = withComputedDays(c.rules, ctx.now, d);
  const schedule = storedScheduleOf(rules, { minIntervalMs: d.settings.minIntervalMs });
  await d.secrets.store.configureRotation(secret.id, {
    rules,
    schedule: schedule && scheduleTimes(schedule, ctx.now),
  });
  return { arn: secret.arn, name: secret.name };
}

/** AWS reports AutomaticallyAfterDays next to a ScheduleExpression, computed from it. */
function withComputedDays(rules: RotationRules, now: number, d: RotationDeps): RotationRules {
  const schedule = scheduleOf(rules, { minIntervalMs: d.settings.minIntervalMs });
  const out: RotationRules = {};
  if (rules.AutomaticallyAfterDays !== undefined) out.AutomaticallyAfterDays = rules.AutomaticallyAfterDays;
  if (rules.ScheduleExpression !== undefined && schedule) {
    out.AutomaticallyAfterDays = daysBetweenRotations(schedule, now);
    out.ScheduleExpression = rules.ScheduleExpression;
  }
  if (rules.Duration !== undefined) out.Duration = rules.Duration;
  return out;
}

/** The given function (which must be invokable) or the configured one. */
async function functionFor(
  d: RotationDeps,
  ctx: RequestContext,
  secret: SecretRecord,
  given: string | undefined,
): Promise<string> {
  const wanted = given || secret.rotationLambdaArn;
  if (!wanted) throw Errors.rotationNoFunction();
  const arn = await d.functions.resolve(wanted, { accountId: ctx.principal.accountId, region: ctx.region });
  if (!arn) throw Errors.rotationCannotInvoke();
  return arn;
}

export function scheduleTimes(s: Schedule, base: number, now = base): RotationScheduleTimes | undefined {
  const w = nextRotationWindow(s, base, now);
  return w && { dueAt: w.start, nextRotationAt: nextRotationDateOf(w) };
}

/**
 * Starts the run for `token`, or wakes the one already running with it (the same
 * RotateSecret repeated). A running run on another token whose AWSPENDING is gone was
 * abandoned by a write the hooks did not see: it is closed first.
 */
export async function queueRun(
  d: RotationDeps,
  secret: SecretRecord,
  token: string,
  kind: RotationRunKind,
  functionArn: string,
  now: number,
): Promise<void> {
  const store = d.secrets.store;
  const active = await store.findActiveRotationRun(secret.id);
  if (active?.token === token) {
    await store.wakeRotationRun(active.id, now);
    d.wake();
    return;
  }
  if (active && (await store.finishRotationRun(active.id, 'abandoned', now))) {
    await emitRotationEvent(d, 'RotationAbandoned', secret.arn, active.token, 'AWSPENDING moved to another version');
  }
  const run: RotationRunRecord = {
    id: randomUUID(),
    secretId: secret.id,
    token,
    rotationToken: randomUUID(),
    kind,
    functionArn,
    status: 'running',
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
    updatedAt: now,
  };
  await store.insertRotationRun(run);
  d.wake();
}
