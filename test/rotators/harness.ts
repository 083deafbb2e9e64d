import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { expect } from 'vitest';
import type { RotationStep, Rotator } from '../../src/app/rotation/rotator.js';

export const STEPS: readonly RotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

/**
 * What the engine sends for one step. These suites drive the steps themselves, outside any engine
 * run, so there is no rotation token to prove: the server would refuse a made-up one.
 */
export const event = (arn: string, token: string, step: RotationStep) => ({
  SecretId: arn,
  ClientRequestToken: token,
  Step: step,
  RotationToken: '',
});

/** Runs the four steps in order with one token, as the engine does; returns the token. */
export async function rotate(rotator: Rotator, arn: string, token: string = randomUUID()): Promise<string> {
  for (const step of STEPS) await rotator.invoke(event(arn, token, step));
  return token;
}

export async function createJsonSecret(sm: SecretsManagerClient, name: string, value: object): Promise<string> {
  const r = await sm.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify(value) }));
  return r.ARN!;
}

export type DbCreds = { username: string; password: string } & Record<string, unknown>;

export async function valueAt(
  sm: SecretsManagerClient,
  arn: string,
  q: { stage?: string; versionId?: string },
): Promise<DbCreds> {
  const r = await sm.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: q.stage, VersionId: q.versionId }));
  return JSON.parse(r.SecretString!) as DbCreds;
}

export async function stagesOf(sm: SecretsManagerClient, arn: string): Promise<Record<string, string[]>> {
  return (await sm.send(new DescribeSecretCommand({ SecretId: arn }))).VersionIdsToStages ?? {};
}

export async function versionCount(sm: SecretsManagerClient, arn: string): Promise<number> {
  return (await sm.send(new ListSecretVersionIdsCommand({ SecretId: arn, IncludeDeprecated: true }))).Versions!.length;
}

/** The rejection of `p` (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the step to fail');
}

/** Every way an error can be printed or serialised: none may contain a password. */
export function expectNoSecrets(err: Error, secrets: string[]): void {
  const renderings = [
    err.message,
    String(err),
    err.stack ?? '',
    JSON.stringify(err),
    inspect(err, { depth: 10, showHidden: true }),
  ];
  for (const s of secrets) {
    expect(s.length).toBeGreaterThan(0);
    for (const r of renderings) expect(r).not.toContain(s);
  }
}
