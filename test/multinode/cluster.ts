import { randomBytes } from 'node:crypto';
import { signRequest } from '../../src/sigv4/index.js';
import type { Store } from '../../src/storage/ports.js';
import { openPostgresStore } from '../../src/storage/postgres/open-postgres.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg-database.js';
import { type RunningServer, removeDir, startServer, tempDir } from '../helpers/server.js';

/**
 * Several real servers (dist/, `npm run build` first) on one throwaway PostgreSQL database, as
 * a multi-node deployment runs them: one root key (STRONGROOM_ROOT_KEY), one database URL, a
 * node id each (rotation leases name their holder), a data directory each.
 */
export type Cluster = {
  db: TestDatabase;
  rootKey: string;
  nodes: RunningServer[];
  /** Starts one more node (e.g. to replace one that was killed). */
  addNode(env?: Record<string, string>): Promise<RunningServer>;
  /** A store on the same database, as a node's would be (for what only an operator tool does). */
  openStore(): Promise<Store>;
  stop(): Promise<void>;
};

export async function startCluster(count: number, env: Record<string, string> = {}): Promise<Cluster> {
  const db = await createTestDatabase();
  const rootKey = randomBytes(32).toString('hex');
  const dirs: string[] = [];
  const nodes: RunningServer[] = [];
  const stores: Store[] = [];
  const addNode = async (extra: Record<string, string> = {}) => {
    const dataDir = tempDir();
    dirs.push(dataDir);
    const node = await startServer({
      dataDir,
      env: {
        STRONGROOM_DATABASE_URL: db.url,
        STRONGROOM_ROOT_KEY: rootKey,
        STRONGROOM_NODE_ID: `node-${dirs.length}`,
        STRONGROOM_LOG_LEVEL: 'info',
        ...env,
        ...extra,
      },
    });
    nodes.push(node);
    return node;
  };
  try {
    // One after the other: the first creates the schema and the administrator (starting them
    // together is covered by test/storage/postgres-server.test.ts).
    for (let i = 0; i < count; i++) await addNode();
  } catch (e) {
    await Promise.all(nodes.map((n) => n.stop()));
    dirs.forEach(removeDir);
    await db.drop();
    throw e;
  }
  return {
    db,
    rootKey,
    nodes,
    addNode,
    async openStore() {
      const store = await openPostgresStore({ url: db.url, poolMax: 2 });
      stores.push(store);
      return store;
    },
    async stop() {
      await Promise.all(nodes.map((n) => n.stop()));
      await Promise.all(stores.map((s) => s.close()));
      dirs.forEach(removeDir);
      await db.drop();
    },
  };
}

/** Waits until `check` returns something other than undefined/false, or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  while (Date.now() < until) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting${last ? `: ${String(last)}` : ''}`);
}

/** The service events a node logged (one JSON line each, msg "event"). */
export function loggedEvents(node: RunningServer): { eventName: string; secretArn: string; token?: string }[] {
  const out: { eventName: string; secretArn: string; token?: string }[] = [];
  for (const line of node.stderr().split('\n')) {
    if (!line.startsWith('{')) continue;
    const j = JSON.parse(line) as { msg?: string; eventName: string; secretArn: string; token?: string };
    if (j.msg === 'event') out.push(j);
  }
  return out;
}

export type FeedEvent = { arn?: string; name?: string; all?: boolean };

/** A subscriber to a node's change feed (GET /strongroom/v1/changes), as `strongroom agent` is. */
export async function subscribeFeed(node: RunningServer): Promise<{ events: FeedEvent[]; close(): void }> {
  const url = `${node.endpoint}/strongroom/v1/changes`;
  const creds = node.credentials!;
  const headers = signRequest({
    method: 'GET',
    url,
    headers: {},
    body: '',
    accessKeyId: creds.accessKeyId,
    secretAccessKey: creds.secretAccessKey,
    region: 'us-east-1',
    service: 'secretsmanager',
    now: Date.now(),
  });
  const controller = new AbortController();
  const res = await fetch(url, { headers: { ...headers }, signal: controller.signal });
  if (!res.ok || !res.body) throw new Error(`change feed answered ${res.status}`);
  const events: FeedEvent[] = [];
  const reader = res.body.getReader();
  let subscribed!: () => void;
  const ready = new Promise<void>((r) => {
    subscribed = r;
  });
  void (async () => {
    let buf = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buf += Buffer.from(value).toString('utf8');
        for (let nl = buf.indexOf('\n\n'); nl >= 0; nl = buf.indexOf('\n\n')) {
          const frame = buf.slice(0, nl);
          buf = buf.slice(nl + 2);
          if (frame.startsWith(': subscribed')) subscribed();
          const data = frame.split('\n').find((l) => l.startsWith('data: '));
          if (data) events.push(JSON.parse(data.slice(6)) as FeedEvent);
        }
      }
    } catch {
      // aborted
    }
  })();
  await ready;
  return { events, close: () => controller.abort() };
}
