import { CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { type PrivateCluster, pgToolsAvailable, startPrivateCluster } from '../helpers/pg-private-cluster.js';
import { rawCall } from '../helpers/raw.js';
import { awsError, type RunningServer, removeDir, startServer, tempDir } from '../helpers/server.js';

/**
 * A server whose PostgreSQL goes away and comes back. It runs against a private cluster that
 * the test stops and starts (never the machine's shared PostgreSQL). Needs `npm run build`.
 */
const UNAVAILABLE = {
  name: 'ServiceUnavailable',
  message: 'The service is unavailable. Please try again later.',
  status: 503,
};

const ready = async (srv: RunningServer) => (await fetch(`${srv.endpoint}/ready`)).status;

async function waitUntilReady(srv: RunningServer): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await ready(srv)) === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not become ready again after the database came back');
}

describe.skipIf(!pgToolsAvailable())('a server whose PostgreSQL goes down and comes back', () => {
  it('answers 503 ServiceUnavailable while the database is down, and recovers without a restart', async () => {
    let cluster: PrivateCluster | undefined;
    let srv: RunningServer | undefined;
    const dataDir = tempDir();
    try {
      cluster = await startPrivateCluster();
      srv = await startServer({
        dataDir,
        args: ['--database', cluster.url],
        env: { STRONGROOM_DB_CONNECT_TIMEOUT_MS: '2000', STRONGROOM_DB_STATEMENT_TIMEOUT_MS: '2000' },
      });
      const sm = srv.client();
      await sm.send(new CreateSecretCommand({ Name: 'outage/db', SecretString: 'before' }));
      expect(await ready(srv)).toBe(200);

      cluster.stop();
      // Reads and writes fail cleanly with AWS's retryable 503, and the server stays up.
      expect(await awsError(sm.send(new GetSecretValueCommand({ SecretId: 'outage/db' })))).toEqual(UNAVAILABLE);
      expect(
        await awsError(sm.send(new PutSecretValueCommand({ SecretId: 'outage/db', SecretString: 'during' }))),
      ).toEqual(UNAVAILABLE);
      const raw = await rawCall(srv.endpoint, 'GetSecretValue', '{"SecretId":"outage/db"}', {
        creds: srv.credentials,
      });
      expect(raw.status).toBe(503);
      expect(raw.json).toEqual({ __type: 'ServiceUnavailable', Message: UNAVAILABLE.message });
      expect(await ready(srv)).toBe(503);
      expect(srv.proc.exitCode).toBeNull();

      cluster.start();
      await waitUntilReady(srv);
      expect((await sm.send(new GetSecretValueCommand({ SecretId: 'outage/db' }))).SecretString).toBe('before');
      await sm.send(new PutSecretValueCommand({ SecretId: 'outage/db', SecretString: 'after' }));
      expect((await sm.send(new GetSecretValueCommand({ SecretId: 'outage/db' }))).SecretString).toBe('after');
      expect(srv.stderr()).not.toMatch(/\n\s+at /);
    } finally {
      await srv?.stop();
      cluster?.destroy();
      removeDir(dataDir);
    }
  });
});
