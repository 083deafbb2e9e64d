import type { Store } from '../ports.js';
import { rowToSecret, SECRET_SELECT, type SecretRow } from '../sqlite/secret-rows.js';
import { all, type Sql } from './sql.js';

type Housekeeping = Pick<Store, 'touchLastAccessed' | 'findDueDeletions'>;

/**
 * Both rows in one statement (one round trip, one commit). `IS DISTINCT FROM` makes the common
 * case (already touched today) a read that writes nothing and takes no row lock, so
 * GetSecretValue never waits behind a writer holding the secret's lock.
 */
const TOUCH = {
  name: 'h_touch',
  text: `WITH v AS (
      UPDATE secret_versions SET last_accessed_at = $3
      WHERE secret_id = $1 AND version_id = $2 AND last_accessed_at IS DISTINCT FROM $3
    )
    UPDATE secrets SET last_accessed_at = $3 WHERE id = $1 AND last_accessed_at IS DISTINCT FROM $3`,
};

/** Bookkeeping that runs outside transactions: last-accessed days and the purge worker's query. */
export function createHousekeeping(sql: Sql): Housekeeping {
  return {
    async touchLastAccessed(secretId, versionId, day) {
      await sql({ ...TOUCH, values: [secretId, versionId, day] });
    },
    findDueDeletions: async (now, limit) =>
      (
        await all<SecretRow>(sql, {
          name: 'h_due',
          text: `SELECT ${SECRET_SELECT} FROM secrets WHERE deletion_date <= $1 ORDER BY deletion_date, id LIMIT $2`,
          values: [now, limit],
        })
      ).map(rowToSecret),
  };
}
