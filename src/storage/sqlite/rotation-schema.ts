/**
 * Rotation's tables (migrations.ts applies this as one migration; append-only like the rest).
 *
 * - secrets.rotation_due_at: when the next rotation window opens. It is separate from
 *   next_rotation_at, which holds what DescribeSecret shows (AWS shows the window's last second).
 *   The partial index holds only live secrets with a schedule, so the scheduler's query is an
 *   index range however many secrets exist.
 * - rotation_runs: one row per rotation (the write-ahead record); at most one 'running' per secret.
 * - rotation_functions: rotation functions named by Lambda ARN (webhooks and handler files).
 */
export const ROTATION_SCHEMA = `
ALTER TABLE secrets ADD COLUMN rotation_due_at INTEGER;
CREATE INDEX secrets_by_rotation_due ON secrets (rotation_due_at)
  WHERE rotation_due_at IS NOT NULL AND deleted_at IS NULL;

CREATE TABLE rotation_runs (
  id TEXT PRIMARY KEY,
  secret_id TEXT NOT NULL REFERENCES secrets (id) ON DELETE CASCADE,
  token TEXT NOT NULL,
  rotation_token TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('rotate', 'test')),
  function_arn TEXT NOT NULL,
  step TEXT CHECK (step IN ('createSecret', 'setSecret', 'testSecret', 'finishSecret')),
  status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'abandoned', 'cancelled')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  lease_owner TEXT,
  lease_expires_at INTEGER,
  next_attempt_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
-- One rotation at a time per secret, whatever the number of nodes.
CREATE UNIQUE INDEX rotation_runs_one_running ON rotation_runs (secret_id) WHERE status = 'running';
CREATE INDEX rotation_runs_due ON rotation_runs (next_attempt_at) WHERE status = 'running';
CREATE INDEX rotation_runs_by_secret ON rotation_runs (secret_id, created_at);

CREATE TABLE rotation_functions (
  arn TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('webhook', 'node', 'python')),
  target TEXT NOT NULL,
  handler TEXT,
  timeout_ms INTEGER NOT NULL,
  sealed_signing_key BLOB,
  access_key_id TEXT,
  created_at INTEGER NOT NULL
);
`;

/**
 * Migration 7: handler functions run with short-lived sessions of an execution role instead of
 * a long-lived access key of their own (docs/rotation.md, "Execution roles").
 *
 * - rotation_functions.role_arn: the function's execution role; the access_key_id column goes,
 *   and the keys it named (administrator-equivalent, never shown to anyone) are deleted: a
 *   function registered before has no role and fails with a message saying to register it again.
 * - rotation_runs.foreign_write_at: a PutSecretValue to the run's pending version that was
 *   refused as "not created by Lambda" during the current attempt (statement 99).
 * - iam_sessions.source_function_arn: the function a session was issued to invoke (Lambda's
 *   lambda:SourceFunctionArn); not inherited by sessions it assumes in turn.
 */
export const ROTATION_ROLES_SCHEMA = `
ALTER TABLE rotation_functions ADD COLUMN role_arn TEXT;
DELETE FROM access_keys WHERE access_key_id IN
  (SELECT access_key_id FROM rotation_functions WHERE access_key_id IS NOT NULL);
ALTER TABLE rotation_functions DROP COLUMN access_key_id;
ALTER TABLE rotation_runs ADD COLUMN foreign_write_at INTEGER;
ALTER TABLE iam_sessions ADD COLUMN source_function_arn TEXT;
`;
