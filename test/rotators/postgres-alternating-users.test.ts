import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { builtinRotator } from '../../src/app/rotation/rotators/index.js';
import { createJsonSecret, event, expectNoSecrets, rejection, rotate, valueAt, versionCount } from './harness.js';
import { canLogin, createRole, DB, ident, oddName, pw, storedVerifier, usePgEnv } from './pg-env.js';

const env = usePgEnv();

describe('PostgreSQL, alternating users', () => {
  const rotator = () => builtinRotator('strongroom-postgres-alternating-users', env.api)!;

  async function master(options = 'LOGIN CREATEROLE') {
    const username = oddName('master');
    const password = pw();
    await createRole(env, username, password, options);
    const arn = await createJsonSecret(env.sm, `pg/${randomUUID()}`, {
      engine: 'postgres',
      host: env.cluster.host,
      port: env.cluster.port,
      username,
      password,
    });
    return { username, password, arn };
  }

  async function setUp(masterOptions?: string) {
    const m = await master(masterOptions);
    const username = oddName('alt');
    const password = pw();
    await createRole(env, username, password);
    const table = `t ${randomBytes(3).toString('hex')}`;
    await env.cluster.query(`CREATE TABLE ${ident(table)} (x int)`, [], DB);
    await env.cluster.query(`INSERT INTO ${ident(table)} VALUES (42)`, [], DB);
    await env.cluster.query(`GRANT SELECT ON ${ident(table)} TO ${ident(username)}`, [], DB);
    const arn = await createJsonSecret(env.sm, `pg/${randomUUID()}`, {
      engine: 'postgres',
      host: env.cluster.host,
      port: env.cluster.port,
      username,
      password,
      dbname: DB,
      masterarn: m.arn,
    });
    return { username, password, arn, table, master: m };
  }

  async function selectAs(user: string, password: string, table: string): Promise<unknown> {
    const c = await env.cluster.connect({ user, password, database: DB });
    try {
      return (await c.query(`SELECT x FROM ${ident(table)}`)).rows[0]?.x;
    } finally {
      await c.end();
    }
  }

  it('first rotation creates <user>_clone with the user rights; AWSCURRENT and AWSPREVIOUS both log in', async () => {
    const { username, password, arn, table, master: m } = await setUp();
    await rotate(rotator(), arn);
    const current = await valueAt(env.sm, arn, { stage: 'AWSCURRENT' });
    expect(current).toMatchObject({ username: `${username}_clone`, masterarn: m.arn, dbname: DB });
    expect(await selectAs(current.username, current.password, table)).toBe(42);
    const previous = await valueAt(env.sm, arn, { stage: 'AWSPREVIOUS' });
    expect(previous).toMatchObject({ username, password });
    expect(await canLogin(env, username, password)).toBe(true);
    expect(await canLogin(env, m.username, m.password)).toBe(true);
  });

  it('rotates five times, alternating users; only the user rotated two steps back loses its old password', async () => {
    const { username, arn, table } = await setUp();
    const r = rotator();
    const history = [await valueAt(env.sm, arn, { stage: 'AWSCURRENT' })];
    for (let i = 1; i <= 5; i++) {
      await rotate(r, arn);
      const current = await valueAt(env.sm, arn, { stage: 'AWSCURRENT' });
      const previous = await valueAt(env.sm, arn, { stage: 'AWSPREVIOUS' });
      history.push(current);
      expect(current.username).toBe(i % 2 === 1 ? `${username}_clone` : username);
      expect(previous).toEqual(history[i - 1]);
      expect(await selectAs(current.username, current.password, table)).toBe(42);
      expect(await canLogin(env, previous.username, previous.password)).toBe(true);
      const gone = history[i - 2];
      if (gone) expect(await canLogin(env, gone.username, gone.password)).toBe(false);
    }
  });

  it('treats a repeated createSecret and setSecret as no-ops', async () => {
    const { username, arn } = await setUp();
    const r = rotator();
    const token = randomUUID();
    await r.invoke(event(arn, token, 'createSecret'));
    await r.invoke(event(arn, token, 'createSecret'));
    expect(await versionCount(env.sm, arn)).toBe(2);
    await r.invoke(event(arn, token, 'setSecret'));
    const verifier = await storedVerifier(env, `${username}_clone`);
    await r.invoke(event(arn, token, 'setSecret'));
    expect(await storedVerifier(env, `${username}_clone`)).toBe(verifier);
  });

  it('needs masterarn, and says so', async () => {
    const username = oddName('nomaster');
    const password = pw();
    await createRole(env, username, password);
    const arn = await createJsonSecret(env.sm, `pg/${randomUUID()}`, {
      engine: 'postgres',
      host: env.cluster.host,
      port: env.cluster.port,
      username,
      password,
    });
    const err = await rejection(rotate(rotator(), arn));
    expect(err.message).toBe('masterarn key is missing from secret JSON');
  });

  it('refuses to change the master user itself', async () => {
    const m = await master();
    await createRole(env, `${m.username}_clone`, 'clone-pass-1');
    const arn = await createJsonSecret(env.sm, `pg/${randomUUID()}`, {
      engine: 'postgres',
      host: env.cluster.host,
      port: env.cluster.port,
      username: `${m.username}_clone`,
      password: 'clone-pass-1',
      masterarn: m.arn,
    });
    const err = await rejection(rotate(rotator(), arn));
    expect(err.message).toBe(`Refusing to modify user ${m.username}: it is the user of the master secret`);
    expect(await canLogin(env, m.username, m.password)).toBe(true);
  });

  it('a master without CREATEROLE fails setSecret with the server reason and no password', async () => {
    const { password, arn, master: m } = await setUp('LOGIN');
    const r = rotator();
    const token = randomUUID();
    await r.invoke(event(arn, token, 'createSecret'));
    const pending = await valueAt(env.sm, arn, { versionId: token });
    const err = await rejection(r.invoke(event(arn, token, 'setSecret')));
    expect(err.message).toMatch(/permission denied to create role/);
    expectNoSecrets(err, [password, pending.password, m.password]);
  });
});
