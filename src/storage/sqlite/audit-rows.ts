import type { AuditEntry, AuditResource } from '../audit-ports.js';

/** An audit_records row; its resources are read apart (PostgreSQL: audit_resources; SQLite: its resources column, migration 8). */
export type AuditRow = {
  seq: number;
  event_id: string;
  event_time: number;
  account_id: string;
  region: string;
  event_source: string;
  event_name: string;
  read_only: number;
  username: string | null;
  access_key_id: string | null;
  record: string;
  prev_event_id: string;
  prev_hash: string;
  hash: string;
};

export const AUDIT_COLUMNS = [
  'seq',
  'event_id',
  'event_time',
  'account_id',
  'region',
  'event_source',
  'event_name',
  'read_only',
  'username',
  'access_key_id',
  'record',
  'prev_event_id',
  'prev_hash',
  'hash',
] as const satisfies readonly (keyof AuditRow)[];

/** The columns qualified by a table alias. */
export const auditSelect = (alias: string): string => AUDIT_COLUMNS.map((c) => `${alias}.${c}`).join(', ');

export function rowToEntry(r: AuditRow, resources: AuditResource[]): AuditEntry {
  const keys: AuditEntry['keys'] = {
    accountId: r.account_id,
    region: r.region,
    eventSource: r.event_source,
    eventName: r.event_name,
    readOnly: r.read_only === 1,
    resources,
  };
  if (r.username !== null) keys.username = r.username;
  if (r.access_key_id !== null) keys.accessKeyId = r.access_key_id;
  return {
    seq: r.seq,
    eventId: r.event_id,
    eventTime: r.event_time,
    record: r.record,
    keys,
    prevEventId: r.prev_event_id,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export const entryToRow = (e: AuditEntry): AuditRow => ({
  seq: e.seq,
  event_id: e.eventId,
  event_time: e.eventTime,
  account_id: e.keys.accountId,
  region: e.keys.region,
  event_source: e.keys.eventSource,
  event_name: e.keys.eventName,
  read_only: e.keys.readOnly ? 1 : 0,
  username: e.keys.username ?? null,
  access_key_id: e.keys.accessKeyId ?? null,
  record: e.record,
  prev_event_id: e.prevEventId,
  prev_hash: e.prevHash,
  hash: e.hash,
});
