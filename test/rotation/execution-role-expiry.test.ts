import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  RotateSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerFunction } from '../../src/cli/functions-register.js';
import { buildRuntime, type Runtime } from '../../src/compose.js';
import { loadConfig } from '../../src/config/config.js';
import { loadOrCreateRootKey } from '../../src/crypto/root-key.js';
import { manualClock } from '../../src/lib/clock.js';
import { awsError, removeDir, tempDir } from '../helpers/server.js';
import type { Creds } from '../iam/helpers.js';
import { createRole, waitFor } from './helpers.js';

/**
 * The credentials a handler function is given expire: its step timeout plus 30 seconds after they
 * were issued. Time must pass for that, so this is the real server (buildRuntime, as `strongroom
 * server` runs it) on a clock the test moves, and a real Python child process; clients sign with
 * the same offset so that only the session expires, not the signatures.
 */
const FIXTURES = resolve(import.meta.dirname, 'fixtures');
const TIMEOUT_MS = 10_000;
const clock = manualClock(Date.now());
let rt: Runtime;
let endpoint: string;
let dir: string;
let root: Creds;

const client = (creds: Creds, offset = 0) =>
  new SecretsManagerClient({
    endpoint,
    region: 'us-east-1',
    credentials: creds,
    maxAttempts: 1,
    systemClockOffset: offset,
  });

beforeAll(async () => {
  dir = tempDir();
  const env = { STRONGROOM_ROTATION_TICK_MS: '200', STRONGROOM_ROTATION_MAX_ATTEMPTS: '1' };
  rt = await buildRuntime(loadConfig('server', { dataDir: dir, port: '0', logLevel: 'error' }, env), clock);
  await new Promise<void>((ok) => rt.server.listen(0, '127.0.0.1', ok));
  endpoint = `http://127.0.0.1:${(rt.server.address() as AddressInfo).port}`;
  root = { accessKeyId: rt.admin!.accessKeyId, secretAccessKey: rt.admin!.secretAccessKey };
});
afterAll(async () => {
  await new Promise((ok) => rt.server.close(ok));
  await rt.close();
  removeDir(dir);
});

describe('execution-role credentials of a handler function', () => {
  it('last the step timeout plus 30 seconds from the invocation, then are refused as expired', async () => {
    const account = rt.admin!.accountId;
    const role = await createRole({ endpoint, credentials: root }, 'expiring-exec');
    // The role check of `strongroom functions add` is covered by e2e-execution-roles.test.ts.
    const { arn: fnArn } = await registerFunction(
      rt.store,
      (await loadOrCreateRootKey(dir)).key,
      {
        name: 'expiring',
        kind: 'python',
        target: resolve(FIXTURES, 'whoami.py'),
        timeoutMs: TIMEOUT_MS,
        accountId: account,
        region: 'us-east-1',
        roleArn: role,
      },
      clock.now(),
      async () => {},
    );
    const sm = client(root);
    const arn = (await sm.send(new CreateSecretCommand({ Name: `expiry/${randomUUID()}`, SecretString: 'before' })))
      .ARN!;
    const issuedAt = clock.now(); // frozen: every session of this rotation is issued now
    const { VersionId: token } = await sm.send(
      new RotateSecretCommand({
        SecretId: arn,
        RotationLambdaARN: fnArn,
        RotationRules: { AutomaticallyAfterDays: 7 },
      }),
    );
    await waitFor(
      async () => (await sm.send(new GetSecretValueCommand({ SecretId: arn }))).VersionId === token,
      60_000,
    );
    const seen = JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString!) as Record<
      string,
      string
    >;
    expect(seen.caller).toBe(`arn:aws:sts::${account}:assumed-role/expiring-exec/expiring`);
    expect(seen.accessKeyId).toMatch(/^ASIA/);
    const session: Creds = {
      accessKeyId: seen.accessKeyId!,
      secretAccessKey: seen.secretAccessKey!,
      sessionToken: seen.sessionToken!,
    };

    const expiresAt = Math.floor(issuedAt / 1000) * 1000 + TIMEOUT_MS + 30_000;
    const at = (t: number) => {
      clock.set(t);
      return client(session, t - issuedAt).send(new DescribeSecretCommand({ SecretId: arn }));
    };
    expect((await at(issuedAt)).ARN).toBe(arn);
    expect((await at(expiresAt - 1)).ARN).toBe(arn);
    expect(await awsError(at(expiresAt))).toEqual({
      name: 'ExpiredTokenException',
      message: 'The security token included in the request is expired',
      status: 400,
    });
  });
});
