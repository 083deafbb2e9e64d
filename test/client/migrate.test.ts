import { spawn } from 'node:child_process';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN, type RunningServer, startServer } from '../helpers/server.js';

let a: RunningServer;
let b: RunningServer;
let smA: SecretsManagerClient;
let smB: SecretsManagerClient;
const creds = { accessKeyId: '111122223333', secretAccessKey: 'x' };
const env = {
  PATH: process.env.PATH,
  AWS_ACCESS_KEY_ID: creds.accessKeyId,
  AWS_SECRET_ACCESS_KEY: 'x',
  AWS_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
};

const migrate = (...extra: string[]) =>
  new Promise<{ code: number; report: Record<string, unknown> }>((ok) => {
    const p = spawn(
      process.execPath,
      [MAIN, 'migrate', '--from', a.endpoint, '--to', b.endpoint, '--filter', 'name=mig/', ...extra],
      { env },
    );
    let out = '';
    p.stdout.on('data', (c) => (out += c));
    p.on('exit', (code) => ok({ code: code ?? -1, report: JSON.parse(out) }));
  });

beforeAll(async () => {
  [a, b] = await Promise.all([startServer({ mode: 'dev' }), startServer({ mode: 'dev' })]);
  smA = a.client(creds);
  smB = b.client(creds);
  await smA.send(
    new CreateSecretCommand({
      Name: 'mig/db',
      SecretString: 'v1',
      Description: 'the db',
      Tags: [{ Key: 'team', Value: 'core' }],
    }),
  );
  await smA.send(new PutSecretValueCommand({ SecretId: 'mig/db', SecretString: 'v2' }));
  await smA.send(new PutSecretValueCommand({ SecretId: 'mig/db', SecretString: 'v3' }));
  await smA.send(new PutSecretValueCommand({ SecretId: 'mig/db', SecretString: 'canary', VersionStages: ['CANARY'] }));
  await smA.send(
    new PutResourcePolicyCommand({
      SecretId: 'mig/db',
      ResourcePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 'secretsmanager:DeleteSecret', Resource: '*' }],
      }),
    }),
  );
  await smA.send(new CreateSecretCommand({ Name: 'mig/bin', SecretBinary: Buffer.from([0, 1, 2, 255]) }));
  await smA.send(new CreateSecretCommand({ Name: 'other/skip', SecretString: 'x' }));
});
afterAll(async () => {
  await Promise.all([a.stop(), b.stop()]);
});

const labels = async (sm: SecretsManagerClient, id: string) =>
  (await sm.send(new DescribeSecretCommand({ SecretId: id }))).VersionIdsToStages;

describe('strongroom migrate', () => {
  it('writes nothing in a dry run', async () => {
    const r = await migrate('--dry-run');
    expect(r.code).toBe(0);
    expect(r.report).toMatchObject({ dryRun: true, secrets: 2, created: 0 });
    await expect(smB.send(new DescribeSecretCommand({ SecretId: 'mig/db' }))).rejects.toThrow();
  });

  it('copies labelled versions with their ids and labels, values, tags, description and policy', async () => {
    const r = await migrate();
    expect(r.code).toBe(0);
    expect(r.report).toMatchObject({ secrets: 2, created: 2, policies: 1, failures: [] });
    expect(await labels(smB, 'mig/db')).toEqual(await labels(smA, 'mig/db'));
    const d = await smB.send(new DescribeSecretCommand({ SecretId: 'mig/db' }));
    expect(d).toMatchObject({ Description: 'the db', Tags: [{ Key: 'team', Value: 'core' }] });
    expect((await smB.send(new GetSecretValueCommand({ SecretId: 'mig/db' }))).SecretString).toBe('v3');
    expect(
      (await smB.send(new GetSecretValueCommand({ SecretId: 'mig/db', VersionStage: 'AWSPREVIOUS' }))).SecretString,
    ).toBe('v2');
    expect(
      (await smB.send(new GetSecretValueCommand({ SecretId: 'mig/db', VersionStage: 'CANARY' }))).SecretString,
    ).toBe('canary');
    expect(Buffer.from((await smB.send(new GetSecretValueCommand({ SecretId: 'mig/bin' }))).SecretBinary!)).toEqual(
      Buffer.from([0, 1, 2, 255]),
    );
    expect((await smB.send(new GetResourcePolicyCommand({ SecretId: 'mig/db' }))).ResourcePolicy).toContain(
      'secretsmanager:DeleteSecret',
    );
    await expect(smB.send(new DescribeSecretCommand({ SecretId: 'other/skip' }))).rejects.toThrow();
  });

  it('is idempotent: a second run creates no version', async () => {
    const before = (await smB.send(new ListSecretVersionIdsCommand({ SecretId: 'mig/db', IncludeDeprecated: true })))
      .Versions!.length;
    const r = await migrate();
    expect(r.report).toMatchObject({ created: 0, failures: [] });
    const after = (await smB.send(new ListSecretVersionIdsCommand({ SecretId: 'mig/db', IncludeDeprecated: true })))
      .Versions!.length;
    expect(after).toBe(before);
    expect(await labels(smB, 'mig/db')).toEqual(await labels(smA, 'mig/db'));
  });
});
