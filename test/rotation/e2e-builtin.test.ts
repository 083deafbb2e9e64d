import { randomBytes } from 'node:crypto';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PgCluster, startPgCluster } from '../helpers/pg-cluster.js';
import { type RunningServer, removeDir, startServer } from '../helpers/server.js';
import { eventNames, waitFor } from './helpers.js';

/**
 * The engine and a built-in rotator together: RotateSecret names strongroom-postgres-single-user
 * (no registration, any account), the worker runs it in process through the rotation principal,
 * and the database password really changes. (The rotator itself is tested in test/rotators.)
 */
let cluster: PgCluster;
let server: RunningServer;
let sm: SecretsManagerClient;

beforeAll(async () => {
  // Not a skip: a cluster that cannot start fails the suite, on CI as anywhere.
  cluster = await startPgCluster();
  server = await startServer({ env: { STRONGROOM_ROTATION_TICK_MS: '200' } });
  sm = server.client();
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await cluster?.stop();
  removeDir(server?.dataDir);
});

async function canLogin(user: string, password: string): Promise<boolean> {
  try {
    const c = await cluster.connect({ user, password });
    await c.end();
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === '28P01') return false;
    throw e;
  }
}

describe('built-in rotators through RotateSecret', () => {
  it('rotates a PostgreSQL password with strongroom-postgres-single-user', async () => {
    const user = `app_${randomBytes(3).toString('hex')}`;
    const password = randomBytes(18).toString('base64url');
    await cluster.query(`CREATE ROLE ${pg.escapeIdentifier(user)} LOGIN PASSWORD ${pg.escapeLiteral(password)}`);
    const secret = { engine: 'postgres', host: cluster.host, port: cluster.port, username: user, password };
    const arn = (await sm.send(new CreateSecretCommand({ Name: 'builtin/pg', SecretString: JSON.stringify(secret) })))
      .ARN!;
    const r = await sm.send(
      new RotateSecretCommand({
        SecretId: arn,
        RotationLambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:strongroom-postgres-single-user',
        RotationRules: { AutomaticallyAfterDays: 30 },
      }),
    );
    await waitFor(() =>
      eventNames(server, r.VersionId).some((n) => n === 'RotationSucceeded' || n === 'RotationFailed'),
    );
    expect(eventNames(server, r.VersionId)).toEqual(['RotationStarted', 'RotationSucceeded']);
    const now = JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString!);
    expect(now.password).not.toBe(password);
    expect(await canLogin(user, now.password)).toBe(true);
    expect(await canLogin(user, password)).toBe(false);
    const d = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
    expect(d.VersionIdsToStages?.[r.VersionId!]).toEqual(['AWSCURRENT']);
    expect(server.stderr()).not.toContain(now.password);
    expect(server.stderr()).not.toContain(password);
  });
});
