import { join } from 'node:path';
import { parseRootKeyHex, ROOT_KEY_FILE, readRootKeyFile } from '../crypto/root-key.js';
import type { AuditReads, AuditStore } from '../storage/audit-ports.js';
import { openPostgresStore } from '../storage/postgres/open-postgres.js';
import { openAuditReader } from '../storage/sqlite/audit-readonly.js';
import { openSqliteStore } from '../storage/sqlite/open-sqlite.js';

/** Where `strongroom audit …` finds the trail: the server's flags, the same defaults. */
export type AuditSourceOptions = { dataDir?: string; database?: string; rootKeyFile?: string };

const DB_FILE = 'strongroom.db';
const isPostgres = (s: string) => /^postgres(ql)?:\/\//.test(s);

/** `--database` (a PostgreSQL URL or an SQLite file), STRONGROOM_DATABASE_URL, or <data-dir>/strongroom.db. */
function location(o: AuditSourceOptions, env: NodeJS.ProcessEnv): string {
  const database = o.database ?? (env.STRONGROOM_DATABASE_URL || undefined);
  return database ?? join(o.dataDir ?? env.STRONGROOM_DATA_DIR ?? './data', DB_FILE);
}

/**
 * The trail for reading (verify, tail, search). An SQLite file is opened read-only, safe next to a
 * running server; PostgreSQL through the server's store (only SELECTs are sent).
 */
export async function openAuditReads(
  o: AuditSourceOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AuditReads & { close(): Promise<void> }> {
  const where = location(o, env);
  if (!isPostgres(where)) {
    const reader = openAuditReader(where);
    return { ...reader, close: async () => reader.close() };
  }
  return openPostgresStore({ url: where });
}

/** The trail for writing subscriptions (the store a server would open, migrations included). */
export async function openAuditStore(
  o: AuditSourceOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AuditStore & { close(): Promise<void> }> {
  const where = location(o, env);
  return isPostgres(where) ? openPostgresStore({ url: where }) : openSqliteStore({ path: where });
}

/** The root key, from the same places as the server; undefined when none is to be found. */
export async function auditRootKey(
  o: AuditSourceOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Buffer | undefined> {
  if (env.STRONGROOM_ROOT_KEY) return parseRootKeyHex(env.STRONGROOM_ROOT_KEY, 'STRONGROOM_ROOT_KEY');
  const file = o.rootKeyFile ?? env.STRONGROOM_ROOT_KEY_FILE;
  if (file) return readRootKeyFile(file);
  const dir = o.dataDir ?? env.STRONGROOM_DATA_DIR ?? (o.database ? undefined : './data');
  if (!dir) return undefined;
  try {
    return await readRootKeyFile(join(dir, ROOT_KEY_FILE));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
