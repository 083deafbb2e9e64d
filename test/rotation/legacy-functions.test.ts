import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { CreateSecretCommand, DescribeSecretCommand, RotateSecretCommand } from '@aws-sdk/client-secrets-manager';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSecretAccessKey, sealSecretKey } from '../../src/auth/access-keys.js';
import { buildRuntime, type Runtime } from '../../src/compose.js';
import { loadConfig } from '../../src/config/config.js';
import { loadOrCreateRootKey } from '../../src/crypto/root-key.js';
import { MIGRATIONS, migrate } from '../../src/storage/sqlite/migrations.js';
import { awsError, removeDir, tempDir } from '../helpers/server.js';
import { secrets } from '../iam/helpers.js';
import { waitFor } from './helpers.js';

/**
 * A handler function registered before execution roles ran with a long-lived key of its own,
 * administrator-equivalent in its account. Migration 7 deletes that key and keeps the function
 * without a role: it can no longer be invoked, and says how to register it again.
 */
const ACCOUNT = '111122223333';
const FN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:legacy`;
const OLD_KEY = 'AKIALEGACYFUNCTION00';
let dir: string;
let rt: Runtime;
let endpoint: string;
let oldSecret: string;

beforeAll(async () => {
  dir = tempDir();
  const { key } = await loadOrCreateRootKey(dir);
  oldSecret = newSecretAccessKey();
  // The database as the previous release left it: schema 6, the function and its key.
  const db = new Database(join(dir, 'strongroom.db'));
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 6),
  );
  db.prepare("INSERT INTO meta (key, value) VALUES ('default_account_id', ?)").run(ACCOUNT);
  db.prepare(
    `INSERT INTO rotation_functions (arn, account_id, region, name, kind, target, handler, timeout_ms, access_key_id, created_at)
     VALUES (?, ?, 'us-east-1', 'legacy', 'node', ?, 'handler', 30000, ?, 0)`,
  ).run(FN, ACCOUNT, resolve(import.meta.dirname, 'fixtures/rotate-node.mjs'), OLD_KEY);
  db.prepare(
    `INSERT INTO access_keys (access_key_id, account_id, principal_arn, user_name, sealed_secret, status, created_at)
     VALUES (?, ?, ?, 'admin', ?, 'Active', 0)`,
  ).run(
    OLD_KEY,
    ACCOUNT,
    `arn:aws:iam::${ACCOUNT}:role/strongroom-rotation-legacy`,
    sealSecretKey(key, OLD_KEY, oldSecret),
  );
  db.close();

  const env = { STRONGROOM_ROTATION_TICK_MS: '200' };
  rt = await buildRuntime(loadConfig('server', { dataDir: dir, port: '0', logLevel: 'error' }, env));
  await new Promise<void>((ok) => rt.server.listen(0, '127.0.0.1', ok));
  endpoint = `http://127.0.0.1:${(rt.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((ok) => rt?.server.close(ok));
  await rt?.close();
  removeDir(dir);
});

describe('handler functions registered before execution roles', () => {
  it('lose their administrator key with migration 7', async () => {
    expect(await rt.store.findAccessKey(OLD_KEY)).toBeUndefined();
    const old = secrets(endpoint, { accessKeyId: OLD_KEY, secretAccessKey: oldSecret });
    expect((await awsError(old.send(new DescribeSecretCommand({ SecretId: 'anything' })))).name).toBe(
      'UnrecognizedClientException',
    );
    const fn = await rt.store.findRotationFunction(FN);
    expect(fn).toMatchObject({ arn: FN, kind: 'node', handler: 'handler' });
    expect(fn?.roleArn).toBeUndefined();
  });

  it('fail each invocation with a message saying how to register them again', async () => {
    const sm = secrets(endpoint, { accessKeyId: rt.admin!.accessKeyId, secretAccessKey: rt.admin!.secretAccessKey });
    const arn = (await sm.send(new CreateSecretCommand({ Name: 'legacy/app', SecretString: 'before' }))).ARN!;
    await sm.send(new RotateSecretCommand({ SecretId: arn, RotationLambdaARN: FN }));
    const secretId = (await rt.store.findByArn(arn))!.id;
    const error = await waitFor(async () => (await rt.store.listRotationRuns(secretId, 1))[0]?.lastError, 30_000);
    expect(error).toBe(
      `createSecret: ExecutionRoleError: ${FN} has no execution role: register it again with \`strongroom functions add legacy --role <role ARN>\``,
    );
  });
});
