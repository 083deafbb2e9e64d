import { assertNever } from '../../../lib/assert-never.js';
import type { RotationSecretsApi, Rotator } from '../rotator.js';
import type { DbDriver } from './db-driver.js';
import { altUsername, withCredentials } from './db-secret.js';
import { Redactor } from './redact.js';
import { because, RotatorErrors } from './rotator-errors.js';
import { setSecretAlternating, setSecretSingleUser } from './set-secret.js';
import { type RotationStrategy, readDbSecret, type StepContext, tryReadDbSecret } from './step-context.js';

export type { RotationStrategy } from './step-context.js';

async function createSecret(c: StepContext): Promise<void> {
  const { SecretId: arn, ClientRequestToken: token } = c.event;
  const current = await readDbSecret(c, arn, { versionStage: 'AWSCURRENT' }, 'AWSCURRENT');
  const pending = await tryReadDbSecret(c, arn, { versionId: token, versionStage: 'AWSPENDING' }, 'AWSPENDING');
  if (pending) return;
  const username =
    c.strategy === 'alternating-users' ? altUsername(current.username, c.driver.usernameLimit) : current.username;
  const password = await c.api.getRandomPassword({ ExcludeCharacters: c.driver.excludeCharacters });
  c.redactor.add(password);
  await c.api.putSecretValue(arn, {
    token,
    secretString: withCredentials(current, username, password),
    stages: ['AWSPENDING'],
    // Proves the write comes from the running rotation; an empty token (steps driven outside an
    // engine run) is left out, as AWS's templates always leave it out.
    rotationToken: c.event.RotationToken || undefined,
  });
}

async function testSecret(c: StepContext): Promise<void> {
  const { SecretId: arn, ClientRequestToken: token } = c.event;
  const pending = await readDbSecret(c, arn, { versionId: token, versionStage: 'AWSPENDING' }, 'AWSPENDING');
  const opened = await c.driver.open(pending);
  if (!opened.ok) throw RotatorErrors.noLoginPending(arn, because(opened.reason));
  try {
    await opened.session.probe();
  } finally {
    await opened.session.close();
  }
}

async function finishSecret(c: StepContext): Promise<void> {
  const { SecretId: arn, ClientRequestToken: token } = c.event;
  const d = await c.api.describeSecret(arn);
  const current = Object.entries(d.versionIdsToStages).find(([, stages]) => stages.includes('AWSCURRENT'))?.[0];
  if (current === token) return;
  await c.api.updateSecretVersionStage(arn, { stage: 'AWSCURRENT', moveTo: token, removeFrom: current });
}

/**
 * The templates' check before every step: a token that already carries AWSCURRENT means the
 * rotation finished (the step is a no-op); a token whose version exists without AWSPENDING is
 * not this rotation's. A token with no version yet is fine: createSecret makes it.
 */
async function alreadyCurrent(c: StepContext): Promise<boolean> {
  const { SecretId: arn, ClientRequestToken: token } = c.event;
  const stages = (await c.api.describeSecret(arn)).versionIdsToStages[token];
  if (!stages) return false;
  if (stages.includes('AWSCURRENT')) return true;
  if (!stages.includes('AWSPENDING')) throw RotatorErrors.notPending(token, arn);
  return false;
}

async function runStep(c: StepContext): Promise<void> {
  if (await alreadyCurrent(c)) return;
  const step = c.event.Step;
  switch (step) {
    case 'createSecret':
      return createSecret(c);
    case 'setSecret':
      return c.strategy === 'single-user' ? setSecretSingleUser(c) : setSecretAlternating(c);
    case 'testSecret':
      return testSecret(c);
    case 'finishSecret':
      return finishSecret(c);
    default:
      return assertNever(step);
  }
}

const STEPS = new Set(['createSecret', 'setSecret', 'testSecret', 'finishSecret']);

/** A Rotator running the four steps of a database template; every error leaves it redacted. */
export function createDbRotator(api: RotationSecretsApi, driver: DbDriver, strategy: RotationStrategy): Rotator {
  return {
    async invoke(event) {
      const redactor = new Redactor();
      try {
        if (!STEPS.has(event.Step)) throw RotatorErrors.invalidStep(String(event.Step), event.SecretId);
        await runStep({ api, driver, strategy, redactor, event });
      } catch (e) {
        throw redactor.scrub(e);
      }
    },
  };
}
