import type { AddressInfo } from 'node:net';
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRuntime, type Runtime } from '../../src/compose.js';
import { loadConfig } from '../../src/config/config.js';
import { manualClock } from '../../src/lib/clock.js';
import { awsError, removeDir, tempDir } from '../helpers/server.js';
import { assumeRole, type Creds, policy, query, xmlText } from './helpers.js';

/**
 * Session expiry needs time to pass: the real server (buildRuntime, as `strongroom server` runs
 * it) on a clock the test moves. Clients sign with the same offset (the SDK's systemClockOffset),
 * so only the session expires, not the signatures.
 */
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
  rt = await buildRuntime(loadConfig('server', { dataDir: dir, port: '0', logLevel: 'error' }, {}), clock);
  await new Promise<void>((ok) => rt.server.listen(0, '127.0.0.1', ok));
  endpoint = `http://127.0.0.1:${(rt.server.address() as AddressInfo).port}`;
  root = { accessKeyId: rt.admin!.accessKeyId, secretAccessKey: rt.admin!.secretAccessKey };
});
afterAll(async () => {
  await new Promise((ok) => rt.server.close(ok));
  await rt.close();
  removeDir(dir);
});

describe('temporary credentials expire', () => {
  it('refuses an expired session token with ExpiredTokenException (JSON) and ExpiredToken (query)', async () => {
    const account = rt.admin!.accountId;
    await client(root).send(new CreateSecretCommand({ Name: 'app/db', SecretString: 'v' }));
    const trust = policy({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${account}:root` },
      Action: 'sts:AssumeRole',
    });
    await query(endpoint, root, 'iam', 'CreateRole', {
      RoleName: 'r',
      AssumeRolePolicyDocument: JSON.stringify(trust),
    });
    const read = policy({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' });
    await query(endpoint, root, 'iam', 'PutRolePolicy', {
      RoleName: 'r',
      PolicyName: 'p',
      PolicyDocument: JSON.stringify(read),
    });
    const session = await assumeRole(endpoint, root, {
      RoleArn: `arn:aws:iam::${account}:role/r`,
      RoleSessionName: 'short',
      DurationSeconds: 900,
    });
    expect(session.expiration.getTime()).toBe(Math.floor((clock.now() + 900_000) / 1000) * 1000);
    expect((await client(session).send(new GetSecretValueCommand({ SecretId: 'app/db' }))).SecretString).toBe('v');

    // One second before the end the session still works; at the end it does not.
    clock.advance(899_000);
    expect((await client(session, 899_000).send(new GetSecretValueCommand({ SecretId: 'app/db' }))).SecretString).toBe(
      'v',
    );
    clock.advance(1_000);
    expect(await awsError(client(session, 900_000).send(new GetSecretValueCommand({ SecretId: 'app/db' })))).toEqual({
      name: 'ExpiredTokenException',
      message: 'The security token included in the request is expired',
      status: 400,
    });
    const sts = await query(endpoint, session, 'sts', 'GetCallerIdentity', {}, Date.now() + 900_000);
    expect([sts.status, xmlText(sts.text, 'Code'), xmlText(sts.text, 'Message')]).toEqual([
      403,
      'ExpiredToken',
      'The security token included in the request is expired',
    ]);
    // Long-term keys are unaffected by the passing time.
    expect((await client(root, 900_000).send(new GetSecretValueCommand({ SecretId: 'app/db' }))).SecretString).toBe(
      'v',
    );
  });
});
