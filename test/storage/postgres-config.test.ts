import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';

/** --database and the STRONGROOM_DB_* settings (src/config/config.ts). */
describe('PostgreSQL configuration', () => {
  const URL = 'postgres://strongroom@db.internal:5432/strongroom';

  it('takes the database from --database, else STRONGROOM_DATABASE_URL; SQLite when neither', () => {
    expect(loadConfig('server', { database: URL }, {}).databaseUrl).toBe(URL);
    expect(loadConfig('server', {}, { STRONGROOM_DATABASE_URL: URL }).databaseUrl).toBe(URL);
    expect(loadConfig('server', { database: URL }, { STRONGROOM_DATABASE_URL: 'postgres://other/x' }).databaseUrl).toBe(
      URL,
    );
    expect(loadConfig('server', {}, {}).databaseUrl).toBeUndefined();
  });

  it('defaults the pool to 10 connections, 5 s statements and 5 s to connect, each settable', () => {
    expect(loadConfig('server', {}, {}).db).toEqual({ poolMax: 10, statementTimeoutMs: 5000, connectTimeoutMs: 5000 });
    const env = {
      STRONGROOM_DB_POOL_MAX: '25',
      STRONGROOM_DB_STATEMENT_TIMEOUT_MS: '1500',
      STRONGROOM_DB_CONNECT_TIMEOUT_MS: '800',
    };
    expect(loadConfig('server', {}, env).db).toEqual({ poolMax: 25, statementTimeoutMs: 1500, connectTimeoutMs: 800 });
  });

  it('refuses a pool setting that is not a positive integer', () => {
    for (const bad of ['0', '-1', '1.5', 'ten']) {
      expect(() => loadConfig('server', {}, { STRONGROOM_DB_POOL_MAX: bad })).toThrow(
        `invalid STRONGROOM_DB_POOL_MAX: ${bad} (a positive integer)`,
      );
    }
  });

  it('refuses dev --database without a lasting root key (a throwaway key would lock the next start out)', () => {
    expect(() => loadConfig('dev', { database: URL }, {})).toThrow(/dev --database needs a lasting root key/);
    expect(loadConfig('dev', { database: URL, dataDir: '/tmp/x' }, {}).databaseUrl).toBe(URL);
    expect(loadConfig('dev', { database: URL }, { STRONGROOM_ROOT_KEY: 'a'.repeat(64) }).databaseUrl).toBe(URL);
  });
});
