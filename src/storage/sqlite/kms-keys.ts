import type { Database } from 'better-sqlite3';
import type { KmsAliasRecord, KmsKeyRecord, KmsKeyState, KmsStore } from '../kms-ports.js';
import { bytesOut } from './secret-rows.js';
import type { Sync } from './sync.js';

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

/** Customer-managed keys' metadata and aliases (storage/kms-ports.ts). */
export function createKmsKeys(db: Database): Sync<KmsStore> {
  const insertKey = db.prepare(
    `INSERT INTO kms_keys (key_id, account_id, region, alias, wrapped, created_at, enabled, description, key_spec,
       key_usage, key_manager, key_state, deletion_date, pending_window_days, policy, tags)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byId = db.prepare<[string], KmsKeyRow>(`${KEY_SELECT} WHERE key_id = ?`);
  const page = db.prepare<[string, string, string, number], KmsKeyRow>(
    `${KEY_SELECT} WHERE account_id = ? AND region = ? AND key_id > ? ORDER BY key_id LIMIT ?`,
  );
  const setState = db.prepare(
    'UPDATE kms_keys SET key_state = ?, enabled = ?, deletion_date = ?, pending_window_days = ? WHERE key_id = ?',
  );
  const setDescription = db.prepare('UPDATE kms_keys SET description = ? WHERE key_id = ?');
  const setPolicy = db.prepare('UPDATE kms_keys SET policy = ? WHERE key_id = ?');
  const due = db.prepare<[number], { key_id: string }>(
    "SELECT key_id FROM kms_keys WHERE deletion_date <= ? AND key_state = 'PendingDeletion'",
  );
  const deleteKey = db.prepare('DELETE FROM kms_keys WHERE key_id = ?');
  const insertAlias = db.prepare(
    `INSERT INTO kms_aliases (account_id, region, alias_name, target_key_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const aliasByName = db.prepare<[string, string, string], AliasRow>(
    `${ALIAS_SELECT} WHERE account_id = ? AND region = ? AND alias_name = ?`,
  );
  const aliasPage = db.prepare<[string, string, string, number], AliasRow>(
    `${ALIAS_SELECT} WHERE account_id = ? AND region = ? AND alias_name > ? ORDER BY alias_name LIMIT ?`,
  );
  const aliasPageOfKey = db.prepare<[string, string, string, string, number], AliasRow>(
    `${ALIAS_SELECT} WHERE account_id = ? AND region = ? AND target_key_id = ? AND alias_name > ?
     ORDER BY alias_name LIMIT ?`,
  );
  const retarget = db.prepare(
    'UPDATE kms_aliases SET target_key_id = ?, updated_at = ? WHERE account_id = ? AND region = ? AND alias_name = ?',
  );
  const deleteAlias = db.prepare('DELETE FROM kms_aliases WHERE account_id = ? AND region = ? AND alias_name = ?');
  const purge = db.transaction((now: number) => {
    const ids = due.all(now).map((r) => r.key_id);
    for (const id of ids) deleteKey.run(id);
    return ids;
  });

  return {
    insertKmsKey(k) {
      insertKey.run(
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
      );
    },
    findKmsKey(keyId) {
      const row = byId.get(keyId);
      return row ? rowToKey(row) : undefined;
    },
    listKmsKeys: (accountId, region, after, limit) => page.all(accountId, region, after ?? '', limit).map(rowToKey),
    setKmsKeyState(c) {
      setState.run(c.state, c.enabled ? 1 : 0, c.deletionDate ?? null, c.pendingWindowDays ?? null, c.keyId);
    },
    setKmsKeyDescription(keyId, description) {
      setDescription.run(description, keyId);
    },
    setKmsKeyPolicy(keyId, policy) {
      setPolicy.run(policy, keyId);
    },
    purgeKmsKeys: (now) => purge(now),
    insertKmsAlias(a) {
      const r = insertAlias.run(a.accountId, a.region, a.aliasName, a.targetKeyId, a.createdAt, a.updatedAt);
      return r.changes === 1;
    },
    findKmsAlias(accountId, region, aliasName) {
      const row = aliasByName.get(accountId, region, aliasName);
      return row ? rowToAlias(row) : undefined;
    },
    listKmsAliases(accountId, region, q) {
      const rows =
        q.keyId === undefined
          ? aliasPage.all(accountId, region, q.after ?? '', q.limit)
          : aliasPageOfKey.all(accountId, region, q.keyId, q.after ?? '', q.limit);
      return rows.map(rowToAlias);
    },
    updateKmsAlias: (accountId, region, aliasName, targetKeyId, now) =>
      retarget.run(targetKeyId, now, accountId, region, aliasName).changes === 1,
    deleteKmsAlias: (accountId, region, aliasName) => deleteAlias.run(accountId, region, aliasName).changes === 1,
  };
}
