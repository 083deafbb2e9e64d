import type { Database } from 'better-sqlite3';
import type { RotationStore } from '../rotation-ports.js';
import { createRotationFunctions } from './rotation-functions.js';
import { createRotationRuns } from './rotation-runs.js';
import { createRotationSchedules } from './rotation-schedules.js';
import type { Sync } from './sync.js';

/** The synchronous RotationStore over one migrated connection (lifted in store.ts). */
export const createRotationStore = (db: Database): Sync<RotationStore> => ({
  ...createRotationSchedules(db),
  ...createRotationRuns(db),
  ...createRotationFunctions(db),
});
