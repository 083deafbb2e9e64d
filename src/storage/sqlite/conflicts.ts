import Database from 'better-sqlite3';
import { type StoreConflict, StoreConflictError } from '../ports.js';

/** SQLite names the failed unique constraint by its columns; map them to the port's vocabulary. */
const CONFLICTS: readonly [string, StoreConflict][] = [
  ['secrets.account_id, secrets.region, secrets.name', 'secret-name'],
  ['secrets.arn', 'secret-arn'],
  ['secrets.id', 'secret-id'],
  ['secret_versions.secret_id, secret_versions.version_id', 'version'],
  ['access_keys.access_key_id', 'access-key'],
];

const UNIQUE_CODES = new Set(['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']);

export function toConflict(e: unknown): unknown {
  if (!(e instanceof Database.SqliteError) || !UNIQUE_CODES.has(e.code)) return e;
  const hit = CONFLICTS.find(([cols]) => e.message.endsWith(`failed: ${cols}`));
  return new StoreConflictError(hit?.[1] ?? 'other', { cause: e });
}

/** Runs a write, turning unique-constraint failures into StoreConflictError. */
export function guarded<T>(write: () => T): T {
  try {
    return write();
  } catch (e) {
    throw toConflict(e);
  }
}
