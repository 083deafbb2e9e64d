import type { Database } from 'better-sqlite3';
import type { Store } from '../ports.js';
import { rowToSecret, SECRET_SELECT, type SecretRow } from './secret-rows.js';
import type { Sync } from './sync.js';

type Housekeeping = Sync<Pick<Store, 'touchLastAccessed' | 'findDueDeletions'>>;

/** Bookkeeping that runs outside transactions: last-accessed days and the purge worker's query. */
export function createHousekeeping(db: Database): Housekeeping {
  // `IS NOT ?` makes the common case (already touched today) a read that writes nothing, so it
  // costs no WAL frame and no fsync.
  const touchVersion = db.prepare<[number, string, string, number]>(
    'UPDATE secret_versions SET last_accessed_at = ? WHERE secret_id = ? AND version_id = ? AND last_accessed_at IS NOT ?',
  );
  const touchSecret = db.prepare<[number, string, number]>(
    'UPDATE secrets SET last_accessed_at = ? WHERE id = ? AND last_accessed_at IS NOT ?',
  );
  const due = db.prepare<[number, number], SecretRow>(
    `SELECT ${SECRET_SELECT} FROM secrets WHERE deletion_date <= ? ORDER BY deletion_date, id LIMIT ?`,
  );

  return {
    // One transaction for both rows: one commit (one fsync) when the day changes.
    touchLastAccessed: db.transaction((secretId: string, versionId: string, day: number) => {
      touchVersion.run(day, secretId, versionId, day);
      touchSecret.run(day, secretId, day);
    }),
    findDueDeletions: (now, limit) => due.all(now, limit).map(rowToSecret),
  };
}
