import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN, type RunningServer, removeDir, startServer, tempDir } from '../helpers/server.js';
import { admin, type Creds, profileCreds, run, secrets } from './helpers.js';

/**
 * `strongroom admin` on the data directory of a running server: what it creates works at once,
 * and what it revokes stops working without a restart (the server sees the database's identity
 * generation move).
 */
let srv: RunningServer;
let work: string;

beforeAll(async () => {
  srv = await startServer();
  work = tempDir();
  await secrets(srv.endpoint, srv.credentials!).send(new CreateSecretCommand({ Name: 'app/db', SecretString: 'v1' }));
});
afterAll(async () => {
  await srv.stop();
  removeDir(srv.dataDir);
  removeDir(work);
});

async function adminFails(...args: string[]): Promise<string> {
  try {
    await admin(srv.dataDir!, ...args);
  } catch (e) {
    const err = e as { code: number; stderr: string };
    expect(err.code).toBe(1);
    return err.stderr.trim();
  }
  throw new Error('expected strongroom admin to fail');
}

/** Retries until the call is refused (the server notices another process's write within a poll). */
async function eventuallyRefused(call: () => Promise<unknown>): Promise<string> {
  for (let i = 0; i < 50; i++) {
    try {
      await call();
    } catch (e) {
      return (e as Error).name;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('still allowed');
}

describe('strongroom admin', () => {
  it('documents its commands with examples', async () => {
    const { stdout } = await run(process.execPath, [MAIN, 'admin', '--help']);
    expect(stdout).toContain('Examples:');
    for (const c of [
      'create-account',
      'create-user',
      'create-access-key',
      'put-user-policy',
      'create-role',
      'put-role-policy',
    ]) {
      expect(stdout).toContain(c);
    }
  });

  it('creates a user, its policy and key; the key works; deactivating it takes effect on the running server', async () => {
    const dir = srv.dataDir!;
    const user = JSON.parse(
      await admin(dir, 'create-user', '--user-name', 'ci', '--tags', 'Key=team,Value=build', 'env=prod'),
    );
    expect(user.User).toMatchObject({
      UserName: 'ci',
      Path: '/',
      Tags: [
        { Key: 'team', Value: 'build' },
        { Key: 'env', Value: 'prod' },
      ],
    });
    const doc = join(work, 'read.json');
    writeFileSync(
      doc,
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'secretsmanager:GetSecretValue',
            Resource: 'arn:aws:secretsmanager:*:*:secret:app/*',
          },
        ],
      }),
    );
    await admin(
      dir,
      'put-user-policy',
      '--user-name',
      'ci',
      '--policy-name',
      'read',
      '--policy-document',
      `file://${doc}`,
    );
    expect(JSON.parse(await admin(dir, 'list-user-policies', '--user-name', 'ci'))).toEqual({ PolicyNames: ['read'] });
    const keyText = await admin(dir, 'create-access-key', '--user-name', 'ci');
    expect(keyText).toMatch(/^\[ci\]\naws_access_key_id = AKIA[A-Z2-7]{16}\naws_secret_access_key = \S{40}\n$/);
    const creds: Creds = profileCreds(keyText);
    const client = secrets(srv.endpoint, creds);
    expect((await client.send(new GetSecretValueCommand({ SecretId: 'app/db' }))).SecretString).toBe('v1');

    await admin(
      dir,
      'update-access-key',
      '--user-name',
      'ci',
      '--access-key-id',
      creds.accessKeyId,
      '--status',
      'Inactive',
    );
    expect(JSON.parse(await admin(dir, 'list-access-keys', '--user-name', 'ci')).AccessKeyMetadata).toEqual([
      expect.objectContaining({ AccessKeyId: creds.accessKeyId, Status: 'Inactive' }),
    ]);
    expect(await eventuallyRefused(() => client.send(new GetSecretValueCommand({ SecretId: 'app/db' })))).toBe(
      'UnrecognizedClientException',
    );
  });

  it('creates accounts and roles, and reports refusals with their AWS code', async () => {
    const dir = srv.dataDir!;
    const acct = JSON.parse(await admin(dir, 'create-account', '--json'));
    expect(acct.accountId).toMatch(/^\d{12}$/);
    expect(acct.accessKeyId).toMatch(/^AKIA/);
    expect(JSON.parse(await admin(dir, 'list-accounts')).Accounts).toContain(acct.accountId);
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: acct.accountId }, Action: 'sts:AssumeRole' }],
    });
    const role = JSON.parse(
      await admin(
        dir,
        'create-role',
        '--role-name',
        'deployer',
        '--assume-role-policy-document',
        trust,
        '--max-session-duration',
        '7200',
      ),
    );
    expect(role.Role).toMatchObject({
      RoleName: 'deployer',
      MaxSessionDuration: 7200,
      AssumeRolePolicyDocument: JSON.parse(trust),
    });
    expect(await adminFails('get-user', '--user-name', 'ghost')).toBe(
      'strongroom: NoSuchEntity: The user with name ghost cannot be found.',
    );
    expect(await adminFails('create-role', '--role-name', 'x', '--assume-role-policy-document', '{')).toBe(
      'strongroom: MalformedPolicyDocument: This policy contains invalid Json',
    );
    // The other account's users live in that account only.
    await admin(dir, 'create-user', '--user-name', 'ci', '--account', acct.accountId);
    expect(JSON.parse(await admin(dir, 'list-users', '--account', acct.accountId)).Users).toHaveLength(1);
  });

  it('refuses a data directory without a database', async () => {
    const empty = tempDir();
    try {
      await expect(admin(empty, 'list-users')).rejects.toMatchObject({
        stderr: expect.stringContaining('no database at'),
      });
    } finally {
      removeDir(empty);
    }
  });
});
