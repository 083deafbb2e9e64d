import { Errors, ServiceError } from '../../domain/errors.js';
import { type RotationStepName, type RunProgress, remainingSteps, retryDelay } from '../../domain/rotation.js';
import { storedScheduleOf } from '../../domain/schedule.js';
import type { SecretRecord } from '../../domain/secret.js';
import type { RotationRunRecord } from '../../storage/rotation-ports.js';
import type { RotationDeps } from './deps.js';
import { emitRotationEvent } from './emit.js';
import { StepInterrupted } from './functions/interrupted.js';
import { clearPending, createPlaceholder, progressOf } from './pending.js';
import { redactError } from './redact.js';
import { scheduleTimes } from './rotate-secret.js';

/**
 * Runs one leased run to its end or to its next wait: resumes after the last completed step,
 * invokes the function step by step (renewing the lease first, recording the step after), and
 * watches the labels between steps so a write that moved AWSPENDING abandons the run.
 */
export async function runRotation(d: RotationDeps, run: RotationRunRecord): Promise<void> {
  const store = d.secrets.store;
  const secret = await store.findById(run.secretId);
  if (!secret || secret.deletedAt !== undefined) {
    return close(d, run, secret?.arn, 'the secret was deleted');
  }
  let progress =
    run.step === undefined ? await placeholder(d, run, secret) : await progressOf(d.secrets, secret.id, run.token);
  if (progress === 'abandoned') return close(d, run, secret.arn, 'AWSPENDING is no longer on the rotation version');
  if (progress === 'finished' && run.kind === 'rotate') return succeed(d, run, secret);

  const fn = await d.functions.open(run.functionArn, secret, () => d.secretsApi(secret));
  const steps = remainingSteps(run.kind, run.step);
  if (run.step === undefined) {
    await emitRotationEvent(d, run.kind === 'test' ? 'TestRotationStarted' : 'RotationStarted', secret.arn, run.token);
  }
  if (!fn)
    return fail(d, run, secret, steps[0] ?? 'createSecret', new Error('the rotation function cannot be invoked'));

  for (const step of steps) {
    const now = d.clock.now();
    if (!(await store.renewRotationLease(run.id, d.settings.nodeId, now + fn.timeoutMs + d.settings.leaseMs, now))) {
      return; // cancelled, abandoned, or claimed by another node meanwhile
    }
    try {
      await fn.rotator.invoke({
        SecretId: secret.arn,
        ClientRequestToken: run.token,
        Step: step,
        RotationToken: run.rotationToken,
      });
    } catch (e) {
      if (e instanceof StepInterrupted) return; // shutdown: resumed at this step after restart
      if (await foreignWrite(d, run)) return failNotCreatedByLambda(d, run, secret, step);
      return fail(d, run, secret, step, e);
    }
    if (await foreignWrite(d, run)) return failNotCreatedByLambda(d, run, secret, step);
    progress = await progressOf(d.secrets, secret.id, run.token);
    if (progress === 'abandoned') return close(d, run, secret.arn, 'AWSPENDING is no longer on the rotation version');
    if (!(await store.recordRotationStep(run.id, d.settings.nodeId, step, d.clock.now()))) return;
  }

  if (run.kind === 'test') {
    await clearPending(d.secrets, secret.id, run.token, { dropPlaceholder: true });
    if (await store.finishRotationRun(run.id, 'succeeded', d.clock.now())) {
      await emitRotationEvent(d, 'TestRotationSucceeded', secret.arn, run.token);
    }
    return;
  }
  if (progress !== 'finished') {
    return fail(
      d,
      run,
      secret,
      'finishSecret',
      new Error(`finishSecret did not move AWSCURRENT to version ${run.token}`),
    );
  }
  return succeed(d, run, secret);
}

/**
 * A (re)started attempt makes sure its empty AWSPENDING version exists (scheduled runs create
 * it here). Another rotation's AWSPENDING, or a token version that lost AWSPENDING, ends it.
 */
async function placeholder(d: RotationDeps, run: RotationRunRecord, secret: SecretRecord): Promise<RunProgress> {
  try {
    const placed = await createPlaceholder(d.secrets, secret.id, run.token, d.clock.now());
    return placed === 'finished' ? 'finished' : 'pending';
  } catch (e) {
    if (e instanceof ServiceError) return 'abandoned';
    throw e;
  }
}

