import type { RotationEvent, RotationSecretsApi } from '../rotator.js';
import type { DbDriver } from './db-driver.js';
import { type DbSecret, parseDbSecret } from './db-secret.js';
import type { Redactor } from './redact.js';

export type RotationStrategy = 'single-user' | 'alternating-users';

/** What one step works with: the API, the engine's driver and the redactor of this invocation. */
export type StepContext = {
  api: RotationSecretsApi;
  driver: DbDriver;
  strategy: RotationStrategy;
  redactor: Redactor;
  event: RotationEvent;
};

/** The contract throws a ServiceError; an SDK-backed API may throw the SDK's error (`name`). */
const isNotFound = (e: unknown) => {
  const x = e as { code?: unknown; name?: unknown } | null;
  return x?.code === 'ResourceNotFoundException' || x?.name === 'ResourceNotFoundException';
};

function parse(c: StepContext, text: string | undefined, what: string): DbSecret {
  const s = parseDbSecret(text, c.driver.family, what);
  c.redactor.add(s.password.reveal());
  return s;
}

/** Reads and validates one version of a database secret, remembering its password for redaction. */
export async function readDbSecret(
  c: StepContext,
  secretId: string,
  q: { versionId?: string; versionStage: string },
  what: string,
): Promise<DbSecret> {
  return parse(c, (await c.api.getSecretValue(secretId, q)).secretString, what);
}

/** Like readDbSecret, but undefined when the version does not exist or has no value yet. */
export async function tryReadDbSecret(
  c: StepContext,
  secretId: string,
  q: { versionId?: string; versionStage: string },
  what: string,
): Promise<DbSecret | undefined> {
  let text: string | undefined;
  try {
    text = (await c.api.getSecretValue(secretId, q)).secretString;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
  return text === undefined ? undefined : parse(c, text, what);
}
