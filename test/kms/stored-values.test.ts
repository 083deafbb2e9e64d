import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnvelope } from '../../src/crypto/envelope.js';
import { rawCall } from '../helpers/raw.js';
import { awsError, type Credentials, type RunningServer, removeDir, startServer } from '../helpers/server.js';
import { createKey, hasAwsCli } from './helpers.js';

/**
 * What is stored, read straight from the embedded database file (so this file runs on SQLite
 * only): statements 111 (a data key per version, never returned) and 112 (the encryption context
 * binds a sealed value to its version).
 */
let srv: RunningServer;
let creds: Credentials;
let sm: SecretsManagerClient;
const uniq = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;
const value = async (c: SecretsManagerClient, SecretId: string, stage?: string) =>
  (await c.send(new GetSecretValueCommand({ SecretId, VersionStage: stage }))).SecretString;
const newKey = () => createKey(srv.endpoint, creds);

describe.skipIf(!hasAwsCli)('stored ciphertext under a customer key', () => {
  beforeAll(async () => {
    srv = await startServer();
    creds = srv.credentials!;
    sm = srv.client();
  });
  afterAll(async () => {
    await srv.stop();
    removeDir(srv.dataDir);
  });

  it('111: each version has its own data key, and no response ever carries the stored ciphertext', async () => {
    const key = await newKey();
    const name = uniq('s111');
    const c = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'first', KmsKeyId: key.KeyId }));
    const p = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'second' }));
    const db = new Database(join(srv.dataDir!, 'strongroom.db'), { readonly: true, fileMustExist: true });
    const rows = db
      .prepare<[string], { version_id: string; sealed: Buffer }>(
        'SELECT v.version_id, v.sealed FROM secret_versions v JOIN secrets s ON s.id = v.secret_id WHERE s.arn = ?',
      )
      .all(c.ARN!);
    db.close();
    expect(rows.map((r) => r.version_id).sort()).toEqual([c.VersionId, p.VersionId].sort());
    const [a, b] = rows.map((r) => parseEnvelope(r.sealed));
    expect(a!.keyId).toBe(key.KeyId);
    expect(b!.keyId).toBe(key.KeyId);
    expect(a!.wrapped.equals(b!.wrapped)).toBe(false);

    const body = JSON.stringify({ SecretId: name });
    const texts = await Promise.all(
      ['GetSecretValue', 'DescribeSecret', 'ListSecretVersionIds'].map(
        async (op) => (await rawCall(srv.endpoint, op, body, { creds })).text,
      ),
    );
    texts.push((await rawCall(srv.endpoint, 'ListSecrets', '{}', { creds })).text);
    texts.push(
      (await rawCall(srv.endpoint, 'BatchGetSecretValue', JSON.stringify({ SecretIdList: [name] }), { creds })).text,
    );
    for (const r of rows) {
      const env = parseEnvelope(r.sealed);
      for (const blob of [r.sealed, env.wrapped, env.value]) {
        for (const form of [blob.toString('base64'), blob.toString('hex'), blob.subarray(0, 24).toString('base64')]) {
          for (const t of texts) expect(t.includes(form)).toBe(false);
        }
      }
    }
    expect(texts[0]).toContain('second');
    expect(texts.at(-1)).toContain('second');
  });
});

describe('112: the encryption context binds a value to its version', () => {
  let own: RunningServer;
  afterAll(async () => {
    await own?.stop();
    removeDir(own?.dataDir);
  });

  it('a sealed value moved to another version of the same secret does not open', async () => {
    own = await startServer();
    const c = own.client();
    const name = uniq('s112');
    const first = await c.send(new CreateSecretCommand({ Name: name, SecretString: 'first' }));
    const second = await c.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'second' }));
    const dataDir = own.dataDir!;
    await own.stop();
    const db = new Database(join(dataDir, 'strongroom.db'));
    const sealedOf = db.prepare<[string], { sealed: Buffer }>(
      'SELECT sealed FROM secret_versions WHERE version_id = ?',
    );
    const moved = sealedOf.get(first.VersionId!)!.sealed;
    db.prepare('UPDATE secret_versions SET sealed = ? WHERE version_id = ?').run(moved, second.VersionId!);
    db.close();
    own = await startServer({ dataDir });
    const again = own.client();
    expect(await value(again, name, 'AWSPREVIOUS')).toBe('first');
    const e = await awsError(again.send(new GetSecretValueCommand({ SecretId: name })));
    expect(e).toMatchObject({ name: 'InternalServiceError', status: 500 });
    expect(e.message).not.toContain('first');
  });
});
