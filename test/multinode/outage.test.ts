import { randomBytes, randomUUID } from 'node:crypto';
import { CreateSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { type PrivateCluster, pgToolsAvailable, startPrivateCluster } from '../helpers/pg-private-cluster.js';
import { type RunningServer, removeDir, startServer, tempDir } from '../helpers/server.js';
import { eventually, subscribeFeed } from './cluster.js';

/**
 * Two nodes whose PostgreSQL restarts under them (a private cluster, never the shared one): the
 * notices sent meanwhile are lost, so each node tells its subscribers to drop everything, and
 * hears other nodes' changes again once it has reconnected, without a restart.
 */
describe.skipIf(!pgToolsAvailable())('two nodes across a PostgreSQL restart', () => {
  it('tell their change-feed subscribers {"all":true} after the gap, then relay changes again', async () => {
    let pg: PrivateCluster | undefined;
    const nodes: RunningServer[] = [];
    const dirs = [tempDir(), tempDir()];
    try {
      pg = await startPrivateCluster();
      const env = {
        STRONGROOM_DATABASE_URL: pg.url,
        STRONGROOM_ROOT_KEY: randomBytes(32).toString('hex'),
        STRONGROOM_DB_CONNECT_TIMEOUT_MS: '2000',
        STRONGROOM_DB_STATEMENT_TIMEOUT_MS: '2000',
      };
      for (const dataDir of dirs) nodes.push(await startServer({ dataDir, env }));
      const [a, b] = nodes as [RunningServer, RunningServer];
      const feed = await subscribeFeed(b);
      try {
        pg.stop();
        pg.start();
        await eventually(async () => feed.events.some((e) => e.all === true), 30_000);
        // The pool reconnects on demand and the listener by itself: A's next change reaches B's feed.
        const token = randomUUID(); // a retry after a lost answer is then a retry, not a conflict
        const created = await eventually(() =>
          a
            .client()
            .send(new CreateSecretCommand({ Name: 'after/restart', SecretString: 'v', ClientRequestToken: token })),
        );
        await eventually(async () => feed.events.some((e) => e.arn === created.ARN), 30_000);
        expect((await b.client().send(new GetSecretValueCommand({ SecretId: 'after/restart' }))).SecretString).toBe(
          'v',
        );
        expect(b.stderr()).toMatch(/"msg":"change notifications interrupted; reconnecting"/);
        expect(b.stderr()).toMatch(/"msg":"change notifications resumed"/);
        expect(b.stderr()).not.toMatch(/\n\s+at /);
      } finally {
        feed.close();
      }
    } finally {
      await Promise.all(nodes.map((n) => n.stop()));
      pg?.destroy();
      dirs.forEach(removeDir);
    }
  });
});
