/**
 * Migration 6: customer-managed KMS keys. kms_keys (migration 1) gains the metadata KMS reports;
 * rows written before (the aws/secretsmanager keys) get AWS managed defaults. Aliases of customer
 * keys live in kms_aliases; the aws/secretsmanager alias stays on its key row (kms_keys.alias).
 */
export const KMS_SCHEMA = `
ALTER TABLE kms_keys ADD COLUMN description TEXT NOT NULL DEFAULT '';
ALTER TABLE kms_keys ADD COLUMN key_spec TEXT NOT NULL DEFAULT 'SYMMETRIC_DEFAULT';
ALTER TABLE kms_keys ADD COLUMN key_usage TEXT NOT NULL DEFAULT 'ENCRYPT_DECRYPT';
ALTER TABLE kms_keys ADD COLUMN key_manager TEXT NOT NULL DEFAULT 'AWS' CHECK (key_manager IN ('AWS', 'CUSTOMER'));
ALTER TABLE kms_keys ADD COLUMN key_state TEXT NOT NULL DEFAULT 'Enabled'
  CHECK (key_state IN ('Enabled', 'Disabled', 'PendingDeletion'));
ALTER TABLE kms_keys ADD COLUMN deletion_date INTEGER;
ALTER TABLE kms_keys ADD COLUMN pending_window_days INTEGER;
ALTER TABLE kms_keys ADD COLUMN policy TEXT NOT NULL DEFAULT '';
ALTER TABLE kms_keys ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
CREATE INDEX kms_keys_by_account ON kms_keys (account_id, region, key_id);
CREATE INDEX kms_keys_by_deletion ON kms_keys (deletion_date) WHERE deletion_date IS NOT NULL;

CREATE TABLE kms_aliases (
  account_id TEXT NOT NULL,
  region TEXT NOT NULL,
  alias_name TEXT NOT NULL,
  target_key_id TEXT NOT NULL REFERENCES kms_keys (key_id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, region, alias_name)
);
CREATE INDEX kms_aliases_by_key ON kms_aliases (target_key_id);
`;
