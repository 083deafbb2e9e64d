import { afterAll, beforeAll, describe } from 'vitest';
import { storeContract } from '../../src/storage/conformance/store-contract.js';
import { openPostgresStore } from '../../src/storage/postgres/open-postgres.js';
import { createTestDatabase, pgAvailable, type TestDatabase } from '../helpers/pg-database.js';

/** The storage contract against PostgreSQL: every case gets a freshly migrated, empty database. */
const available = await pgAvailable();

describe.skipIf(!available)('postgres', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  storeContract('postgres', async () => {
    await db.reset();
    return openPostgresStore({ url: db.url, poolMax: 4 });
  });
});
