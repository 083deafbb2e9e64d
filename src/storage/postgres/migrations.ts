import type pg from 'pg';
import { AUDIT_SCHEMA } from './audit-schema.js';
import { IAM_SCHEMA } from './iam-schema.js';
import { KMS_SCHEMA } from './kms-schema.js';
import { REPLICATION_OUTBOX_SQL } from './replication-jobs.js';
import { ROTATION_ROLES_SCHEMA, ROTATION_SCHEMA } from './rotation-schema.js';

/**
 * PostgreSQL schema migrations: the same numbered list as sqlite/migrations.ts, table for table
 * and column for column. Append only: never edit a migration that has shipped.
 *
 * Dialect differences, all mechanical: INTEGER epoch-ms times → BIGINT, BLOB → BYTEA, and
 * identifiers and names compared or sorted by the store are COLLATE "C" (byte-wise, as SQLite's
 * default BINARY collation), so ListSecrets orders and name prefixes agree on both backends
 * whatever the database's locale. JSON stays TEXT so both backends share the row mapping.
 * Constraint names matter: errors.ts maps them to StoreConflict values.
 */
export type Migration = { version: number; name: string; sql: string };

const INITIAL_SCHEMA = `
CREATE TABLE secrets (
  id TEXT COLLATE "C" PRIMARY KEY,
  account_id TEXT COLLATE "C" NOT NULL,
  region TEXT COLLATE "C" NOT NULL,
  name TEXT COLLATE "C" NOT NULL,
  arn TEXT COLLATE "C" NOT NULL UNIQUE,
  description TEXT,
  kms_key_id TEXT,
  created_at BIGINT NOT NULL,
  last_changed_at BIGINT,
  last_accessed_at BIGINT,
  deleted_at BIGINT,
  deletion_date BIGINT,
  rotation_enabled INTEGER NOT NULL DEFAULT 0 CHECK (rotation_enabled IN (0, 1)),
  rotation_lambda_arn TEXT,
  rotation_rules TEXT,
  last_rotated_at BIGINT,
  next_rotation_at BIGINT,
  tags TEXT NOT NULL DEFAULT '[]',
  resource_policy TEXT,
  owning_service TEXT,
  type TEXT,
  external_rotation_metadata TEXT,
  external_rotation_role_arn TEXT,
  primary_region TEXT,
  replicas TEXT NOT NULL DEFAULT '[]'
);
CREATE UNIQUE INDEX secrets_by_name ON secrets (account_id, region, name);
CREATE INDEX secrets_by_created ON secrets (account_id, region, created_at, id);
CREATE INDEX secrets_by_changed ON secrets (account_id, region, coalesce(last_changed_at, -1), id);
CREATE INDEX secrets_by_accessed ON secrets (account_id, region, coalesce(last_accessed_at, -1), id);
CREATE INDEX secrets_by_deletion_date ON secrets (deletion_date);

CREATE TABLE secret_versions (
  secret_id TEXT COLLATE "C" NOT NULL REFERENCES secrets (id) ON DELETE CASCADE,
  version_id TEXT COLLATE "C" NOT NULL,
  created_at BIGINT NOT NULL,
  last_accessed_at BIGINT,
  sealed BYTEA,
  kind TEXT CHECK (kind IN ('string', 'binary')),
  kms_key_ids TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (secret_id, version_id)
);

CREATE TABLE version_stages (
  secret_id TEXT COLLATE "C" NOT NULL,
  stage TEXT COLLATE "C" NOT NULL,
  version_id TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (secret_id, stage),
  FOREIGN KEY (secret_id, version_id) REFERENCES secret_versions (secret_id, version_id) ON DELETE CASCADE
);
CREATE INDEX version_stages_by_version ON version_stages (secret_id, version_id);

CREATE TABLE kms_keys (
  key_id TEXT COLLATE "C" PRIMARY KEY,
  account_id TEXT COLLATE "C" NOT NULL,
  region TEXT COLLATE "C" NOT NULL,
  alias TEXT COLLATE "C",
  wrapped BYTEA NOT NULL,
  created_at BIGINT NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  UNIQUE (account_id, region, alias)
);

CREATE TABLE access_keys (
  access_key_id TEXT COLLATE "C" PRIMARY KEY,
  account_id TEXT COLLATE "C" NOT NULL,
  principal_arn TEXT NOT NULL,
  user_name TEXT NOT NULL,
  sealed_secret BYTEA NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
  created_at BIGINT NOT NULL
);
CREATE INDEX access_keys_by_account ON access_keys (account_id, created_at, access_key_id);

CREATE TABLE meta (
  key TEXT COLLATE "C" PRIMARY KEY,
  value TEXT NOT NULL
);
`;

/** Numbered as sqlite/migrations.ts: version N is the same schema change on both backends. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: INITIAL_SCHEMA },
  { version: 2, name: 'replication outbox', sql: REPLICATION_OUTBOX_SQL },
  { version: 3, name: 'audit trail', sql: AUDIT_SCHEMA },
  { version: 4, name: 'identities', sql: IAM_SCHEMA },
  { version: 5, name: 'rotation', sql: ROTATION_SCHEMA },
  { version: 6, name: 'kms keys and aliases', sql: KMS_SCHEMA },
  { version: 7, name: 'rotation function execution roles', sql: ROTATION_ROLES_SCHEMA },
];

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`;

/**
 * The advisory lock every Strongroom node takes to migrate: an arbitrary constant, the same on
 * every node and release (0x7374726f6e67726f, "strongro" in ASCII), written in decimal because
 * hexadecimal literals need PostgreSQL 16.
 */
export const MIGRATION_LOCK_KEY = '8319400234579358319';

/**
 * Applies the pending migrations and returns the versions applied now ([] when up to date).
 * Nodes starting together serialise on a session advisory lock, so exactly one applies each
 * migration and the others then find it recorded. The migrations themselves run in one
 * transaction: a failure leaves the schema as it was. A database written by a newer build is
 * refused rather than guessed at.
 *
 * The connection must be dedicated (its statement_timeout is lifted for the lock wait, so the
 * caller destroys it afterwards instead of returning it to a pool).
 */
export async function migratePostgres(
  client: pg.ClientBase,
  migrations: readonly Migration[] = MIGRATIONS,
  now = Date.now(),
): Promise<number[]> {
  // Another node may hold the lock for as long as its migrations take: wait, but not forever.
  await client.query("SET statement_timeout = '10min'");
  await client.query(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY}::bigint)`);
  try {
    await client.query('BEGIN');
    try {
      const applied = await applyPending(client, migrations, now);
      await client.query('COMMIT');
      return applied;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    }
  } finally {
    await client.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_KEY}::bigint)`).catch(() => {});
  }
}

async function applyPending(client: pg.ClientBase, migrations: readonly Migration[], now: number): Promise<number[]> {
  await client.query(CREATE_LEDGER);
  const rows = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
  const done = new Set(rows.rows.map((r) => r.version));
  const known = Math.max(0, ...migrations.map((m) => m.version));
  const newest = Math.max(0, ...done);
  if (newest > known) {
    throw new Error(`database schema version ${newest} is newer than this build supports (${known})`);
  }
  const applied: number[] = [];
  for (const m of migrations) {
    if (done.has(m.version)) continue;
    await client.query(m.sql);
    await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
      m.version,
      m.name,
      now,
    ]);
    applied.push(m.version);
  }
  return applied;
}
