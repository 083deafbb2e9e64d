/**
 * Identity tables, the PostgreSQL twin of sqlite/iam-schema.ts (migration 4). The generation
 * counter is bumped by row triggers, as on SQLite, so a write by any node or by the CLI is seen
 * by every node's caches. Name keys are the lower-cased names, compared byte-wise (COLLATE "C").
 */
const TABLES = ['iam_users', 'iam_roles', 'iam_inline_policies', 'access_keys'];

export const IAM_SCHEMA = `
CREATE TABLE accounts (
  account_id TEXT COLLATE "C" PRIMARY KEY,
  created_at BIGINT NOT NULL
);

CREATE TABLE iam_users (
  account_id TEXT COLLATE "C" NOT NULL,
  name_key TEXT COLLATE "C" NOT NULL,
  user_name TEXT COLLATE "C" NOT NULL,
  user_id TEXT COLLATE "C" NOT NULL UNIQUE,
  path TEXT NOT NULL,
  arn TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (account_id, name_key)
);

CREATE TABLE iam_roles (
  account_id TEXT COLLATE "C" NOT NULL,
  name_key TEXT COLLATE "C" NOT NULL,
  role_name TEXT COLLATE "C" NOT NULL,
  role_id TEXT COLLATE "C" NOT NULL UNIQUE,
  path TEXT NOT NULL,
  arn TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  trust_policy TEXT NOT NULL,
  description TEXT,
  max_session_duration INTEGER NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (account_id, name_key)
);

CREATE TABLE iam_inline_policies (
  account_id TEXT COLLATE "C" NOT NULL,
  owner_kind TEXT NOT NULL CHECK (owner_kind IN ('user', 'role')),
  owner_key TEXT COLLATE "C" NOT NULL,
  policy_name TEXT COLLATE "C" NOT NULL,
  document TEXT NOT NULL,
  PRIMARY KEY (account_id, owner_kind, owner_key, policy_name)
);

CREATE TABLE iam_sessions (
  access_key_id TEXT COLLATE "C" PRIMARY KEY,
  account_id TEXT COLLATE "C" NOT NULL,
  role_arn TEXT NOT NULL,
  role_id TEXT NOT NULL,
  role_name TEXT NOT NULL,
  session_name TEXT NOT NULL,
  sealed_secret BYTEA NOT NULL,
  token_hash BYTEA NOT NULL,
  tags TEXT NOT NULL DEFAULT '[]',
  transitive_tag_keys TEXT NOT NULL DEFAULT '[]',
  source_identity TEXT,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX iam_sessions_by_expiry ON iam_sessions (expires_at);

CREATE TABLE iam_generation (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value BIGINT NOT NULL
);
INSERT INTO iam_generation (id, value) VALUES (1, 0);

CREATE FUNCTION iam_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE iam_generation SET value = value + 1 WHERE id = 1;
  RETURN NULL;
END
$$;
${TABLES.map(
  (t) => `CREATE TRIGGER ${t}_bumps AFTER INSERT OR UPDATE OR DELETE ON ${t}
  FOR EACH ROW EXECUTE FUNCTION iam_generation_bump();`,
).join('\n')}

UPDATE access_keys SET principal_arn = 'arn:aws:iam::' || account_id || ':root', user_name = 'root'
  WHERE access_key_id IN (SELECT value FROM meta WHERE key = 'admin_access_key_id');
INSERT INTO accounts (account_id, created_at)
  SELECT value, 0 FROM meta WHERE key = 'default_account_id';
`;
