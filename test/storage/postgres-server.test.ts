import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, pgAvailable, type TestDatabase } from '../helpers/pg-database.js';
import { removeDir, startServer, tempDir } from '../helpers/server.js';

/** The real server (dist/, run `npm run build` first) with `--database`, driven by the AWS SDK. */
const available = await pgAvailable();

describe.skipIf(!available)('strongroom server --database postgres://…', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  it('serves the API from PostgreSQL and keeps its data across a restart', async () => {
    await db.reset();
    const dataDir = tempDir();
    try {
      const first = await startServer({ dataDir, args: ['--database', db.url] });
      try {
        const sm = first.client();
        await sm.send(new CreateSecretCommand({ Name: 'app/db', SecretString: '{"password":"pg-1"}' }));
        const got = await sm.send(new GetSecretValueCommand({ SecretId: 'app/db' }));
        expect(got.SecretString).toBe('{"password":"pg-1"}');
        expect((await fetch(`${first.endpoint}/ready`)).status).toBe(200);
      } finally {
        expect(await first.stop()).toBe(0);
      }
      // No SQLite file: the data dir holds only the root key and the credentials.
      expect(existsSync(join(dataDir, 'strongroom.db'))).toBe(false);
      expect(existsSync(join(dataDir, 'root.key'))).toBe(true);

      const second = await startServer({ dataDir, args: ['--database', db.url] });
      try {
        expect(second.credentials?.accessKeyId).toBe(first.credentials?.accessKeyId);
        expect(second.credentials?.secretAccessKey).toBe(first.credentials?.secretAccessKey);
        const sm = second.client();
        expect((await sm.send(new GetSecretValueCommand({ SecretId: 'app/db' }))).SecretString).toBe(
          '{"password":"pg-1"}',
        );
        await sm.send(new PutSecretValueCommand({ SecretId: 'app/db', SecretString: 'v2' }));
        const prev = await sm.send(new GetSecretValueCommand({ SecretId: 'app/db', VersionStage: 'AWSPREVIOUS' }));
        expect(prev.SecretString).toBe('{"password":"pg-1"}');
      } finally {
        await second.stop();
      }
    } finally {
      removeDir(dataDir);
    }
  });

  it('lets nodes started together on an empty database share one root key, one administrator and the data', async () => {
    await db.reset();
    const env = { STRONGROOM_ROOT_KEY: randomBytes(32).toString('hex'), STRONGROOM_DATABASE_URL: db.url };
    const dirs = [tempDir(), tempDir()];
    const nodes = await Promise.all(dirs.map((dataDir) => startServer({ dataDir, env })));
    try {
      const [a, b] = nodes;
      expect(a!.credentials?.accessKeyId).toBe(b!.credentials?.accessKeyId);
      expect(a!.credentials?.secretAccessKey).toBe(b!.credentials?.secretAccessKey);
      // STRONGROOM_ROOT_KEY given: no root key file is written.
      for (const dir of dirs) expect(existsSync(join(dir, 'root.key'))).toBe(false);
      expect(readFileSync(join(dirs[0]!, 'credentials'), 'utf8')).toBe(
        readFileSync(join(dirs[1]!, 'credentials'), 'utf8'),
      );
      await a!.client().send(new CreateSecretCommand({ Name: 'shared', SecretString: 'written-by-a' }));
      const got = await b!.client().send(new GetSecretValueCommand({ SecretId: 'shared' }));
      expect(got.SecretString).toBe('written-by-a');

      // A node with another root key refuses to start rather than write what others cannot read.
      const wrongKey = { ...env, STRONGROOM_ROOT_KEY: randomBytes(32).toString('hex') };
      const refused = startServer({ dataDir: tempDir(), env: wrongKey });
      await expect(refused).rejects.toThrow(/root key does not match/);
    } finally {
      await Promise.all(nodes.map((n) => n.stop()));
      dirs.forEach(removeDir);
    }
  });
});
