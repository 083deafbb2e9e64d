/**
 * Identity tables (storage/iam-ports.ts); migrations.ts applies this as one migration.
 *
 * Names are unique per account ignoring case, as IAM's are: `name_key` holds the lower-cased
 * name. Triggers keep `iam_generation` moving on every write to the tables that feed caches of
 * signing keys and compiled policies, so another process writing the same database file (the
 * `strongroom admin` CLI) is noticed by a running server without a message between them.
 *
 * The last two statements move existing databases to the account-root model: the bootstrap
 * administrator's key (first written as user/admin) becomes its account's root key, and the
 * default account gets its row.
 */
const BUMP = 'UPDATE iam_generation SET value = value + 1 WHERE id = 1;';

const triggers = (table: string) =>
  ['INSERT', 'UPDATE', 'DELETE']
    .map((op) => `CREATE TRIGGER ${table}_${op.toLowerCase()}_bumps AFTER ${op} ON ${table} BEGIN ${BUMP} END;`)
    .join('\n');

export const IAM_SCHEMA = `
CREATE TABLE accounts (
  account_id TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL
);

CREATE TABLE iam_users (
  account_id TEXT NOT NULL,
  name_key TEXT NOT NULL,
  user_name TEXT NOT NULL,
  user_id TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  arn TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (account_id, name_key)
);

CREATE TABLE iam_roles (
  account_id TEXT NOT NULL,
  name_key TEXT NOT NULL,
  role_name TEXT NOT NULL,
  role_id TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  arn TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  trust_policy TEXT NOT NULL,
  description TEXT,
  max_session_duration INTEGER NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (account_id, name_key)
);

CREATE TABLE iam_inline_policies (
  account_id TEXT NOT NULL,
  owner_kind TEXT NOT NULL CHECK (owner_kind IN ('user', 'role')),
  owner_key TEXT NOT NULL,
  policy_name TEXT NOT NULL,
  document TEXT NOT NULL,
  PRIMARY KEY (account_id, owner_kind, owner_key, policy_name)
);

CREATE TABLE iam_sessions (
  access_key_id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL,
  role_arn TEXT NOT NULL,
  role_id TEXT NOT NULL,
  role_name TEXT NOT NULL,
  session_name TEXT NOT NULL,
  sealed_secret BLOB NOT NULL,
  token_hash BLOB NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]',
  transitive_tag_keys TEXT NOT NULL DEFAULT '[]',
  source_identity TEXT,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX iam_sessions_by_expiry ON iam_sessions (expires_at);

CREATE TABLE iam_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO iam_generation (id, value) VALUES (1, 0);

${triggers('iam_users')}
${triggers('iam_roles')}
${triggers('iam_inline_policies')}
${triggers('access_keys')}

UPDATE access_keys SET principal_arn = 'arn:aws:iam::' || account_id || ':root', user_name = 'root'
  WHERE access_key_id IN (SELECT value FROM meta WHERE key = 'admin_access_key_id');
INSERT INTO accounts (account_id, created_at)
  SELECT value, 0 FROM meta WHERE key = 'default_account_id';
`;
