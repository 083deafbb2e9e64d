import type { Database } from 'better-sqlite3';
import type { AuditStore } from '../audit-ports.js';
import { createAuditRecords } from './audit-records.js';
import { createAuditWebhooks } from './audit-webhooks.js';
import { createAuditWriter } from './audit-writer.js';
import { lift, type Runner } from './sync.js';

export type SqliteAudit = { store: AuditStore; close(): Promise<void> };

/**
 * The AuditStore over the store's connection, run through the transaction gate; appends and
 * checkpoints to a database file go to the writer thread (audit-writer.ts) instead.
 */
export function createSqliteAudit(db: Database, run: Runner): SqliteAudit {
  const store: AuditStore = lift({ ...createAuditRecords(db), ...createAuditWebhooks(db) }, run);
  const writer = db.memory ? undefined : createAuditWriter(db.name);
  return {
    store: writer
      ? { ...store, appendAudit: (drafts) => writer.append(drafts), appendAuditCheckpoint: (c) => writer.checkpoint(c) }
      : store,
    close: async () => writer?.close(),
  };
}
