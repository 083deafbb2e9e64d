import { randomUUID } from 'node:crypto';
import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { builtinRotator } from '../../src/app/rotation/rotators/index.js';
import {
  createJsonSecret,
  event,
  expectNoSecrets,
  rejection,
  rotate,
  stagesOf,
  valueAt,
  versionCount,
} from './harness.js';
import { canLogin, createRole, DB, ident, literal, oddName, pw, storedVerifier, usePgEnv } from './pg-env.js';

const env = usePgEnv();

describe('PostgreSQL, single user', () => {
  const rotator = () => builtinRotator('strongroom-postgres-single-user', env.api)!;

  async function setUp() {
    const username = oddName('su');
    const password = pw();
    await createRole(env, username, password);
    const arn = await createJsonSecret(env.sm, `pg/${randomUUID()}`, {
      engine: 'postgres',
      host: env.cluster.host,
      port: String(env.cluster.port),
      username,
      password,
      dbname: DB,
      note: 'kept',
    });
    return { username, password, arn };
  }

  it('sets a new password: AWSCURRENT logs in, the old password no longer does, other keys are kept', async () => {
    const { username, password, arn } = await setUp();
    const first = await stagesOf(env.sm, arn);
    const token = await rotate(rotator(), arn);

    const stages = await stagesOf(env.sm, arn);
    expect(stages[token]).toContain('AWSCURRENT');
    const [oldVersion] = Object.keys(first);
    expect(stages[oldVersion!]).toEqual(['AWSPREVIOUS']);
    const current = await valueAt(env.sm, arn, { stage: 'AWSCURRENT' });
    expect(current).toMatchObject({
      engine: 'postgres',
      username,
      dbname: DB,
      note: 'kept',
      port: String(env.cluster.port),
    });
    expect(current.password).not.toBe(password);
    expect(current.password).toHaveLength(32);
    expect(current.password).not.toMatch(/[:/@"'\\]/);
    expect(await canLogin(env, username, current.password)).toBe(true);
    expect(await canLogin(env, username, password)).toBe(false);
  });

  it('rotates five times in a row, each time invalidating the password before', async () => {
    const { username, password, arn } = await setUp();
    const r = rotator();
    let before = password;
    for (let i = 0; i < 5; i++) {
      const token = await rotate(r, arn);
      const current = await valueAt(env.sm, arn, { stage: 'AWSCURRENT' });
      expect((await stagesOf(env.sm, arn))[token]).toContain('AWSCURRENT');
      expect((await valueAt(env.sm, arn, { stage: 'AWSPREVIOUS' })).password).toBe(before);
      expect(await canLogin(env, username, current.password)).toBe(true);
      expect(await canLogin(env, username, before)).toBe(false);
      before = current.password;
    }
    expect(await versionCount(env.sm, arn)).toBe(6);
  });

  it('treats every step repeated with the same token as a no-op', async () => {
    const { username, arn } = await setUp();
    const r = rotator();
    const token = randomUUID();
    await r.invoke(event(arn, token, 'createSecret'));
    const pending = await valueAt(env.sm, arn, { versionId: token });
    await r.invoke(event(arn, token, 'createSecret'));
    expect(await valueAt(env.sm, arn, { versionId: token })).toEqual(pending);
    expect(await versionCount(env.sm, arn)).toBe(2);

    await r.invoke(event(arn, token, 'setSecret'));
    const verifier = await storedVerifier(env, username);
    // A second ALTER would store a new SCRAM verifier (new random salt): it must not happen.
    await r.invoke(event(arn, token, 'setSecret'));
    expect(await storedVerifier(env, username)).toBe(verifier);

    await r.invoke(event(arn, token, 'testSecret'));
    await r.invoke(event(arn, token, 'testSecret'));
    await r.invoke(event(arn, token, 'finishSecret'));
    const stages = await stagesOf(env.sm, arn);
    await r.invoke(event(arn, token, 'finishSecret'));
    await r.invoke(event(arn, token, 'createSecret'));
    expect(await stagesOf(env.sm, arn)).toEqual(stages);
    expect(await versionCount(env.sm, arn)).toBe(2);
    expect(await canLogin(env, username, pending.password)).toBe(true);
  });

  it('logs in with AWSPREVIOUS when AWSCURRENT no longer works (a restored database)', async () => {
    const { username, password, arn } = await setUp();
    const r = rotator();
    await rotate(r, arn);
    // The database goes back to the old password, which is now AWSPREVIOUS.
    await env.cluster.query(`ALTER ROLE ${ident(username)} PASSWORD ${literal(password)}`);
    await rotate(r, arn);
    const current = await valueAt(env.sm, arn, { stage: 'AWSCURRENT' });
    expect(await canLogin(env, username, current.password)).toBe(true);
    expect(await canLogin(env, username, password)).toBe(false);
  });

  it('refuses a pending secret naming another user (confused deputy) and leaves that user alone', async () => {
    const { arn } = await setUp();
    const victim = oddName('victim');
    const victimPassword = pw();
    await createRole(env, victim, victimPassword);
    const token = randomUUID();
    const current = await valueAt(env.sm, arn, { stage: 'AWSCURRENT' });
    const planted = { ...current, username: victim, password: pw() };
    await env.sm.send(
      new PutSecretValueCommand({
        SecretId: arn,
        ClientRequestToken: token,
        SecretString: JSON.stringify(planted),
        VersionStages: ['AWSPENDING'],
      }),
    );
    const err = await rejection(rotator().invoke(event(arn, token, 'setSecret')));
    expect(err.message).toBe(`Attempting to modify user ${victim} other than current user ${current.username}`);
    expect(await canLogin(env, victim, victimPassword)).toBe(true);
  });

  it('refuses a token whose version is not AWSPENDING', async () => {
    const { arn } = await setUp();
    const token = randomUUID();
    const current = await valueAt(env.sm, arn, { stage: 'AWSCURRENT' });
    await env.sm.send(
      new PutSecretValueCommand({
        SecretId: arn,
        ClientRequestToken: token,
        SecretString: JSON.stringify(current),
        VersionStages: ['MANUAL'],
      }),
    );
    for (const step of ['createSecret', 'setSecret', 'finishSecret'] as const) {
      const err = await rejection(rotator().invoke(event(arn, token, step)));
      expect(err.message).toBe(`Secret version ${token} not set as AWSPENDING for rotation of secret ${arn}.`);
    }
  });

  it('with "ssl": true never falls back to a plain connection', async () => {
    const { username, password } = await setUp();
    const arn = await createJsonSecret(env.sm, `pg/${randomUUID()}`, {
      engine: 'postgres',
      host: env.cluster.host,
      port: env.cluster.port,
      username,
      password,
      dbname: DB,
      ssl: true,
    });
    const err = await rejection(rotate(rotator(), arn));
    expect(err.message).toMatch(/^Unable to log into database .*: The server does not support SSL connections$/);
    expect(await canLogin(env, username, password)).toBe(true);
  });

  it('fails a step without any password in the error (testSecret before setSecret)', async () => {
    const { password, arn } = await setUp();
    const r = rotator();
    const token = randomUUID();
    await r.invoke(event(arn, token, 'createSecret'));
    const pending = await valueAt(env.sm, arn, { versionId: token });
    const err = await rejection(r.invoke(event(arn, token, 'testSecret')));
    expect(err.message).toMatch(
      /^Unable to log into database with pending secret of secret ARN arn:aws:secretsmanager:.*: password authentication failed for user/,
    );
    expectNoSecrets(err, [password, pending.password]);
  });
});
