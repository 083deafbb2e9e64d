import Database from 'better-sqlite3';
import type { AuditReads } from '../audit-ports.js';
import { createAuditRecords } from './audit-records.js';
import { createAuditWebhooks } from './audit-webhooks.js';
import { AUDIT_LAYOUT_VERSION } from './migrations.js';
import { lift } from './sync.js';

export type AuditReader = AuditReads & { close(): void };

/**
 * Opens a database file read-only for `strongroom audit verify|tail|search`: safe next to a
 * running server (WAL readers never block the writer), and it never migrates or writes.
 */
export function openAuditReader(path: string): AuditReader {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_records'").get();
    if (!has) throw new Error(`${path} has no audit trail yet: start the server once to create it`);
    // The reader never migrates: a trail in an older layout is upgraded by the server.
    const version = db.prepare<[], { v: number }>('SELECT max(version) AS v FROM schema_migrations').get()?.v ?? 0;
    if (version < AUDIT_LAYOUT_VERSION) {
      throw new Error(
        `${path} was written by an older Strongroom: start the server of this version once to upgrade it`,
      );
    }
    const records = createAuditRecords(db);
    const webhooks = createAuditWebhooks(db);
    const reads = {
      readAudit: records.readAudit,
      queryAudit: records.queryAudit,
      auditEntryAt: records.auditEntryAt,
      auditEntryById: records.auditEntryById,
      auditHead: records.auditHead,
      listAuditCheckpoints: records.listAuditCheckpoints,
      listAuditSubscriptions: webhooks.listAuditSubscriptions,
      auditIndexMismatch: records.auditIndexMismatch,
    };
    return {
      ...lift(reads, async (op) => op()),
      close: () => db.close(),
    };
  } catch (e) {
    db.close();
    throw e;
  }
}
