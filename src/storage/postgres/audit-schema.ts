/**
 * The audit trail's tables, the PostgreSQL twin of sqlite/audit-schema.ts (migration 3). The
 * chain is appended under a transaction-scoped advisory lock (audit-records.ts), so appenders on
 * every node form one chain; seq is assigned by the appender, not by a sequence.
 */
export const AUDIT_SCHEMA = `
CREATE TABLE audit_records (
  seq BIGINT PRIMARY KEY,
  event_id TEXT COLLATE "C" NOT NULL UNIQUE,
  event_time BIGINT NOT NULL,
  account_id TEXT COLLATE "C" NOT NULL,
  region TEXT COLLATE "C" NOT NULL,
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
CREATE INDEX audit_by_scope ON audit_records (account_id, region, seq);
CREATE INDEX audit_by_event_name ON audit_records (account_id, region, event_name, seq);
CREATE INDEX audit_by_username ON audit_records (account_id, region, username, seq);
CREATE INDEX audit_by_access_key ON audit_records (account_id, region, access_key_id, seq);

CREATE TABLE audit_resources (
  seq BIGINT NOT NULL REFERENCES audit_records (seq) ON DELETE CASCADE,
  type TEXT COLLATE "C" NOT NULL,
  name TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (name, seq, type)
);
CREATE INDEX audit_resources_by_seq ON audit_resources (seq);

CREATE TABLE audit_checkpoints (
  n BIGINT PRIMARY KEY,
  up_to_seq BIGINT NOT NULL,
  up_to_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  prev_mac TEXT NOT NULL,
  mac TEXT NOT NULL
);

CREATE TABLE audit_subscriptions (
  id TEXT COLLATE "C" PRIMARY KEY,
  url TEXT NOT NULL,
  pattern TEXT NOT NULL,
  sealed_secret BYTEA NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE audit_outbox (
  id BIGSERIAL PRIMARY KEY,
  subscription_id TEXT COLLATE "C" NOT NULL REFERENCES audit_subscriptions (id) ON DELETE CASCADE,
  seq BIGINT NOT NULL REFERENCES audit_records (seq) ON DELETE CASCADE,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  lease_until BIGINT NOT NULL DEFAULT 0,
  dead INTEGER NOT NULL DEFAULT 0 CHECK (dead IN (0, 1)),
  last_error TEXT
);
CREATE INDEX audit_outbox_due ON audit_outbox (dead, next_attempt_at, id);
`;
