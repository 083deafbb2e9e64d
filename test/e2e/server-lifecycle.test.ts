import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
} from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { awsError, MAIN, removeDir, startServer, tempDir } from '../helpers/server.js';

const mode = (p: string) => statSync(p).mode & 0o777;

describe('first start of `strongroom server`', () => {
  it('creates the data directory with the root key and credentials, owner-only, and prints how to use them', async () => {
    const dir = join(tempDir(), 'nested', 'data');
    const srv = await startServer({ dataDir: dir });
    try {
      expect(mode(join(dir, 'root.key'))).toBe(0o600);
      expect(mode(join(dir, 'credentials'))).toBe(0o600);
      const creds = readFileSync(join(dir, 'credentials'), 'utf8');
      expect(creds).toMatch(/^\[strongroom\]\naws_access_key_id = AKIA[A-Z2-7]{16}\naws_secret_access_key = \S{40}\n$/);
      expect(srv.stdout()).toContain(
        `AWS_SHARED_CREDENTIALS_FILE=${join(dir, 'credentials')} aws --profile strongroom`,
      );
      expect(srv.stdout()).toContain('secretsmanager list-secrets');
      const health = await fetch(`${srv.endpoint}/health`);
      expect(health.status).toBe(200);
      expect((await fetch(`${srv.endpoint}/`)).status).toBe(404);
    } finally {
      await srv.stop();
      removeDir(dir);
    }
  });

  it('uses STRONGROOM_ADMIN_ACCESS_KEY_ID / _SECRET_ACCESS_KEY on first start', async () => {
    const env = {
      STRONGROOM_ADMIN_ACCESS_KEY_ID: 'AKIAEXAMPLEADMIN0001',
      STRONGROOM_ADMIN_SECRET_ACCESS_KEY: 'x'.repeat(40),
    };
    const srv = await startServer({ env });
    try {
      expect(srv.credentials).toEqual({
        accessKeyId: env.STRONGROOM_ADMIN_ACCESS_KEY_ID,
        secretAccessKey: env.STRONGROOM_ADMIN_SECRET_ACCESS_KEY,
      });
      await srv.client().send(new ListSecretsCommand({}));
    } finally {
      await srv.stop();
      removeDir(srv.dataDir);
    }
  });

  it('refuses unknown keys and wrong secrets with AWS errors', async () => {
    const srv = await startServer();
    try {
      const unknown = srv.client({ accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x'.repeat(40) });
      expect(await awsError(unknown.send(new ListSecretsCommand({})))).toMatchObject({
        name: 'UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
        status: 400,
      });
      const wrong = srv.client({ accessKeyId: srv.credentials!.accessKeyId, secretAccessKey: 'y'.repeat(40) });
      const e = await awsError(wrong.send(new ListSecretsCommand({})));
      expect(e.name).toBe('InvalidSignatureException');
      expect(e.message).toContain('The request signature we calculated does not match the signature you provided.');
    } finally {
      await srv.stop();
      removeDir(srv.dataDir);
    }
  });
});

describe('durability and encryption at rest', () => {
  it('keeps secrets across a restart and never writes the plaintext to any file', async () => {
    const canary = `canary-${randomUUID()}`;
    const dir = tempDir();
    let srv = await startServer({ dataDir: dir });
    await srv.client().send(new CreateSecretCommand({ Name: 'persist/me', SecretString: canary }));
    await srv.client().send(new CreateSecretCommand({ Name: 'persist/bin', SecretBinary: Buffer.from(canary) }));
    expect(await srv.stop()).toBe(0);
    for (const f of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, f));
      expect(bytes.includes(Buffer.from(canary)), `plaintext found in ${f}`).toBe(false);
      expect(bytes.includes(Buffer.from(canary).toString('base64')), `base64 plaintext found in ${f}`).toBe(false);
    }
    srv = await startServer({ dataDir: dir });
    try {
      const g = await srv.client().send(new GetSecretValueCommand({ SecretId: 'persist/me' }));
      expect(g.SecretString).toBe(canary);
    } finally {
      await srv.stop();
      removeDir(dir);
    }
  });

  it('loses no acknowledged write when killed with SIGKILL', async () => {
    const dir = tempDir();
    let srv = await startServer({ dataDir: dir });
    const sm = srv.client();
    await sm.send(new CreateSecretCommand({ Name: 'durable', SecretString: '0' }));
    const acked: string[] = [];
    for (let i = 1; i <= 40; i++) {
      const r = await sm.send(new PutSecretValueCommand({ SecretId: 'durable', SecretString: String(i) }));
      acked.push(r.VersionId!);
    }
    expect(await srv.stop('SIGKILL')).toBe('SIGKILL');
    srv = await startServer({ dataDir: dir });
    try {
      const sm2 = srv.client();
      const current = await sm2.send(new GetSecretValueCommand({ SecretId: 'durable' }));
      expect(current.SecretString).toBe('40');
      const prev = await sm2.send(new GetSecretValueCommand({ SecretId: 'durable', VersionStage: 'AWSPREVIOUS' }));
      expect(prev.VersionId).toBe(acked[38]);
    } finally {
      await srv.stop();
      removeDir(dir);
    }
  });

  it('refuses to start with a different root key than the database was written with', async () => {
    const dir = tempDir();
    const srv = await startServer({ dataDir: dir });
    await srv.stop();
    writeFileSync(join(dir, 'other.key'), 'ab'.repeat(32));
    const r = spawn(process.execPath, [
      MAIN,
      'server',
      '--port',
      '0',
      '--data-dir',
      dir,
      '--root-key-file',
      join(dir, 'other.key'),
    ]);
    let err = '';
    r.stderr.on('data', (c) => {
      err += c;
    });
    const code = await new Promise((ok) => r.on('exit', ok));
    expect(code).toBe(1);
    expect(err).toContain('root key does not match');
    removeDir(dir);
  });
});

