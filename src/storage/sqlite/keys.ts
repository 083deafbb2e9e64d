import type { Database } from 'better-sqlite3';
import type { KeyRecord, KeyStore } from '../ports.js';
import { bytesOut } from './secret-rows.js';
import type { Sync } from './sync.js';

type KeyRow = {
  key_id: string;
  account_id: string;
  region: string;
  alias: string | null;
  wrapped: Uint8Array;
  created_at: number;
  enabled: number;
};

const KEY_SELECT = 'SELECT key_id, account_id, region, alias, wrapped, created_at, enabled FROM kms_keys';

function rowToKey(r: KeyRow): KeyRecord {
  const k: KeyRecord = {
    keyId: r.key_id,
    accountId: r.account_id,
    region: r.region,
    wrapped: bytesOut(r.wrapped),
    createdAt: r.created_at,
    enabled: r.enabled === 1,
  };
  if (r.alias !== null) k.alias = r.alias;
  return k;
}

/** Account keys (wrapped by the root key). */
export function createKeys(db: Database): Sync<KeyStore> {
  const byAlias = db.prepare<[string, string, string], KeyRow>(
    `${KEY_SELECT} WHERE account_id = ? AND region = ? AND alias = ?`,
  );
  const byId = db.prepare<[string], KeyRow>(`${KEY_SELECT} WHERE key_id = ?`);
  // DO NOTHING without a target covers both the key id and the (account, region, alias) rule.
  const insert = db.prepare<[string, string, string, string | null, Uint8Array, number, number]>(
    `INSERT INTO kms_keys (key_id, account_id, region, alias, wrapped, created_at, enabled)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
  );

  const findKeyByAlias = (accountId: string, region: string, alias: string) => {
    const row = byAlias.get(accountId, region, alias);
    return row ? rowToKey(row) : undefined;
  };
  const findKey = (keyId: string) => {
    const row = byId.get(keyId);
    return row ? rowToKey(row) : undefined;
  };

  return {
    findKeyByAlias,
    findKey,
    /** First writer wins: a racing creator of the same alias gets the key that was stored. */
    insertKey(k) {
      insert.run(k.keyId, k.accountId, k.region, k.alias ?? null, k.wrapped, k.createdAt, k.enabled ? 1 : 0);
      const stored =
        (k.alias !== undefined ? findKeyByAlias(k.accountId, k.region, k.alias) : undefined) ?? findKey(k.keyId);
      if (!stored) throw new Error(`key ${k.keyId} vanished after insert`);
      return stored;
    },
  };
}
