/**
 * The audit trail's tables (migrations.ts applies this as one migration; append-only like the
 * rest). Lookup columns are copies of fields of `record`, which alone is hashed: verify re-derives
 * them from the record, so editing a column without the record is detected too.
 */
export const AUDIT_SCHEMA = `
CREATE TABLE audit_records (
  seq INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  event_time INTEGER NOT NULL,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  event_source TEXT NOT NULL,
  event_name TEXT NOT NULL,
  read_only INTEGER NOT NULL CHECK (read_only IN (0, 1)),
  username TEXT,
  access_key_id TEXT,
  record TEXT NOT NULL,
  prev_event_id TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
-- LookupEvents is scoped to the caller's account and region, newest (highest seq) first.
CREATE INDEX audit_by_scope ON audit_records (account_id, region, seq);
CREATE INDEX audit_by_event_name ON audit_records (account_id, region, event_name, seq);
-- Username and AccessKeyId lookups filter the scope index instead: an index costs every append.

-- Replaced in migration 8 by the records' resources column and runs (audit-resource-index.ts).
CREATE TABLE audit_resources (
  seq INTEGER NOT NULL REFERENCES audit_records (seq) ON DELETE CASCADE,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (name, seq, type)
) WITHOUT ROWID;

CREATE TABLE audit_checkpoints (
  n INTEGER PRIMARY KEY,
  up_to_seq INTEGER NOT NULL,
  up_to_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  prev_mac TEXT NOT NULL,
  mac TEXT NOT NULL
);

CREATE TABLE audit_subscriptions (
  id TEXT PRIMARY KEY,
  url TEXT NOT NULL,
  pattern TEXT NOT NULL,
  sealed_secret BLOB NOT NULL,
  created_at INTEGER NOT NULL
);

-- The webhook outbox: rows commit with their audit record; a worker drains them.
CREATE TABLE audit_outbox (
  id INTEGER PRIMARY KEY,
  subscription_id TEXT NOT NULL REFERENCES audit_subscriptions (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL REFERENCES audit_records (seq) ON DELETE CASCADE,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER NOT NULL DEFAULT 0,
  dead INTEGER NOT NULL DEFAULT 0 CHECK (dead IN (0, 1)),
  last_error TEXT
);
CREATE INDEX audit_outbox_due ON audit_outbox (dead, next_attempt_at, id);
`;
