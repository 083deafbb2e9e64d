import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import type { EventSink } from './app/events.js';
import { createQuotas, parseQuotaConfig } from './app/quotas.js';
import { createReplicationWorker } from './app/replication/worker.js';
import { localEndpoint, rotationRuntime } from './app/rotation/wiring.js';
import { createRotationWorker } from './app/rotation/worker.js';
import { purgeDeletedSecrets } from './app/secrets/purge-deleted.js';
import { createAppServices } from './app/wire.js';
import { wireAudit } from './audit/wire.js';
import { type AdminCredentials, ensureAdmin, randomRootKey } from './auth/access-keys.js';
import { wireIdentity } from './auth/authorizer-wire.js';
import { createSigV4Verifier, type SigV4Identity } from './auth/verify-sigv4.js';
import type { Config } from './config/config.js';
import { wireConsole } from './console/wire.js';
import { createKeyring } from './crypto/keyring.js';
import { keyCheckValue, loadOrCreateRootKey, parseRootKeyHex, readRootKeyFile } from './crypto/root-key.js';
import { createAwsEndpoint } from './http/aws-endpoint.js';
import { createChangeFeed } from './http/change-feed.js';
import { createMetrics, metricsRoute, requestObserver } from './http/metrics.js';
import { createHttpServer } from './http/server.js';
import { createKmsRoute } from './kms/route.js';
import { type Clock, systemClock } from './lib/clock.js';
import { randomIds } from './lib/ids.js';
import { createLogger, type Logger } from './lib/json-log.js';
import { createDispatcher } from './protocol/dispatch.js';
import { createQueryRoutes } from './protocol-query/routes.js';
import { createChangeBus, withChangeEvents } from './storage/change-tracking.js';
import type { Store } from './storage/ports.js';
import { type ReadCacheStats, withReadCache } from './storage/read-cache.js';
import { openSqliteStore } from './storage/sqlite/open-sqlite.js';

/**
 * The composition root: the only place that picks concrete adapters. Server and dev mode share
 * every part but three: where the root key comes from, whether a database file is used, and
 * whether signatures are checked against stored keys.
 */
export type Runtime = {
  server: Server;
  store: Store;
  log: Logger;
  admin?: AdminCredentials;
  /** Stops timers and closes the store (after the HTTP server has drained). */
  close(): Promise<void>;
};

export const DB_FILE = 'strongroom.db';

/** How often the replication worker polls its outbox; tests set it low. (Not yet part of Config.) */
function replicationIntervalMs(env: NodeJS.ProcessEnv): number {
  const ms = Number(env.STRONGROOM_REPLICATION_INTERVAL_MS ?? 1000);
  if (!Number.isFinite(ms) || ms < 1) throw new Error(`invalid STRONGROOM_REPLICATION_INTERVAL_MS: ${ms}`);
  return ms;
}

/**
 * Versions per secret before the deprecated ones are pruned: AWS's quota (100) unless
 * STRONGROOM_MAX_VERSIONS_PER_SECRET raises it (the multi-node tests write 200). (Not yet part of Config.)
 */
function maxVersionsPerSecret(env: NodeJS.ProcessEnv): number | undefined {
  const v = env.STRONGROOM_MAX_VERSIONS_PER_SECRET;
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`invalid STRONGROOM_MAX_VERSIONS_PER_SECRET: ${v}`);
  return n;
}

async function rootKeyFor(c: Config): Promise<{ key: Buffer; created: boolean }> {
  if (c.rootKeyHex) return { key: parseRootKeyHex(c.rootKeyHex, 'STRONGROOM_ROOT_KEY'), created: false };
  if (c.rootKeyFile) return { key: await readRootKeyFile(c.rootKeyFile), created: false };
  if (c.dataDir) return loadOrCreateRootKey(c.dataDir);
  return { key: randomRootKey(), created: true };
}

