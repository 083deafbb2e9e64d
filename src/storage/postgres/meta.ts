import type { MetaStore } from '../ports.js';
import { one, type Sql } from './sql.js';

const GET = { name: 'm_get', text: 'SELECT value FROM meta WHERE key = $1' };

/**
 * Small server-wide settings (the root key's check value, the administrator's key id), first
 * writer wins across every node. initMeta is two statements on purpose: a single
 * `WITH ins AS (INSERT … ON CONFLICT DO NOTHING RETURNING …) SELECT …` reads with the snapshot
 * taken before a racing node committed, and would find nothing. The INSERT waits for a racing
 * insert of the same key to commit; the SELECT after it sees the winner's value.
 */
export function createMeta(sql: Sql): MetaStore {
  const getMeta = async (key: string) => (await one<{ value: string }>(sql, { ...GET, values: [key] }))?.value;
  return {
    getMeta,
    async initMeta(key, value) {
      await sql({
        name: 'm_init',
        text: 'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
        values: [key, value],
      });
      const stored = await getMeta(key);
      if (stored === undefined) throw new Error(`meta ${key} vanished after insert`);
      return stored;
    },
  };
}
