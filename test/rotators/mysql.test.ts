import { randomBytes, randomUUID } from 'node:crypto';
import { PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RotationSecretsApi } from '../../src/app/rotation/rotator.js';
import { builtinRotator } from '../../src/app/rotation/rotators/index.js';
import { type MariadbFixture, startMariadbFixture } from '../helpers/mariadb.js';
import { sdkSecretsApi } from '../helpers/sdk-secrets-api.js';
import { type RunningServer, startServer } from '../helpers/server.js';
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

const pw = () => randomBytes(18).toString('base64url');

let db: MariadbFixture;
let srv: RunningServer;
let sm: SecretsManagerClient;
let api: RotationSecretsApi;
let DB: string;

/** A user name with a single quote, a backtick and a space (17 characters: room for _clone). */
const oddName = () => `${db.prefix}o'k \`${randomBytes(2).toString('hex')}`;

beforeAll(async () => {
  // Not a skip: MariaDB missing fails the suite, on CI as anywhere.
  db = await startMariadbFixture();
  srv = await startServer({ mode: 'dev' });
  sm = srv.client();
  api = sdkSecretsApi(sm);
  DB = `${db.prefix} app's`;
  await db.createDatabase(DB);
  await db.admin.query(`CREATE TABLE ${db.admin.escapeId(DB)}.t (x int)`);
  await db.admin.query(`INSERT INTO ${db.admin.escapeId(DB)}.t VALUES (42)`);
}, 120_000);

afterAll(async () => {
  await srv?.stop();
  await db?.cleanup();
});

async function createUser(name: string, password: string, grantSelect = true): Promise<void> {
  await db.createUser(name, password);
  if (grantSelect) await db.admin.query(`GRANT SELECT ON ${db.admin.escapeId(DB)}.* TO ?@'%'`, [name]);
}

async function selectAs(user: string, password: string): Promise<unknown> {
  const c = await mysql.createConnection({ host: db.host, port: db.port, user, password, database: DB });
  try {
    const [rows] = await c.query('SELECT x FROM t');
    return (rows as { x: number }[])[0]?.x;
  } finally {
    await c.end();
  }
}