/** Refuses to start with a root key that differs from the one the database was written with. */
async function checkRootKey(store: Store, rootKey: Buffer): Promise<void> {
  const kcv = keyCheckValue(rootKey);
  const stored = await store.initMeta('root_key_check', kcv);
  if (stored !== kcv) {
    throw new Error('the root key does not match the one this database was created with; refusing to start');
  }
}

export async function buildRuntime(c: Config, clock: Clock = systemClock): Promise<Runtime> {
  const log = createLogger(c.logLevel);
  const { key: rootKey } = await rootKeyFor(c);
  // The embedded store is single-node, so its hot reads can be cached (storage/read-cache.ts);
  // PostgreSQL is shared by many nodes, whose writes this process never sees, so it is not.
  // Committed changes feed the change stream that agents subscribe to (http/change-feed.ts).
  const bus = createChangeBus();
  // This node's name in the change notices it sends other nodes (PostgreSQL; docs/postgres.md).
  const origin = randomUUID();
  // The audit trail uses the base store: its writes touch no secret, so they must not clear the cache.
  // The PostgreSQL modules (and the pg driver) are loaded only when used: dev mode starts faster.
  const postgres = c.databaseUrl
    ? {
        ...(await import('./storage/postgres/open-postgres.js')),
        ...(await import('./storage/postgres/notify-listener.js')),
      }
    : undefined;
  const base =
    postgres && c.databaseUrl
      ? await postgres.openPostgresStore({ url: c.databaseUrl, ...c.db, origin })
      : await openSqliteStore({ path: c.dataDir ? join(c.dataDir, DB_FILE) : ':memory:' });
  const store = c.databaseUrl
    ? withChangeEvents(base, bus.publish)
    : withReadCache(withChangeEvents(base, bus.publish));
  try {
    await checkRootKey(store, rootKey);
  } catch (e) {
    await store.close();
    throw e;
  }
  const keyring = createKeyring(rootKey, store, clock);
  // Users, roles, sessions and policies (docs/iam.md): the authorizer every use case calls.
  const identity = wireIdentity({ store, rootKey, clock, dev: c.mode === 'dev' });
  // Other nodes' committed changes (PostgreSQL): agents on this node hear of them, cached
  // identities are dropped; after a gap in the notifications, everything is.
  const notices =
    postgres && c.databaseUrl
      ? postgres.listenForChanges({
          url: c.databaseUrl,
          ...c.db,
          origin,
          log,
          onSecret: (s) => bus.publish(s),
          onIdentity: identity.invalidate,
          onResync: () => {
            identity.invalidate();
            bus.publish({ all: true });
          },
        })
      : undefined;
  await notices?.ready;
  const deps = {
    store,
    keyring,
    authorize: identity.authorize,
    ids: randomIds,
    maxVersions: maxVersionsPerSecret(process.env),
  };
  const metrics = createMetrics({
    secretCounts: () => base.countSecretsByRegion(),
    webhookDeliveries: () => base.countAuditDeliveries(),
    auditStats: () => audit.stats(),
    readCache: 'cacheStats' in store ? (store.cacheStats as () => ReadCacheStats) : undefined,
    kmsUsage: () => keyring.usage.rows(),
  });
  const audit = await wireAudit({
    enabled: c.audit,
    file: c.auditFile,
    store: base,
    rootKey,
    now: () => clock.now(),
    ids: randomIds,
    log,
    authorize: identity.authorize,
    secretArnOf: async (account, region, id) =>
      (id.startsWith('arn:') ? await store.findByArn(id) : await store.findByName(account, region, id))?.arn,
    onWriteFailure: (source) => metrics.auditWriteFailure(source),
    onServiceEvent: (e) => metrics.serviceEvent(e.eventName),
  });
  // Service events become AwsServiceEvent audit records (and a log line each, msg "event").
  const events: EventSink = audit.events;
  // Rotation: functions by Lambda ARN and a worker running due rotations (docs/rotation.md).
  const rotation = rotationRuntime({
    store,
    rootKey,
    // Handler functions run as a session of their execution role, assumed as Lambda would.
    executionRole: (f, durationSeconds) =>
      identity.iam.lambda.assumeExecutionRole({
        roleArn: f.roleArn,
        functionArn: f.arn,
        functionName: f.name,
        accountId: f.accountId,
        region: f.region,
        durationSeconds,
        now: clock.now(),
      }),
    endpointUrl: () => c.rotation?.endpointUrl ?? localEndpoint(server.address(), c.tlsCert !== undefined),
    events,
    settings: c.rotation ?? {},
    clock,
    log,
  });
  const app = createAppServices({ ...deps, events }, rotation.wiring);
  const rotationWorker = createRotationWorker(app.rotation.deps, rotation.shutdown);
  rotation.attach(rotationWorker);
  const replication = createReplicationWorker(
    { ...deps, events, log },
    { clock, intervalMs: replicationIntervalMs(process.env) },
  );
  const dev = c.mode === 'dev';
  const admin = dev
    ? undefined
    : await ensureAdmin(store, rootKey, clock, {
        accessKeyId: c.adminAccessKeyId,
        secretAccessKey: c.adminSecretAccessKey,
      });
  const verify = createSigV4Verifier({
    clock,
    lookup: identity.lookup,
    services: ['secretsmanager', 'cloudtrail', 'iam', 'sts', 'kms'],
    acceptAnySignature: dev,
  });
  const principalFor = (signed: SigV4Identity) => identity.principalFor(signed);
  const quotas = createQuotas(c.quotas ?? parseQuotaConfig(undefined, undefined), (a, r) => store.countSecrets(a, r));
  const dispatch = createDispatcher(app, quotas);
  const kms = createKmsRoute({ store, keyring, authorize: identity.authorize, ids: randomIds });
  const awsEndpoint = createAwsEndpoint({
    verify,
    principalFor,
    dispatch,
    ids: randomIds,
    clock,
    log,
    bodyLimit: c.bodyLimitBytes,
    secure: c.tlsCert !== undefined,
    services: [audit.cloudTrail, ...createQueryRoutes(identity.iam), kms],
    audit: audit.recordCall,
    observe: requestObserver(metrics, log),
  });
  const tls = c.tlsCert && c.tlsKey ? { cert: await readFile(c.tlsCert), key: await readFile(c.tlsKey) } : undefined;
  const server = createHttpServer({
    awsEndpoint,
    ready: async () => {
      await store.ping();
      return audit.ready();
    },
    tls,
    routes: {
      // The web console (src/console): the same dispatchers, authorizer and audit as POST /.
      ...wireConsole({
        dispatch,
        cloudTrail: audit.cloudTrail.dispatch,
        iam: identity.iam,
        kms,
        lookup: identity.lookup,
        principalFor,
        audit: audit.recordCall,
        meta: store,
        clock,
        ids: randomIds,
        log,
        secure: c.tlsCert !== undefined,
        dev,
        bodyLimit: c.bodyLimitBytes,
        env: process.env,
      }),
      'GET /metrics': metricsRoute(metrics),
      'GET /strongroom/v1/changes': createChangeFeed({
        verify,
        principalFor,
        authorize: deps.authorize,
        bus,
        ids: randomIds,
        now: () => clock.now(),
        secure: c.tlsCert !== undefined,
      }),
    },
  });
  const purge = setInterval(() => {
    purgeDeletedSecrets(store, clock.now(), undefined, events).catch((e) =>
      log.error('purge failed', { error: String(e) }),
    );
  }, c.purgeIntervalMs);
  purge.unref();
  replication.start();
  await rotationWorker.start();
  return {
    server,
    store,
    log,
    admin,
    async close() {
      clearInterval(purge);
      await replication.stop();
      await rotationWorker.stop();
      await audit.close();
      await notices?.close();
      await store.close();
    },
  };
}