/** AWSCURRENT is on the new version: drop AWSPENDING (decision 3), date it, plan the next one. */
async function succeed(d: RotationDeps, run: RotationRunRecord, secret: SecretRecord): Promise<void> {
  const store = d.secrets.store;
  await clearPending(d.secrets, secret.id, run.token, { dropPlaceholder: false });
  const now = d.clock.now();
  const fresh = await store.findById(secret.id);
  let next: ReturnType<typeof scheduleTimes>;
  try {
    const schedule =
      fresh?.rotationRules && storedScheduleOf(fresh.rotationRules, { minIntervalMs: d.settings.minIntervalMs });
    next = schedule && scheduleTimes(schedule, now);
  } catch {
    next = undefined; // rules refused since (a stricter minimum): no automatic schedule
  }
  await store.setRotationSchedule(secret.id, next, now);
  if (await store.finishRotationRun(run.id, 'succeeded', now)) {
    await emitRotationEvent(d, 'RotationSucceeded', secret.arn, run.token);
    d.log.info('rotation succeeded', { secretArn: secret.arn, token: run.token });
  }
}

/** Whether a write to the pending version was refused as not made by the function (rotation-token.ts). */
async function foreignWrite(d: RotationDeps, run: RotationRunRecord): Promise<boolean> {
  return (await d.secrets.store.findRotationRun(run.id))?.foreignWriteAt !== undefined;
}

/**
 * The step wrote (or tried to write) the pending version without the rotation's RotationToken
 * from another identity than the function's own execution role: AWS's RotationFailed message,
 * as is (it names the version, the secret and the function, never a value).
 */
function failNotCreatedByLambda(d: RotationDeps, run: RotationRunRecord, secret: SecretRecord, step: RotationStepName) {
  const { message } = Errors.rotationNotCreatedByLambda(run.token, secret.arn, run.functionArn);
  return fail(d, run, secret, step, undefined, message);
}

/**
 * A failed step. A test ends here (TestRotationFailed, its version removed). A rotation keeps
 * AWSPENDING and is retried from createSecret with the same token after a backoff, until the
 * attempts run out; the next scheduled window then reattempts it.
 */
async function fail(
  d: RotationDeps,
  run: RotationRunRecord,
  secret: SecretRecord,
  step: RotationStepName,
  e: unknown,
  message?: string,
) {
  const store = d.secrets.store;
  const error = message ?? `${step}: ${redactError(e)}`;
  const now = d.clock.now();
  if (run.kind === 'test') {
    await clearPending(d.secrets, secret.id, run.token, { dropPlaceholder: true });
    if (await store.finishRotationRun(run.id, 'failed', now, error)) {
      await emitRotationEvent(d, 'TestRotationFailed', secret.arn, run.token, error);
    }
    return;
  }
  const attempts = run.attempts + 1;
  const final = attempts >= d.settings.maxAttempts;
  const nextAttemptAt = now + retryDelay(attempts, d.settings.retryBaseMs, d.settings.retryMaxMs);
  if (!(await store.recordRotationFailure(run.id, d.settings.nodeId, { error, nextAttemptAt, final }, now))) return;
  d.log.warn('rotation step failed', { secretArn: secret.arn, token: run.token, step, attempts, final, error });
  await emitRotationEvent(d, 'RotationFailed', secret.arn, run.token, error);
}

/** The run cannot go on (its AWSPENDING was moved, or the secret deleted): RotationAbandoned. */
async function close(d: RotationDeps, run: RotationRunRecord, secretArn: string | undefined, why: string) {
  const store = d.secrets.store;
  if (!(await store.finishRotationRun(run.id, 'abandoned', d.clock.now(), why)) || !secretArn) return;
  if (run.kind === 'test') {
    await clearPending(d.secrets, run.secretId, run.token, { dropPlaceholder: true });
    await emitRotationEvent(d, 'TestRotationFailed', secretArn, run.token, why);
  } else {
    await emitRotationEvent(d, 'RotationAbandoned', secretArn, run.token, why);
  }
}
