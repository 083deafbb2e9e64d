import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointKey, createCheckpointer } from '../../src/audit/checkpoint.js';
import { createRecorder } from '../../src/audit/recorder.js';
import { serviceEventRecord } from '../../src/audit/service-event.js';
import { verifyAuditTrail } from '../../src/audit/verify.js';
import { chainHash, GENESIS_HASH } from '../../src/storage/audit-ports.js';
import { openAuditReader } from '../../src/storage/sqlite/audit-readonly.js';
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'strongroom-verify-'));
const pristine = join(dir, 'pristine.db');
const KEY = checkpointKey(Buffer.alloc(32, 3));
const ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:app/db-AbCdEf';
const ids: string[] = [];

beforeAll(async () => {
  const store = await openSqliteStore({ path: pristine });
  const cp = createCheckpointer({ store, key: KEY, every: 4, now: () => 1 });
  const recorder = createRecorder({ store, afterCommit: (e) => void cp.afterAppend(e.at(-1)!) });
  for (let i = 1; i <= 10; i++) {
    const r = serviceEventRecord(
      { eventName: 'RotationStarted', secretArn: ARN, at: Date.UTC(2024, 0, 1, 0, 0, i) },
      `event-${i}`,
      'r',
    );
    ids.push(r.eventID);
    await recorder.record(r);
  }
  await cp.tick();
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let copies = 0;
/** A copy of the trail with one tampering applied straight to the SQLite file. */
function tampered(sql: (db: Database.Database) => void): string {
  const path = join(dir, `copy-${++copies}.db`);
  copyFileSync(pristine, path);
  const db = new Database(path);
  db.pragma('foreign_keys = OFF');
  try {
    sql(db);
  } finally {
    db.close();
  }
  return path;
}

async function verify(path: string, key: Uint8Array | undefined) {
  const reader = openAuditReader(path);
  try {
    return await verifyAuditTrail(reader, key, 3);
  } finally {
    reader.close();
  }
}

describe('audit verify', () => {
  it('passes an untouched trail, checkpoints and their signatures included', async () => {
    expect(await verify(pristine, KEY)).toStrictEqual({
      ok: true,
      records: 10,
      checkpoints: 3,
      signaturesChecked: true,
    });
    expect((await verify(pristine, undefined)).signaturesChecked).toBe(false);
  });

  it('names the record in which one byte was changed', async () => {
    const path = tampered((db) => {
      const rec = db.prepare('SELECT record FROM audit_records WHERE seq = 4').pluck().get() as string;
      db.prepare('UPDATE audit_records SET record = ? WHERE seq = 4').run(
        rec.replace('RotationStarted', 'RotationStartee'),
      );
    });
    expect((await verify(path, KEY)).problem).toMatchObject({ kind: 'changed', seq: 4, eventId: ids[3] });
  });

  it('names a deleted record by its sequence number and eventID', async () => {
    const path = tampered((db) => db.prepare('DELETE FROM audit_records WHERE seq = 6').run());
    expect((await verify(path, KEY)).problem).toMatchObject({ kind: 'removed', seq: 6, eventId: ids[5] });
  });

  it('names a swapped pair (reordered)', async () => {
    const path = tampered((db) => {
      db.prepare('UPDATE audit_records SET seq = -1 WHERE seq = 3').run();
      db.prepare('UPDATE audit_records SET seq = 3 WHERE seq = 7').run();
      db.prepare('UPDATE audit_records SET seq = 7 WHERE seq = -1').run();
    });
    const report = await verify(path, KEY);
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ kind: 'reordered', seq: 3, eventId: ids[6] });
    expect(report.problem?.message).toContain('written at seq 7');
  });

  it('names a record inserted into the chain', async () => {
    const path = tampered((db) => {
      const row = db.prepare('SELECT * FROM audit_records WHERE seq = 10').get() as Record<string, unknown>;
      db.prepare(
        `INSERT INTO audit_records (seq, event_id, event_time, account_id, region, event_source, event_name, read_only,
         username, access_key_id, record, prev_event_id, prev_hash, hash)
         VALUES (11, 'forged', @event_time, @account_id, @region, @event_source, @event_name, @read_only, @username,
         @access_key_id, @record, 'nobody', @prev_hash, @hash)`,
      ).run({
        ...row,
        hash: chainHash(11, 'forged', 'nobody', GENESIS_HASH, row.record as string),
        prev_hash: GENESIS_HASH,
      });
    });
    expect((await verify(path, KEY)).problem).toMatchObject({ kind: 'inserted', seq: 11, eventId: 'forged' });
  });

  it('catches a lookup column edited without its record', async () => {
    const path = tampered((db) => db.prepare("UPDATE audit_records SET event_name = 'Nothing' WHERE seq = 2").run());
    expect((await verify(path, KEY)).problem).toMatchObject({ kind: 'changed', seq: 2, eventId: ids[1] });
  });

  it('catches a chain recomputed after a change, by the signed checkpoints', async () => {
    const path = tampered((db) => {
      const rows = db.prepare('SELECT seq, event_id, record FROM audit_records ORDER BY seq').all() as {
        seq: number;
        event_id: string;
        record: string;
      }[];
      let prevHash = GENESIS_HASH;
      let prevId = '';
      for (const r of rows) {
        // A field verify cannot re-derive: only the signed checkpoints can tell.
        const record =
          r.seq === 2
            ? r.record.replace('"sourceIPAddress":"secretsmanager.amazonaws.com"', '"sourceIPAddress":"10.6.6.6"')
            : r.record;
        const hash = chainHash(r.seq, r.event_id, prevId, prevHash, record);
        db.prepare('UPDATE audit_records SET record = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(
          record,
          prevHash,
          hash,
          r.seq,
        );
        prevHash = hash;
        prevId = r.event_id;
      }
    });
    expect((await verify(path, KEY)).problem).toMatchObject({ kind: 'changed', seq: 4 });
  });

  it('catches a forged checkpoint and a truncated tail', async () => {
    const forged = tampered((db) => db.prepare("UPDATE audit_checkpoints SET mac = 'f00' WHERE n = 2").run());
    expect((await verify(forged, KEY)).problem).toMatchObject({ kind: 'checkpoint', seq: 8 });
    const truncated = tampered((db) => db.prepare('DELETE FROM audit_records WHERE seq >= 9').run());
    expect((await verify(truncated, KEY)).problem).toMatchObject({ kind: 'removed', seq: 9 });
  });
});