describe('MySQL/MariaDB, single user', () => {
  const rotator = () => builtinRotator('strongroom-mysql-single-user', api)!;

  async function setUp() {
    const username = oddName();
    const password = pw();
    await createUser(username, password);
    const arn = await createJsonSecret(sm, `my/${randomUUID()}`, {
      engine: 'mysql',
      host: db.host,
      port: db.port,
      username,
      password,
      dbname: DB,
      note: 'kept',
    });
    return { username, password, arn };
  }

  it('sets a new password: AWSCURRENT logs in, the old password no longer does, other keys are kept', async () => {
    const { username, password, arn } = await setUp();
    const token = await rotate(rotator(), arn);
    expect((await stagesOf(sm, arn))[token]).toContain('AWSCURRENT');
    const current = await valueAt(sm, arn, { stage: 'AWSCURRENT' });
    expect(current).toMatchObject({ engine: 'mysql', username, dbname: DB, note: 'kept', port: db.port });
    expect(current.password).not.toBe(password);
    expect(current.password).not.toMatch(/[/@"'\\]/);
    expect(await selectAs(username, current.password)).toBe(42);
    expect(await db.canLogin(username, password)).toBe(false);
    expect((await valueAt(sm, arn, { stage: 'AWSPREVIOUS' })).password).toBe(password);
  });

  it('rotates five times in a row, each time invalidating the password before', async () => {
    const { username, password, arn } = await setUp();
    const r = rotator();
    let before = password;
    for (let i = 0; i < 5; i++) {
      await rotate(r, arn);
      const current = await valueAt(sm, arn, { stage: 'AWSCURRENT' });
      expect(await db.canLogin(username, current.password)).toBe(true);
      expect(await db.canLogin(username, before)).toBe(false);
      before = current.password;
    }
    expect(await versionCount(sm, arn)).toBe(6);
  });

  it('treats every step repeated with the same token as a no-op', async () => {
    const { username, arn } = await setUp();
    const r = rotator();
    const token = randomUUID();
    for (const step of ['createSecret', 'createSecret', 'setSecret', 'setSecret', 'testSecret', 'testSecret'] as const)
      await r.invoke(event(arn, token, step));
    const pending = await valueAt(sm, arn, { versionId: token });
    expect(await versionCount(sm, arn)).toBe(2);
    await r.invoke(event(arn, token, 'finishSecret'));
    const stages = await stagesOf(sm, arn);
    await r.invoke(event(arn, token, 'finishSecret'));
    await r.invoke(event(arn, token, 'setSecret'));
    expect(await stagesOf(sm, arn)).toEqual(stages);
    expect(await db.canLogin(username, pending.password)).toBe(true);
  });

  it('logs in with AWSPREVIOUS when AWSCURRENT no longer works (a restored database)', async () => {
    const { username, password, arn } = await setUp();
    const r = rotator();
    await rotate(r, arn);
    await db.admin.query('ALTER USER ?@? IDENTIFIED BY ?', [username, '%', password]);
    await rotate(r, arn);
    const current = await valueAt(sm, arn, { stage: 'AWSCURRENT' });
    expect(await db.canLogin(username, current.password)).toBe(true);
    expect(await db.canLogin(username, password)).toBe(false);
  });

  it('refuses a pending secret naming another host (confused deputy)', async () => {
    const { arn } = await setUp();
    const token = randomUUID();
    const current = await valueAt(sm, arn, { stage: 'AWSCURRENT' });
    await sm.send(
      new PutSecretValueCommand({
        SecretId: arn,
        ClientRequestToken: token,
        SecretString: JSON.stringify({ ...current, host: 'localhost', password: pw() }),
        VersionStages: ['AWSPENDING'],
      }),
    );
    const err = await rejection(rotator().invoke(event(arn, token, 'setSecret')));
    expect(err.message).toBe(`Attempting to modify user for host localhost other than current host ${db.host}`);
  });
});

describe('MySQL/MariaDB, alternating users', () => {
  const rotator = () => builtinRotator('strongroom-mysql-alternating-users', api)!;

  async function master(privileges = 'ALL PRIVILEGES ON *.*') {
    const username = `${db.prefix}m${randomBytes(2).toString('hex')}`;
    const password = pw();
    await db.createUser(username, password);
    await db.admin.query(`GRANT ${privileges} TO ?@'%' WITH GRANT OPTION`, [username]);
    const arn = await createJsonSecret(sm, `my/${randomUUID()}`, {
      engine: 'mariadb',
      host: db.host,
      port: String(db.port),
      username,
      password,
    });
    return { username, password, arn };
  }

  async function setUp(masterPrivileges?: string) {
    const m = await master(masterPrivileges);
    const username = oddName();
    const password = pw();
    await createUser(username, password);
    db.track(`${username}_clone`);
    const arn = await createJsonSecret(sm, `my/${randomUUID()}`, {
      engine: 'mysql',
      host: db.host,
      port: db.port,
      username,
      password,
      dbname: DB,
      masterarn: m.arn,
    });
    return { username, password, arn, master: m };
  }

  it('first rotation creates <user>_clone with the user grants; AWSCURRENT and AWSPREVIOUS both log in', async () => {
    const { username, password, arn, master: m } = await setUp();
    await db.admin.query(`GRANT INSERT ON ${db.admin.escapeId(DB)}.t TO ?@'%' WITH GRANT OPTION`, [username]);
    await rotate(rotator(), arn);
    const current = await valueAt(sm, arn, { stage: 'AWSCURRENT' });
    expect(current).toMatchObject({ username: `${username}_clone`, masterarn: m.arn, dbname: DB });
    expect(await selectAs(current.username, current.password)).toBe(42);
    expect(await db.canLogin(username, password)).toBe(true);
    const [grants] = await db.admin.query({
      sql: 'SHOW GRANTS FOR ?@?',
      values: [current.username, '%'],
      rowsAsArray: true,
    });
    const text = (grants as string[][]).map((g) => g[0]).join('\n');
    expect(text).toContain(`GRANT SELECT ON \`${DB.replaceAll('`', '``')}\`.* TO`);
    expect(text).toMatch(/GRANT INSERT ON .*`t` TO .* WITH GRANT OPTION/);
  });

  it('rotates five times, alternating users; only the user rotated two steps back loses its old password', async () => {
    const { username, arn } = await setUp();
    const r = rotator();
    const history = [await valueAt(sm, arn, { stage: 'AWSCURRENT' })];
    for (let i = 1; i <= 5; i++) {
      await rotate(r, arn);
      const current = await valueAt(sm, arn, { stage: 'AWSCURRENT' });
      const previous = await valueAt(sm, arn, { stage: 'AWSPREVIOUS' });
      history.push(current);
      expect(current.username).toBe(i % 2 === 1 ? `${username}_clone` : username);
      expect(previous).toEqual(history[i - 1]);
      expect(await selectAs(current.username, current.password)).toBe(42);
      expect(await db.canLogin(previous.username, previous.password)).toBe(true);
      const gone = history[i - 2];
      if (gone) expect(await db.canLogin(gone.username, gone.password)).toBe(false);
    }
  });

  it('treats a repeated createSecret and setSecret as no-ops', async () => {
    const { username, arn } = await setUp();
    const r = rotator();
    const token = randomUUID();
    await r.invoke(event(arn, token, 'createSecret'));
    await r.invoke(event(arn, token, 'createSecret'));
    expect(await versionCount(sm, arn)).toBe(2);
    const pending = await valueAt(sm, arn, { versionId: token });
    expect(pending.username).toBe(`${username}_clone`);
    await r.invoke(event(arn, token, 'setSecret'));
    await r.invoke(event(arn, token, 'setSecret'));
    expect(await db.canLogin(pending.username, pending.password)).toBe(true);
  });

  it('a master lacking CREATE USER fails setSecret without a password, though the driver error holds it', async () => {
    const { password, arn, master: m } = await setUp(`SELECT ON *.*`);
    const r = rotator();
    const token = randomUUID();
    await r.invoke(event(arn, token, 'createSecret'));
    const pending = await valueAt(sm, arn, { versionId: token });
    // The statement the rotator runs carries the new password in mysql2's error (err.sql).
    const asMaster = await mysql.createConnection({
      host: db.host,
      port: db.port,
      user: m.username,
      password: m.password,
    });
    const driverError = await rejection(
      asMaster.query('CREATE USER ?@? IDENTIFIED BY ?', [pending.username, '%', pending.password]),
    );
    await asMaster.end();
    expect(JSON.stringify({ ...driverError })).toContain(pending.password);

    const err = await rejection(r.invoke(event(arn, token, 'setSecret')));
    expect(err.message).toMatch(/Access denied; you need \(at least one of\) the CREATE USER privilege/);
    expect(err.name).toBe('RotatorError');
    expectNoSecrets(err, [password, pending.password, m.password]);
  });

  it('refuses a clone name over 32 characters', async () => {
    const m = await master();
    const username = `${db.prefix}${'x'.repeat(20)}`;
    const arn = await createJsonSecret(sm, `my/${randomUUID()}`, {
      engine: 'mysql',
      host: db.host,
      username,
      password: pw(),
      masterarn: m.arn,
    });
    const err = await rejection(rotator().invoke(event(arn, randomUUID(), 'createSecret')));
    expect(err.message).toBe('Unable to clone user, username length with _clone appended would exceed 32 characters');
  });
});
