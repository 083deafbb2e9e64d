import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { checkpointKey, checkpointMac, createCheckpointer } from '../../src/audit/checkpoint.js';
import { fileSink, type LineSink } from '../../src/audit/jsonl-sink.js';
import { createRecorder } from '../../src/audit/recorder.js';
import { serviceEventRecord } from '../../src/audit/service-event.js';
import type { Store } from '../../src/storage/ports.js';
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'strongroom-recorder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let store: Store;
afterEach(async () => store?.close());

const ARN = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:app/db-AbCdEf';
let n = 0;
const rec = () =>
  serviceEventRecord({ eventName: 'RotationStarted', secretArn: ARN, at: Date.UTC(2024, 0, 1) }, `e-${++n}`, 'r');

describe('group commit', () => {
  it('writes concurrent records as few batches, each caller resolving once its batch is durable', async () => {
    store = await openSqliteStore({ path: join(dir, 'a.db') });
    const recorder = createRecorder({ store });
    await Promise.all(Array.from({ length: 200 }, () => recorder.record(rec())));
    expect(recorder.stats()).toMatchObject({ records: 200, failedBatches: 0 });
    expect(recorder.stats().batches).toBeLessThan(10);
    const all = await store.readAudit(0, 1000);
    expect(all).toHaveLength(200);
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('writes the same lines to a JSON-lines sink', async () => {
    store = await openSqliteStore({ path: ':memory:' });
    const file = join(dir, 'audit.jsonl');
    const recorder = createRecorder({ store, sinks: [fileSink(file)] });
    const records = [rec(), rec(), rec()];
    await Promise.all(records.map((r) => recorder.record(r)));
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).eventID)).toEqual(records.map((r) => r.eventID));
    expect((await store.readAudit(0, 10)).map((e) => e.record)).toEqual(lines);
  });

  it('fails every caller of a batch a sink refused (fail closed), and carries on afterwards', async () => {
    store = await openSqliteStore({ path: ':memory:' });
    let broken = true;
    const sink: LineSink = {
      name: 'flaky',
      write: async () => {
        if (broken) throw new Error('disk gone');
      },
      probe: async () => {},
    };
    const recorder = createRecorder({ store, sinks: [sink] });
    const results = await Promise.allSettled([recorder.record(rec()), recorder.record(rec())]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(recorder.stats().failedBatches).toBe(1);
    broken = false;
    await expect(recorder.record(rec())).resolves.toBeUndefined();
  });

  it('fails the callers when the database refuses the batch', async () => {
    store = await openSqliteStore({ path: ':memory:' });
    const recorder = createRecorder({ store });
    const r = rec();
    await recorder.record(r);
    // The same eventID twice violates the store's uniqueness: the whole batch fails.
    await expect(recorder.record(r)).rejects.toThrow();
  });

  it('file sink: a directory that disappeared fails the write', async () => {
    const gone = join(dir, 'gone');
    const sink = fileSink(join(gone, 'audit.jsonl'));
    await expect(sink.write('x\n')).rejects.toThrow(/ENOENT/);
    await expect(sink.probe()).rejects.toThrow(/ENOENT/);
  });
});

describe('signed checkpoints', () => {
  it('signs the head every N records, chained to the previous checkpoint', async () => {
    store = await openSqliteStore({ path: ':memory:' });
    const key = checkpointKey(Buffer.alloc(32, 7));
    const cp = createCheckpointer({ store, key, every: 3, now: () => 1000 });
    const recorder = createRecorder({ store, afterCommit: (entries) => void cp.afterAppend(entries.at(-1)!) });
    for (let i = 0; i < 7; i++) await recorder.record(rec());
    await cp.tick();
    const cps = await store.listAuditCheckpoints();
    expect(cps.map((c) => [c.n, c.upToSeq])).toEqual([
      [1, 3],
      [2, 6],
      [3, 7],
    ]);
    expect(cps[1]!.prevMac).toBe(cps[0]!.mac);
    for (const c of cps) expect(c.mac).toBe(checkpointMac(key, c));
    expect(cps[2]!.upToHash).toBe((await store.auditHead())!.hash);
    await cp.tick();
    expect(await store.listAuditCheckpoints()).toHaveLength(3);
  });
});
