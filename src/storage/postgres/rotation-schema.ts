/**
 * Rotation's tables, the PostgreSQL twin of sqlite/rotation-schema.ts (migration 5): the
 * scheduler's due column with its partial index, the runs (one 'running' per secret, enforced
 * by a unique partial index across every node) and the registered functions.
 */
export const ROTATION_SCHEMA = `
ALTER TABLE secrets ADD COLUMN rotation_due_at BIGINT;
CREATE INDEX secrets_by_rotation_due ON secrets (rotation_due_at)
  WHERE rotation_due_at IS NOT NULL AND deleted_at IS NULL;

CREATE TABLE rotation_runs (
  id TEXT COLLATE "C" PRIMARY KEY,
  secret_id TEXT COLLATE "C" NOT NULL REFERENCES secrets (id) ON DELETE CASCADE,
  token TEXT NOT NULL,
  rotation_token TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('rotate', 'test')),
  function_arn TEXT NOT NULL,
  step TEXT CHECK (step IN ('createSecret', 'setSecret', 'testSecret', 'finishSecret')),
  status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  lease_owner TEXT,
  lease_expires_at BIGINT,
  next_attempt_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX rotation_runs_one_running ON rotation_runs (secret_id) WHERE status = 'running';
CREATE INDEX rotation_runs_due ON rotation_runs (next_attempt_at) WHERE status = 'running';
CREATE INDEX rotation_runs_by_secret ON rotation_runs (secret_id, created_at);

CREATE TABLE rotation_functions (
  arn TEXT COLLATE "C" PRIMARY KEY,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('webhook', 'node', 'python')),
  target TEXT NOT NULL,
  handler TEXT,
  timeout_ms INTEGER NOT NULL,
  sealed_signing_key BYTEA,
  access_key_id TEXT,
  created_at BIGINT NOT NULL
);
`;

/** Migration 7, the twin of sqlite/rotation-schema.ts's ROTATION_ROLES_SCHEMA (execution roles). */
export const ROTATION_ROLES_SCHEMA = `
ALTER TABLE rotation_functions ADD COLUMN role_arn TEXT;
DELETE FROM access_keys WHERE access_key_id IN
  (SELECT access_key_id FROM rotation_functions WHERE access_key_id IS NOT NULL);
ALTER TABLE rotation_functions DROP COLUMN access_key_id;
ALTER TABLE rotation_runs ADD COLUMN foreign_write_at BIGINT;
ALTER TABLE iam_sessions ADD COLUMN source_function_arn TEXT;
`;
