import type { Database } from 'better-sqlite3';
import type { IamStore } from '../iam-ports.js';
import { createIamCredentials } from './iam-credentials.js';
import { createIamEntities } from './iam-entities.js';
import type { Sync } from './sync.js';

/** The IamStore port over one migrated connection; store.ts lifts it through the gate. */
export const createIamStore = (db: Database): Sync<IamStore> => ({
  ...createIamEntities(db),
  ...createIamCredentials(db),
});
