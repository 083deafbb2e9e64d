import { describe } from 'vitest';
import type { Store } from '../ports.js';
import { auditCases } from './audit-cases.js';
import { useFreshStore } from './fixtures.js';
import { iamCases } from './iam-cases.js';
import { kmsCases } from './kms-cases.js';
import { replicationCases } from './replication-cases.js';
import { rotationCases } from './rotation-cases.js';
import { scanCases } from './scan-cases.js';
import { secretCases } from './secret-cases.js';
import { supportCases } from './support-cases.js';
import { transactionCases } from './transaction-cases.js';
import { versionCases } from './version-cases.js';

/**
 * The contract every Store implementation passes (sqlite/ today, postgres/ later). Call it from
 * a test file with a factory that returns a fresh, empty, migrated store; each case gets its
 * own store, closed afterwards.
 */
export function storeContract(name: string, make: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    const handle = useFreshStore(make);
    secretCases(handle);
    versionCases(handle);
    transactionCases(handle);
    scanCases(handle);
    supportCases(handle);
    replicationCases(handle);
    iamCases(handle);
    rotationCases(handle);
    auditCases(handle);
    kmsCases(handle);
  });
}
