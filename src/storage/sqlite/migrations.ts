import type { Database } from 'better-sqlite3';
import { AUDIT_RESOURCE_INDEX_SCHEMA } from './audit-resource-index.js';
import { AUDIT_SCHEMA } from './audit-schema.js';
import { IAM_SCHEMA } from './iam-schema.js';
import { KMS_SCHEMA } from './kms-schema.js';
import { ROTATION_ROLES_SCHEMA, ROTATION_SCHEMA } from './rotation-schema.js';

/**
 * Schema migrations: a numbered list, applied in order, once. Append only: never edit a
 * migration that has shipped; add the next number instead.
 *
 * The SQL stays close to what PostgreSQL accepts (TEXT, INTEGER epoch-ms times, BLOB → BYTEA,
 * JSON kept as TEXT, expression indexes) so a postgres/ port can reuse the shape.
 */
export type Migration = { version: number; name: string; sql: string };

const INITIAL_SCHEMA = `
CREATE TABLE secrets (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  arn TEXT NOT NULL UNIQUE,
  description TEXT,
  kms_key_id TEXT,
  created_at INTEGER NOT NULL,
  last_changed_at INTEGER,
  last_accessed_at INTEGER,
  deleted_at INTEGER,
  deletion_date INTEGER,
  rotation_enabled INTEGER NOT NULL DEFAULT 0 CHECK (rotation_enabled IN (0, 1)),
  rotation_lambda_arn TEXT,
  rotation_rules TEXT,
  last_rotated_at INTEGER,
  next_rotation_at INTEGER,
  tags TEXT NOT NULL DEFAULT '[]',
  resource_policy TEXT,
  owning_service TEXT,
  type TEXT,
  external_rotation_metadata TEXT,
  external_rotation_role_arn TEXT,
  primary_region TEXT,
  replicas TEXT NOT NULL DEFAULT '[]'
);
-- One secret per name per account and region; a secret scheduled for deletion keeps its name
-- until the purge deletes the row. Also serves ListSecrets sorted by name.
CREATE UNIQUE INDEX secrets_by_name ON secrets (account_id, region, name);
CREATE INDEX secrets_by_created ON secrets (account_id, region, created_at, id);
-- Nullable sort keys are indexed through coalesce(…, -1) so keyset pagination can compare
-- row values without NULL special cases; scan.ts uses exactly these expressions.
CREATE INDEX secrets_by_changed ON secrets (account_id, region, coalesce(last_changed_at, -1), id);
CREATE INDEX secrets_by_accessed ON secrets (account_id, region, coalesce(last_accessed_at, -1), id);
CREATE INDEX secrets_by_deletion_date ON secrets (deletion_date);

CREATE TABLE secret_versions (
  secret_id TEXT NOT NULL REFERENCES secrets (id) ON DELETE CASCADE,
  version_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_accessed_at INTEGER,
  sealed BLOB,
  kind TEXT CHECK (kind IN ('string', 'binary')),
  kms_key_ids TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (secret_id, version_id)
);

-- The primary key is the invariant "a staging label is on at most one version of a secret";
-- the foreign key makes a label always point at an existing version.
CREATE TABLE version_stages (
  secret_id TEXT NOT NULL,
  stage TEXT NOT NULL,
  version_id TEXT NOT NULL,
  PRIMARY KEY (secret_id, stage),
  FOREIGN KEY (secret_id, version_id) REFERENCES secret_versions (secret_id, version_id) ON DELETE CASCADE
);
CREATE INDEX version_stages_by_version ON version_stages (secret_id, version_id);

CREATE TABLE kms_keys (
  key_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  alias TEXT,
  wrapped BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  UNIQUE (account_id, region, alias)
);

CREATE TABLE access_keys (
  access_key_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  principal_arn TEXT NOT NULL,
  user_name TEXT NOT NULL,
  sealed_secret BLOB NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
  created_at INTEGER NOT NULL
);
CREATE INDEX access_keys_by_account ON access_keys (account_id, created_at, access_key_id);

CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

// The replication outbox (storage/replication-ports.ts): one job per primary secret, re-armed by
// each change with a store-wide sequence number; lease_until lets a crashed worker's claim expire.
const REPLICATION_JOBS = `
CREATE TABLE replication_jobs (
  secret_id TEXT PRIMARY KEY REFERENCES secrets (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  overwrite_regions TEXT NOT NULL DEFAULT '[]',
  lease_until INTEGER NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX replication_jobs_by_lease ON replication_jobs (lease_until, seq);
CREATE TABLE replication_seq (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO replication_seq (id, value) VALUES (1, 0);
`;

/** The migration that last changed how audit records are stored (readers need at least it). */
export const AUDIT_LAYOUT_VERSION = 8;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: INITIAL_SCHEMA },
  { version: 2, name: 'replication outbox', sql: REPLICATION_JOBS },
  { version: 3, name: 'audit trail', sql: AUDIT_SCHEMA },
  { version: 4, name: 'identities', sql: IAM_SCHEMA },
  { version: 5, name: 'rotation', sql: ROTATION_SCHEMA },
  { version: 6, name: 'kms keys and aliases', sql: KMS_SCHEMA },
  { version: 7, name: 'rotation function execution roles', sql: ROTATION_ROLES_SCHEMA },
  { version: 8, name: 'audit resource index behind appends', sql: AUDIT_RESOURCE_INDEX_SCHEMA },
];

const CREATE_LEDGER = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at INTEGER NOT NULL
)`;

/**
 * Applies the pending migrations in one IMMEDIATE transaction (so two processes opening the
 * same file cannot both apply one) and returns the versions applied now; [] when up to date.
 * Refuses a database written by a newer build rather than guessing at its schema.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS, now = Date.now()): number[] {
  const apply = db.transaction((): number[] => {
    db.exec(CREATE_LEDGER);
    const rows = db.prepare<[], { version: number }>('SELECT version FROM schema_migrations').all();
    const done = new Set(rows.map((r) => r.version));
    const known = Math.max(0, ...migrations.map((m) => m.version));
    const newest = Math.max(0, ...done);
    if (newest > known) {
      throw new Error(`database schema version ${newest} is newer than this build supports (${known})`);
    }
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      db.exec(m.sql);
      record.run(m.version, m.name, now);
      applied.push(m.version);
    }
    return applied;
  });
  return apply.immediate();
}
