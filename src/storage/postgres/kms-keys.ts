import type { KmsAliasRecord, KmsKeyRecord, KmsKeyState, KmsStore } from '../kms-ports.js';
import { bytesOut } from '../sqlite/secret-rows.js';
import { all, one, type Sql } from './sql.js';

type KmsKeyRow = {
  key_id: string;
  account_id: string;
  region: string;
  alias: string | null;
  wrapped: Uint8Array;
  created_at: number;
  enabled: number;
  description: string;
  key_spec: string;
  key_usage: string;
  key_manager: 'AWS' | 'CUSTOMER';
  key_state: KmsKeyState;
  deletion_date: number | null;
  pending_window_days: number | null;
  policy: string;
  tags: string;
};

type AliasRow = {
  account_id: string;
  region: string;
  alias_name: string;
  target_key_id: string;
  created_at: number;
  updated_at: number;
};

const KEY_SELECT = `SELECT key_id, account_id, region, alias, wrapped, created_at, enabled, description, key_spec,
  key_usage, key_manager, key_state, deletion_date, pending_window_days, policy, tags FROM kms_keys`;
const ALIAS_SELECT = 'SELECT account_id, region, alias_name, target_key_id, created_at, updated_at FROM kms_aliases';

function rowToKey(r: KmsKeyRow): KmsKeyRecord {
  const k: KmsKeyRecord = {
    keyId: r.key_id,
    accountId: r.account_id,
    region: r.region,
    wrapped: bytesOut(r.wrapped),
    createdAt: r.created_at,
    enabled: r.enabled === 1,
    description: r.description,
    keySpec: r.key_spec,
    keyUsage: r.key_usage,
    keyManager: r.key_manager,
    state: r.key_state,
    policy: r.policy,
    tags: JSON.parse(r.tags),
  };
  if (r.alias !== null) k.alias = r.alias;
  if (r.deletion_date !== null) k.deletionDate = r.deletion_date;
  if (r.pending_window_days !== null) k.pendingWindowDays = r.pending_window_days;
  return k;
}

const rowToAlias = (r: AliasRow): KmsAliasRecord => ({
  accountId: r.account_id,
  region: r.region,
  aliasName: r.alias_name,
  targetKeyId: r.target_key_id,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/**
 * Customer-managed keys' metadata and aliases (storage/kms-ports.ts), the PostgreSQL twin of
 * sqlite/kms-keys.ts. Every method is one statement, so each is atomic without a transaction.
 */
export function createKmsKeys(sql: Sql): KmsStore {
  return {
    async insertKmsKey(k) {
      await sql({
        name: 'kms_insert_key',
        text: `INSERT INTO kms_keys (key_id, account_id, region, alias, wrapped, created_at, enabled, description,
            key_spec, key_usage, key_manager, key_state, deletion_date, pending_window_days, policy, tags)
          VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        values: [
          k.keyId,
          k.accountId,
          k.region,
          k.alias ?? null,
          k.wrapped,
          k.createdAt,
          k.enabled ? 1 : 0,
          k.description,
          k.keySpec,
          k.keyUsage,
          k.keyManager,
          k.state,
          k.deletionDate ?? null,
          k.pendingWindowDays ?? null,
          k.policy,
          JSON.stringify(k.tags),
        ],
      });
    },
    async findKmsKey(keyId) {
      const row = await one<KmsKeyRow>(sql, {
        name: 'kms_key_by_id',
        text: `${KEY_SELECT} WHERE key_id = $1`,
        values: [keyId],
      });
      return row ? rowToKey(row) : undefined;
    },
    listKmsKeys: async (accountId, region, after, limit) =>
      (
        await all<KmsKeyRow>(sql, {
          name: 'kms_key_page',
          text: `${KEY_SELECT} WHERE account_id = $1 AND region = $2 AND key_id > $3 ORDER BY key_id LIMIT $4`,
          values: [accountId, region, after ?? '', limit],
        })
      ).map(rowToKey),
    async setKmsKeyState(c) {
      await sql({
        name: 'kms_set_state',
        text: `UPDATE kms_keys SET key_state = $1, enabled = $2, deletion_date = $3, pending_window_days = $4
          WHERE key_id = $5`,
        values: [c.state, c.enabled ? 1 : 0, c.deletionDate ?? null, c.pendingWindowDays ?? null, c.keyId],
      });
    },
    async setKmsKeyDescription(keyId, description) {
      await sql({
        name: 'kms_set_description',
        text: 'UPDATE kms_keys SET description = $1 WHERE key_id = $2',
        values: [description, keyId],
      });
    },
    async setKmsKeyPolicy(keyId, policy) {
      await sql({
        name: 'kms_set_policy',
        text: 'UPDATE kms_keys SET policy = $1 WHERE key_id = $2',
        values: [policy, keyId],
      });
    },
    // One statement: a key cancelled (CancelKeyDeletion) meanwhile no longer matches, and the
    // aliases go with their key (ON DELETE CASCADE). Two nodes purging at once each delete, and
    // report, a key at most once.
    purgeKmsKeys: async (now) =>
      (
        await all<{ key_id: string }>(sql, {
          name: 'kms_purge',
          text: `WITH gone AS (
              DELETE FROM kms_keys WHERE deletion_date <= $1 AND key_state = 'PendingDeletion' RETURNING key_id
            )
            SELECT key_id FROM gone ORDER BY key_id`,
          values: [now],
        })
      ).map((r) => r.key_id),
    insertKmsAlias: async (a) =>
      (
        await sql({
          name: 'kms_insert_alias',
          text: `INSERT INTO kms_aliases (account_id, region, alias_name, target_key_id, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
          values: [a.accountId, a.region, a.aliasName, a.targetKeyId, a.createdAt, a.updatedAt],
        })
      ).rowCount === 1,
    async findKmsAlias(accountId, region, aliasName) {
      const row = await one<AliasRow>(sql, {
        name: 'kms_alias_by_name',
        text: `${ALIAS_SELECT} WHERE account_id = $1 AND region = $2 AND alias_name = $3`,
        values: [accountId, region, aliasName],
      });
      return row ? rowToAlias(row) : undefined;
    },
    listKmsAliases: async (accountId, region, q) =>
      (
        await all<AliasRow>(sql, {
          name: 'kms_alias_page',
          // $3 NULL lists every key's aliases.
          text: `${ALIAS_SELECT} WHERE account_id = $1 AND region = $2
              AND ($3::text IS NULL OR target_key_id = $3) AND alias_name > $4
            ORDER BY alias_name LIMIT $5`,
          values: [accountId, region, q.keyId ?? null, q.after ?? '', q.limit],
        })
      ).map(rowToAlias),
    updateKmsAlias: async (accountId, region, aliasName, targetKeyId, now) =>
      (
        await sql({
          name: 'kms_retarget_alias',
          text: `UPDATE kms_aliases SET target_key_id = $1, updated_at = $2
            WHERE account_id = $3 AND region = $4 AND alias_name = $5`,
          values: [targetKeyId, now, accountId, region, aliasName],
        })
      ).rowCount === 1,
    deleteKmsAlias: async (accountId, region, aliasName) =>
      (
        await sql({
          name: 'kms_delete_alias',
          text: 'DELETE FROM kms_aliases WHERE account_id = $1 AND region = $2 AND alias_name = $3',
          values: [accountId, region, aliasName],
        })
      ).rowCount === 1,
  };
}
