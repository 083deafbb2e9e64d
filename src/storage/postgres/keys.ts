import type { KeyRecord, KeyStore } from '../ports.js';
import { bytesOut } from '../sqlite/secret-rows.js';
import { one, type Sql } from './sql.js';

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
export function createKeys(sql: Sql): KeyStore {
  const findKeyByAlias = async (accountId: string, region: string, alias: string) => {
    const row = await one<KeyRow>(sql, {
      name: 'k_by_alias',
      text: `${KEY_SELECT} WHERE account_id = $1 AND region = $2 AND alias = $3`,
      values: [accountId, region, alias],
    });
    return row ? rowToKey(row) : undefined;
  };
  const findKey = async (keyId: string) => {
    const row = await one<KeyRow>(sql, { name: 'k_by_id', text: `${KEY_SELECT} WHERE key_id = $1`, values: [keyId] });
    return row ? rowToKey(row) : undefined;
  };
  return {
    findKeyByAlias,
    findKey,
    /**
     * First writer wins, across nodes too: a racing INSERT of the same alias waits for the
     * other one to commit, then does nothing; the SELECT after it (a new statement, so a new
     * snapshot) returns the stored key.
     */
    async insertKey(k) {
      await sql({
        name: 'k_insert',
        // DO NOTHING without a target covers both the key id and the (account, region, alias) rule.
        text: `INSERT INTO kms_keys (key_id, account_id, region, alias, wrapped, created_at, enabled)
          VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        values: [k.keyId, k.accountId, k.region, k.alias ?? null, k.wrapped, k.createdAt, k.enabled ? 1 : 0],
      });
      const stored =
        (k.alias !== undefined ? await findKeyByAlias(k.accountId, k.region, k.alias) : undefined) ??
        (await findKey(k.keyId));
      if (!stored) throw new Error(`key ${k.keyId} vanished after insert`);
      return stored;
    },
  };
}
