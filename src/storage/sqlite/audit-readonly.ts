import Database from 'better-sqlite3';
import type { AuditReads } from '../audit-ports.js';
import { createAuditRecords } from './audit-records.js';
import { createAuditWebhooks } from './audit-webhooks.js';
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
