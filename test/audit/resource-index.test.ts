import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditTrail } from '../../src/audit/verify.js';
import type { AuditDraft, AuditQuery } from '../../src/storage/audit-ports.js';
import { openAuditReader } from '../../src/storage/sqlite/audit-readonly.js';
import { createAuditRecords } from '../../src/storage/sqlite/audit-records.js';
import { RUN_SIZE } from '../../src/storage/sqlite/audit-resource-index.js';
import { MIGRATIONS, migrate } from '../../src/storage/sqlite/migrations.js';
import { openSqliteDatabase } from '../../src/storage/sqlite/open-sqlite.js';

/**
 * The ResourceName index built behind the appends in runs (audit-resource-index.ts): every query
 * sees every record whether or not a run covers it yet, and verify checks the index against the
 * records' own resources.
 */
const dir = mkdtempSync(join(tmpdir(), 'strongroom-resource-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const fresh = () => join(dir, `r-${++n}.db`);

const TYPE = 'AWS::SecretsManager::Secret';
const ACCOUNT = '111122223333';
const arnOf = (name: string) => `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${name}-AbCdEf`;

/** A record as the recorder writes it, so that verify can re-derive its keys. */
function draft(i: number, name: string): AuditDraft {
  const eventId = `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;
  const eventTime = Date.UTC(2026, 0, 1, 0, 0, i);
  const record = JSON.stringify({
    eventVersion: '1.08',
    userIdentity: { type: 'Root', principalId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:root`, accountId: ACCOUNT },
    eventTime: new Date(eventTime).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: 'secretsmanager.amazonaws.com',
    eventName: 'GetSecretValue',
    awsRegion: 'us-east-1',
    requestParameters: { secretId: name },
    responseElements: null,
    eventID: eventId,
    readOnly: true,
    resources: [{ accountId: ACCOUNT, type: TYPE, ARN: arnOf(name) }],
    eventType: 'AwsApiCall',
    recipientAccountId: ACCOUNT,
  });
  const resources = [arnOf(name), name].sort().map((r) => ({ type: TYPE, name: r }));
  return {
    eventId,
    eventTime,
    record,
    keys: {
      accountId: ACCOUNT,
      region: 'us-east-1',
      eventSource: 'secretsmanager.amazonaws.com',
      eventName: 'GetSecretValue',
      readOnly: true,
      username: 'root',
      resources,
    },
    deliverTo: [],
  };
}

const byName = (value: string): AuditQuery => ({ attribute: { key: 'ResourceName', value }, limit: 50 });
const seqs = (entries: { seq: number }[]) => entries.map((e) => e.seq);
const indexRows = (db: Database.Database) =>
  (db.prepare('SELECT count(*) AS n FROM audit_resource_index').get() as { n: number }).n;
const mark = (db: Database.Database) =>
  (db.prepare('SELECT coalesce(max(last_seq), 0) AS m FROM audit_resource_runs').get() as { m: number }).m;
const runs = (db: Database.Database) =>
  db.prepare('SELECT run, last_seq FROM audit_resource_runs ORDER BY run').all() as { run: number; last_seq: number }[];

async function verify(path: string) {
  const reader = openAuditReader(path);
  try {
    return await verifyAuditTrail(reader, undefined, 3);
  } finally {
    reader.close();
  }
}

