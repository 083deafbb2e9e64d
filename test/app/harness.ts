import { randomBytes } from 'node:crypto';
import { type Authorize, adminOnly } from '../../src/app/authorize.js';
import type { Principal, RequestContext } from '../../src/app/context.js';
import type { SecretsDeps } from '../../src/app/secrets/deps.js';
import { createAppServices } from '../../src/app/wire.js';
import { createKeyring } from '../../src/crypto/keyring.js';
import type { SecretRecord } from '../../src/domain/secret.js';
import { manualClock } from '../../src/lib/clock.js';
import { randomIds } from '../../src/lib/ids.js';
import { createDispatcher } from '../../src/protocol/dispatch.js';
import type { Store } from '../../src/storage/ports.js';
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite.js';

/**
 * The real use cases over a real in-memory SQLite store and a real keyring, without HTTP. Time is
 * the request's `now`, so a test moves it per call: this is how the time-dependent rules (24-hour
 * version purge, recovery window) are tested without a clock hook in the server.
 */
export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const T0 = Date.UTC(2025, 0, 1, 12);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export type Harness = {
  store: Store;
  deps: SecretsDeps;
  app: ReturnType<typeof createAppServices>;
  ctx(now: number): RequestContext;
  /** A JSON 1.1 call through the real decoder and operation table, as the HTTP edge makes it. */
  call(op: string, body: unknown, now?: number): Promise<Record<string, unknown>>;
  /** Inserts a secret directly, as another service would create its managed secret. */
  insert(over: Partial<SecretRecord> & { name: string }): Promise<SecretRecord>;
  close(): Promise<void>;
};

export const admin: Principal = {
  accountId: ACCOUNT,
  arn: `arn:aws:iam::${ACCOUNT}:user/admin`,
  type: 'IAMUser',
  userName: 'admin',
  accessKeyId: 'AKIAHARNESSHARNESS00',
  isAdmin: true,
};

export async function harness(authorize: Authorize = adminOnly): Promise<Harness> {
  const store = await openSqliteStore({ path: ':memory:' });
  const keyring = createKeyring(randomBytes(32), store, manualClock(T0));
  const deps: SecretsDeps = { store, keyring, authorize, ids: randomIds };
  const app = createAppServices(deps);
  const dispatch = createDispatcher(app);
  const ctx = (now: number): RequestContext => ({
    principal: admin,
    region: REGION,
    requestId: 'req',
    sourceIp: '127.0.0.1',
    secureTransport: false,
    now,
  });
  return {
    store,
    deps,
    app,
    ctx,
    call: async (op, body, now = T0) =>
      JSON.parse(
        await dispatch(
          ctx(now),
          `secretsmanager.${op}`,
          'application/x-amz-json-1.1',
          Buffer.from(JSON.stringify(body)),
        ),
      ) as Record<string, unknown>,
    insert: async (over) => {
      const secret: SecretRecord = {
        id: randomIds.uuid(),
        accountId: ACCOUNT,
        region: REGION,
        arn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${over.name}-${randomIds.arnSuffix()}`,
        createdAt: T0,
        lastChangedAt: T0,
        rotationEnabled: false,
        replicas: [],
        ...over,
      };
      await store.transaction((tx) => tx.insertSecret(secret));
      return secret;
    },
    close: () => store.close(),
  };
}

/** Runs `p` and returns the ServiceError-like failure it must produce. */
export async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code?: string; message: string };
    return { code: err.code ?? 'not a service error', message: err.message };
  }
  throw new Error('expected the call to fail');
}
