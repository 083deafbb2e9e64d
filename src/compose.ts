import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { adminOnly } from './app/authorize.js';
import { purgeDeletedSecrets } from './app/secrets/purge-deleted.js';
import { createAppServices } from './app/wire.js';
import { type AdminCredentials, createKeyResolver, ensureAdmin, randomRootKey } from './auth/access-keys.js';
import { devPrincipal, serverPrincipal } from './auth/principal.js';
import { createSigV4Verifier } from './auth/verify-sigv4.js';
import type { Config } from './config/config.js';
import { createKeyring } from './crypto/keyring.js';
import { keyCheckValue, loadOrCreateRootKey, parseRootKeyHex, readRootKeyFile } from './crypto/root-key.js';
import { Errors } from './domain/errors.js';
import { createAwsEndpoint } from './http/aws-endpoint.js';
import { createHttpServer } from './http/server.js';
import { type Clock, systemClock } from './lib/clock.js';
import { randomIds } from './lib/ids.js';
import { createLogger, type Logger } from './lib/json-log.js';
import { createDispatcher } from './protocol/dispatch.js';
import type { Store } from './storage/ports.js';
import { withReadCache } from './storage/read-cache.js';
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
  // The embedded store is single-node, so its hot reads can be cached (storage/read-cache.ts).
  const store = withReadCache(await openSqliteStore({ path: c.dataDir ? join(c.dataDir, DB_FILE) : ':memory:' }));
  try {
    await checkRootKey(store, rootKey);
  } catch (e) {
    await store.close();
    throw e;
  }
  const keyring = createKeyring(rootKey, store, clock);
  const app = createAppServices({ store, keyring, authorize: adminOnly, ids: randomIds });
  const dev = c.mode === 'dev';
  const admin = dev
    ? undefined
    : await ensureAdmin(store, rootKey, clock, {
        accessKeyId: c.adminAccessKeyId,
        secretAccessKey: c.adminSecretAccessKey,
      });
  const keys = createKeyResolver(store, rootKey);
  const verify = createSigV4Verifier({
    clock,
    lookup: async (id) => (await keys.resolve(id))?.secret,
    services: ['secretsmanager'],
    acceptAnySignature: dev,
  });
  const awsEndpoint = createAwsEndpoint({
    verify,
    principalFor: async (identity) => {
      if (dev) return devPrincipal(identity.accessKeyId);
      const p = await serverPrincipal(keys, identity.accessKeyId);
      if (!p) throw Errors.accessDenied('The security token included in the request is invalid.');
      return p;
    },
    dispatch: createDispatcher(app),
    ids: randomIds,
    clock,
    log,
    bodyLimit: c.bodyLimitBytes,
    secure: c.tlsCert !== undefined,
  });
  const tls = c.tlsCert && c.tlsKey ? { cert: await readFile(c.tlsCert), key: await readFile(c.tlsKey) } : undefined;
  const server = createHttpServer({
    awsEndpoint,
    ready: async () => {
      await store.ping();
      return true;
    },
    tls,
  });
  const purge = setInterval(() => {
    purgeDeletedSecrets(store, clock.now()).catch((e) => log.error('purge failed', { error: String(e) }));
  }, c.purgeIntervalMs);
  purge.unref();
  return {
    server,
    store,
    log,
    admin,
    async close() {
      clearInterval(purge);
      await store.close();
    },
  };
}
