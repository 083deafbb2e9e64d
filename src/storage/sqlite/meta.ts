import type { Database } from 'better-sqlite3';
import type { MetaStore } from '../ports.js';
import type { Sync } from './sync.js';

/** Small server-wide settings (e.g. the root key's check value), first writer wins. */
export function createMeta(db: Database): Sync<MetaStore> {
  const get = db.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck();
  const init = db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING');
  return {
    getMeta: (key) => get.get(key),
    initMeta(key, value) {
      init.run(key, value);
      const stored = get.get(key);
      if (stored === undefined) throw new Error(`meta ${key} vanished after insert`);
      return stored;
    },
  };
}
