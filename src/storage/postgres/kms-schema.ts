/**
 * Migration 6, the PostgreSQL twin of sqlite/kms-schema.ts: kms_keys gains the metadata KMS
 * reports (rows written before, the aws/secretsmanager keys, get AWS managed defaults), and
 * customer keys' aliases live in kms_aliases. Ids and alias names are paged in byte order
 * (COLLATE "C"), as on SQLite.
 */
export const KMS_SCHEMA = `
ALTER TABLE kms_keys ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE kms_keys ADD COLUMN key_spec TEXT NOT NULL DEFAULT 'SYMMETRIC_DEFAULT';
ALTER TABLE kms_keys ADD COLUMN key_usage TEXT NOT NULL DEFAULT 'ENCRYPT_DECRYPT';
ALTER TABLE kms_keys ADD COLUMN key_manager TEXT NOT NULL DEFAULT 'AWS' CHECK (key_manager IN ('AWS', 'CUSTOMER'));
ALTER TABLE kms_keys ADD COLUMN key_state TEXT NOT NULL DEFAULT 'Enabled'
  CHECK (key_state IN ('Enabled', 'Disabled', 'PendingDeletion'));
ALTER TABLE kms_keys ADD COLUMN deletion_date BIGINT;
ALTER TABLE kms_keys ADD COLUMN pending_window_days INTEGER;
ALTER TABLE kms_keys ADD COLUMN policy TEXT NOT NULL DEFAULT '';
ALTER TABLE kms_keys ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
CREATE INDEX kms_keys_by_account ON kms_keys (account_id, region, key_id);
CREATE INDEX kms_keys_by_deletion ON kms_keys (deletion_date) WHERE deletion_date IS NOT NULL;

CREATE TABLE kms_aliases (
  account_id TEXT COLLATE "C" NOT NULL,
  region TEXT COLLATE "C" NOT NULL,
  alias_name TEXT COLLATE "C" NOT NULL,
  target_key_id TEXT COLLATE "C" NOT NULL REFERENCES kms_keys (key_id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (account_id, region, alias_name)
);
CREATE INDEX kms_aliases_by_key ON kms_aliases (target_key_id);
`;