describe('exposure, TLS and shutdown', () => {
  it('refuses a non-loopback --host without TLS unless --insecure-http', () => {
    let out = '';
    try {
      execFileSync(process.execPath, [MAIN, 'server', '--host', '0.0.0.0', '--port', '0', '--data-dir', tempDir()], {
        stdio: 'pipe',
      });
    } catch (e) {
      out = String((e as { stderr: Buffer }).stderr);
    }
    expect(out).toContain('refusing to listen on non-loopback address 0.0.0.0 without TLS');
  });

  it('serves HTTPS with --tls-cert/--tls-key', async () => {
    const dir = tempDir();
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        join(dir, 'k.pem'),
        '-out',
        join(dir, 'c.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    const srv = await startServer({ args: ['--tls-cert', join(dir, 'c.pem'), '--tls-key', join(dir, 'k.pem')] });
    try {
      expect(srv.endpoint.startsWith('https://')).toBe(true);
      const out = execFileSync('curl', ['-sk', `${srv.endpoint}/health`]).toString();
      expect(JSON.parse(out)).toEqual({ status: 'ok' });
    } finally {
      await srv.stop();
      removeDir(srv.dataDir);
      removeDir(dir);
    }
  });

  it('drains in-flight requests on SIGTERM and exits 0', async () => {
    const srv = await startServer();
    const sm = srv.client();
    await sm.send(new CreateSecretCommand({ Name: 'drain', SecretString: 'x' }));
    const inflight = Array.from({ length: 20 }, (_, i) =>
      sm.send(new PutSecretValueCommand({ SecretId: 'drain', SecretString: String(i) })),
    );
    const exit = srv.stop('SIGTERM');
    const results = await Promise.allSettled(inflight);
    expect(await exit).toBe(0);
    // Requests the server had accepted completed; none got a 5xx.
    for (const r of results) if (r.status === 'rejected') expect(String(r.reason)).not.toMatch(/InternalServiceError/);
    removeDir(srv.dataDir);
  });
});

describe('strongroom dev', () => {
  // Start-up time is measured by `npm run bench`, not asserted here (shared machines are noisy).
  it('accepts any credentials, and a 12-digit key id selects the account', async () => {
    const srv = await startServer({ mode: 'dev' });
    try {
      const sm = srv.client({ accessKeyId: '123456789012', secretAccessKey: 'anything' });
      const c = await sm.send(new CreateSecretCommand({ Name: 'dev/one', SecretString: 'v' }));
      expect(c.ARN).toContain(':123456789012:secret:dev/one-');
      const other = srv.client({ accessKeyId: 'whatever', secretAccessKey: 'x' });
      const c2 = await other.send(new CreateSecretCommand({ Name: 'dev/one', SecretString: 'v' }));
      expect(c2.ARN).toContain(':000000000000:secret:dev/one-');
    } finally {
      await srv.stop();
    }
  });
});
