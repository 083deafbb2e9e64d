import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RequestContext } from '../app/context.js';
import type { IamDeps } from '../app/iam/deps.js';
import { createIamServices, type IamServices } from '../app/iam/wire.js';
import { wireIdentity } from '../auth/authorizer-wire.js';
import { createCredentialMint } from '../auth/sessions-mint.js';
import { keyCheckValue, parseRootKeyHex, ROOT_KEY_FILE, readRootKeyFile } from '../crypto/root-key.js';
import { ServiceError } from '../domain/errors.js';
import { systemClock } from '../lib/clock.js';
import type { Store } from '../storage/ports.js';
import { openPostgresStore } from '../storage/postgres/open-postgres.js';
import { openSqliteStore } from '../storage/sqlite/open-sqlite.js';

/**
 * `strongroom admin` works on the server's database directly, like the server (same flags and
 * environment: --data-dir, or --database / STRONGROOM_DATABASE_URL for PostgreSQL), and is safe
 * while the server runs: the database serialises the writers, and servers notice identity
 * changes through the store's generation counter within a second.
 * It acts as the root of the chosen account, through the same use cases as the IAM API.
 */
export type AdminOptions = {
  dataDir?: string;
  database?: string;
  rootKeyFile?: string;
  account?: string;
  json?: boolean;
};

export type AdminSession = {
  store: Store;
  iam: IamServices;
  /** Use cases for accounts, which have no AWS API. */
  deps: IamDeps;
  accountId: () => Promise<string>;
  ctx: (accountId: string) => RequestContext;
};

async function rootKeyOf(o: AdminOptions, dataDir: string): Promise<Buffer> {
  const env = process.env;
  if (env.STRONGROOM_ROOT_KEY) return parseRootKeyHex(env.STRONGROOM_ROOT_KEY, 'STRONGROOM_ROOT_KEY');
  return readRootKeyFile(o.rootKeyFile ?? env.STRONGROOM_ROOT_KEY_FILE ?? join(dataDir, ROOT_KEY_FILE));
}

/** The server's database, never created here (a mistyped --data-dir must not make a new one). */
async function openStore(o: AdminOptions, dataDir: string): Promise<Store> {
  const url = o.database ?? (process.env.STRONGROOM_DATABASE_URL || undefined);
  if (url) return openPostgresStore({ url, poolMax: 1 });
  const file = join(dataDir, 'strongroom.db');
  if (!existsSync(file)) {
    throw new Error(`no database at ${file}: start \`strongroom server --data-dir ${dataDir}\` once first`);
  }
  return openSqliteStore({ path: file });
}

export async function withAdmin<T>(o: AdminOptions, fn: (s: AdminSession) => Promise<T>): Promise<T> {
  const dataDir = resolve(o.dataDir ?? process.env.STRONGROOM_DATA_DIR ?? './data');
  const store = await openStore(o, dataDir);
  try {
    const rootKey = await rootKeyOf(o, dataDir);
    if ((await store.getMeta('root_key_check')) !== keyCheckValue(rootKey)) {
      throw new Error('the root key does not match the one this database was created with');
    }
    const identity = wireIdentity({ store, rootKey, clock: systemClock, dev: false });
    const deps: IamDeps = {
      store,
      authorize: identity.authorize,
      mint: createCredentialMint(rootKey),
      changed: () => {},
    };
    return await fn({
      store,
      iam: createIamServices(deps),
      deps,
      accountId: async () => {
        const id = o.account ?? (await store.getMeta('default_account_id'));
        if (!id) throw new Error('no default account yet: start the server once, or pass --account <12 digits>');
        if (!/^\d{12}$/.test(id)) throw new Error(`invalid --account ${id}: 12 digits`);
        return id;
      },
      ctx: (accountId) => ({
        principal: {
          accountId,
          arn: `arn:aws:iam::${accountId}:root`,
          type: 'Root',
          userName: 'root',
          accessKeyId: 'strongroom-admin',
          isAdmin: true,
        },
        region: 'us-east-1',
        requestId: 'strongroom-admin',
        sourceIp: 'strongroom-admin',
        secureTransport: true,
        now: systemClock.now(),
      }),
    });
  } catch (e) {
    // AWS's error code first, as the AWS CLI prints it.
    if (e instanceof ServiceError) throw new Error(`${e.code}: ${e.message}`);
    throw e;
  } finally {
    await store.close();
  }
}
