import { resolve } from 'node:path';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, removeDir, startServer } from '../helpers/server.js';
import { addFunction, createRole, eventNames, eventsOf, waitFor } from './helpers.js';

/**
 * Lambda-style handler files run as child processes against a real server in server mode
 * (signatures checked): rotation code written for AWS — the JS SDK v3 (ESM and CommonJS) and
 * boto3 — runs unmodified with the endpoint, region and credentials it is given (a session of
 * its execution role, test/rotation/e2e-execution-roles.test.ts).
 */
const FIXTURES = resolve(import.meta.dirname, 'fixtures');

let server: RunningServer;
let sm: SecretsManagerClient;
let role: string;

beforeAll(async () => {
  server = await startServer({ env: { STRONGROOM_ROTATION_TICK_MS: '200', STRONGROOM_ROTATION_MAX_ATTEMPTS: '1' } });
  sm = server.client();
  role = await createRole(server, 'rotation-handlers');
});

afterAll(async () => {
  await server?.stop();
  removeDir(server?.dataDir);
});

async function rotateWith(name: string, functionArn: string) {
  const arn = (await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'before' }))).ARN!;
  const token = (
    await sm.send(
      new RotateSecretCommand({
        SecretId: arn,
        RotationLambdaARN: functionArn,
        RotationRules: { AutomaticallyAfterDays: 10 },
      }),
    )
  ).VersionId!;
  await waitFor(
    () => eventNames(server, token).some((n) => n === 'RotationSucceeded' || n === 'RotationFailed'),
    60_000,
  );
  return { arn, token };
}

describe('handler-file rotation functions', () => {
  it('runs a Node ESM handler using @aws-sdk/client-secrets-manager unmodified', async () => {
    const fn = await addFunction(server.dataDir!, 'node-rotator', [
      '--node',
      resolve(FIXTURES, 'rotate-node.mjs'),
      '--role',
      role,
    ]);
    expect(fn.roleArn).toBe(role);
    const { arn, token } = await rotateWith('handlers/node', fn.arn);
    expect(eventNames(server, token)).toEqual(['RotationStarted', 'RotationSucceeded']);
    const v = await sm.send(new GetSecretValueCommand({ SecretId: arn }));
    expect(v.VersionId).toBe(token);
    expect(JSON.parse(v.SecretString!)).toMatchObject({ rotatedBy: 'node' });
  });

  it('runs a CommonJS callback-style handler', async () => {
    const fn = await addFunction(server.dataDir!, 'cjs-rotator', [
      '--node',
      resolve(FIXTURES, 'rotate-commonjs.cjs'),
      '--role',
      role,
    ]);
    const { arn, token } = await rotateWith('handlers/cjs', fn.arn);
    expect(eventNames(server, token)).toEqual(['RotationStarted', 'RotationSucceeded']);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe('rotated-by-commonjs');
  });

  it('runs a Python handler using boto3 unmodified', async () => {
    const fn = await addFunction(server.dataDir!, 'python-rotator', [
      '--python',
      resolve(FIXTURES, 'lambda_function.py'),
      '--role',
      role,
    ]);
    const { arn, token } = await rotateWith('handlers/python', fn.arn);
    expect(eventNames(server, token)).toEqual(['RotationStarted', 'RotationSucceeded']);
    const v = await sm.send(new GetSecretValueCommand({ SecretId: arn }));
    expect(v.VersionId).toBe(token);
    expect(JSON.parse(v.SecretString!)).toMatchObject({ rotatedBy: 'python' });
    const d = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
    expect(d.LastRotatedDate).toBeInstanceOf(Date);
  });

  it('reports a handler exception as RotationFailed with its step, type and a redacted message', async () => {
    const fn = await addFunction(server.dataDir!, 'failing', [
      '--python',
      resolve(FIXTURES, 'failing.py'),
      '--role',
      role,
    ]);
    const { arn, token } = await rotateWith('handlers/failing', fn.arn);
    const failed = eventsOf(server, token).find((e) => e.eventName === 'RotationFailed')!;
    expect(failed.message).toBe('setSecret: RuntimeError: database refused the login: password=***');
    expect(server.stderr()).not.toContain('hunter2');
    const d = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
    expect(d.VersionIdsToStages?.[token]).toEqual(['AWSPENDING']);
  });
});