describe('audit resource index behind the appends', () => {
  it('answers ResourceName and ResourceType from the records not yet indexed, then from the index', () => {
    const db = openSqliteDatabase(fresh());
    const records = createAuditRecords(db, { resourceIndex: 'behind' });
    records.appendAudit([draft(1, 'app/a'), draft(2, 'app/b'), draft(3, 'app/a')]);
    // Nothing indexed yet: the appends wrote no index rows.
    expect(indexRows(db)).toBe(0);
    expect(mark(db)).toBe(0);
    expect(seqs(records.queryAudit(byName('app/a')))).toEqual([3, 1]);
    expect(seqs(records.queryAudit(byName(arnOf('app/b'))))).toEqual([2]);
    expect(seqs(records.queryAudit(byName('app/')))).toEqual([]);
    expect(seqs(records.queryAudit({ attribute: { key: 'ResourceType', value: TYPE }, limit: 50 }))).toEqual([3, 2, 1]);
    expect(records.auditEntryAt(2)?.keys.resources).toEqual(draft(2, 'app/b').keys.resources);

    // Two of them indexed as one run; the third stays in the tail.
    expect(records.indexResources(2)).toBe(2);
    expect(runs(db)).toEqual([{ run: 1, last_seq: 2 }]);
    expect(indexRows(db)).toBe(4);
    expect(seqs(records.queryAudit(byName('app/a')))).toEqual([3, 1]);
    // An indexed record is found through the index alone: emptying its column changes nothing.
    db.prepare("UPDATE audit_records SET resources = '[]' WHERE seq <= 2").run();
    expect(seqs(records.queryAudit(byName('app/a')))).toEqual([3, 1]);
    expect(seqs(records.queryAudit(byName('app/b')))).toEqual([2]);
    // (What an entry reports is its column: verify compares that with the record.)
    expect(records.auditEntryAt(1)?.keys.resources).toEqual([]);

    // Only full runs: one record is not worth a run (every later lookup would seek it).
    expect(records.indexResources(10)).toBe(0);
    expect(records.indexResources(1)).toBe(1);
    expect(runs(db)).toEqual([
      { run: 1, last_seq: 2 },
      { run: 2, last_seq: 3 },
    ]);
    // A name is found in every run it appears in, newest first.
    expect(seqs(records.queryAudit(byName('app/a')))).toEqual([3, 1]);
    db.close();
  });

  it('indexes a full run in the append itself when inline (the default)', () => {
    const db = openSqliteDatabase(fresh());
    const records = createAuditRecords(db);
    records.appendAudit([draft(1, 'app/a'), draft(2, 'app/b')]);
    expect(mark(db)).toBe(0);
    records.appendAudit(Array.from({ length: RUN_SIZE }, (_, i) => draft(3 + i, `app/${i % 50}`)));
    expect(runs(db)).toEqual([{ run: 1, last_seq: RUN_SIZE }]);
    expect(indexRows(db)).toBe(2 * RUN_SIZE);
    // The rows of a run sit together at the end of the tree: the run leads the key.
    const keys = db.prepare('SELECT run, name, seq FROM audit_resource_index').all() as { run: number }[];
    expect(keys.every((k) => k.run === 1)).toBe(true);
    expect(seqs(records.queryAudit({ ...byName('app/b'), limit: 50 }))).toEqual([2]);
    expect(seqs(records.queryAudit(byName('app/7'))).length).toBe(Math.ceil((RUN_SIZE - 7) / 50));
    db.close();
  });

  it('makes verify name a record whose index rows or resources column were changed', async () => {
    const path = fresh();
    const db = openSqliteDatabase(path);
    const records = createAuditRecords(db, { resourceIndex: 'behind' });
    records.appendAudit([draft(1, 'app/a'), draft(2, 'app/b'), draft(3, 'app/c'), draft(4, 'app/d')]);
    records.indexResources(2);
    db.close();
    expect((await verify(path)).ok).toBe(true);

    const tampered = (sql: string, ...params: unknown[]) => {
      const copy = fresh();
      copyFileSync(path, copy);
      const c = new Database(copy);
      c.prepare(sql).run(...params);
      c.close();
      return copy;
    };
    // An indexed record taken out of the index would vanish from ResourceName lookups.
    const unindexed = await verify(tampered("DELETE FROM audit_resource_index WHERE seq = 2 AND name = 'app/b'"));
    expect(unindexed.ok).toBe(false);
    expect(unindexed.problem).toMatchObject({ kind: 'changed', seq: 2, eventId: draft(2, 'app/b').eventId });
    expect(unindexed.problem?.message).toMatch(/resource index/);
    // An index row moved to another run is not found where lookups seek it.
    const moved = await verify(tampered('UPDATE audit_resource_index SET run = 7 WHERE seq = 1'));
    expect(moved.problem).toMatchObject({ kind: 'changed', seq: 1 });
    // An index row added for another secret.
    const added = await verify(
      tampered("INSERT INTO audit_resource_index (run, name, seq, type) VALUES (1, 'app/z', 2, ?)", TYPE),
    );
    expect(added.problem).toMatchObject({ kind: 'changed', seq: 2 });
    // A record still in the tail, its column pointed at another secret.
    const retargeted = await verify(
      tampered('UPDATE audit_records SET resources = ? WHERE seq = 4', JSON.stringify([[TYPE, 'app/other']])),
    );
    expect(retargeted.ok).toBe(false);
    expect(retargeted.problem).toMatchObject({ kind: 'changed', seq: 4, eventId: draft(4, 'app/d').eventId });
    // The column of an indexed record is what its entry reports: emptied, it no longer matches.
    const emptied = await verify(tampered("UPDATE audit_records SET resources = '[]' WHERE seq = 1"));
    expect(emptied.problem).toMatchObject({ kind: 'changed', seq: 1 });
  });

  it('upgrades a trail written before migration 8: its records count as indexed', () => {
    const db = new Database(fresh());
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 8),
    );
    db.prepare(
      `INSERT INTO audit_records (seq, event_id, event_time, account_id, region, event_source, event_name,
         read_only, username, access_key_id, record, prev_event_id, prev_hash, hash)
       VALUES (1, 'e1', 0, ?, 'us-east-1', 'secretsmanager.amazonaws.com', 'GetSecretValue', 1, NULL, NULL, '{}', '', '', 'h')`,
    ).run(ACCOUNT);
    db.prepare("INSERT INTO audit_resources (seq, type, name) VALUES (1, ?, 'app/old')").run(TYPE);
    db.prepare("INSERT INTO audit_resources (seq, type, name) VALUES (1, ?, 'app/alias')").run(TYPE);
    expect(migrate(db)).toEqual([8]);
    expect(runs(db)).toEqual([{ run: 1, last_seq: 1 }]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'audit_resources'").get()).toBeUndefined();
    const records = createAuditRecords(db, { resourceIndex: 'behind' });
    expect(records.auditEntryAt(1)?.keys.resources).toEqual([
      { type: TYPE, name: 'app/alias' },
      { type: TYPE, name: 'app/old' },
    ]);
    expect(seqs(records.queryAudit(byName('app/old')))).toEqual([1]);
    expect(records.auditIndexMismatch()).toBeUndefined();
    db.close();
  });

  it('refuses to read a trail whose schema predates this build', () => {
    const path = fresh();
    const db = new Database(path);
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 8),
    );
    db.close();
    expect(() => openAuditReader(path)).toThrow(/older Strongroom.*start the server/);
  });
});
