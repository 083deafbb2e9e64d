import { afterEach, describe, expect, it } from 'vitest';
import { SECRETS_MANAGER_SOURCE } from '../../src/audit/record.js';
import { type AuditRuntime, wireAudit } from '../../src/audit/wire.js';
import { type Ids, randomIds } from '../../src/lib/ids.js';
import { silentLogger } from '../../src/lib/json-log.js';
import type { Store } from '../../src/storage/ports.js';
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite.js';

/**
 * Audit event ids come from the injected `Ids` (as request ids and ARN suffixes do), so a test can
 * pin them; production's source is the time-ordered UUIDv7 (docs/audit.md "Event ids are UUIDv7").
 */
const ACCOUNT = '111122223333';
const ARN = (name: string) => `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${name}-AbCdEf`;
const NOW = Date.UTC(2025, 2, 4, 5, 6, 7, 890);
const EVENT_AT = NOW - 60_000;
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let store: Store | undefined;
let audit: AuditRuntime | undefined;
afterEach(async () => {
  await audit?.close();
  await store?.close();
  [audit, store] = [undefined, undefined];
});

/** The real audit trail on a real (in-memory SQLite) store, with the given id source. */
async function trail(ids: Ids): Promise<{ audit: AuditRuntime; store: Store }> {
  store = await openSqliteStore({ path: ':memory:' });
  audit = await wireAudit({
    enabled: true,
    store,
    rootKey: Buffer.alloc(32, 7),
    now: () => NOW,
    ids,
    log: silentLogger,
    authorize: async () => {},
  });
  return { audit, store };
}

/** What the edge hands the recorder for a BatchGetSecretValue that returned two secrets. */
const batchCall = {
  requestId: 'req-1',
  eventSource: SECRETS_MANAGER_SOURCE,
  operation: 'BatchGetSecretValue',
  sourceIp: '127.0.0.1',
  caller: {
    accountId: ACCOUNT,
    arn: `arn:aws:iam::${ACCOUNT}:root`,
    type: 'Root',
    userName: 'root',
    accessKeyId: 'AKIAEXAMPLEEXAMPLE01',
  },
  region: 'us-east-1',
  requestBody: Buffer.from(JSON.stringify({ SecretIdList: ['app/a', 'app/b'] })),
  responseBody: JSON.stringify({ SecretValues: [{ ARN: ARN('app/a') }, { ARN: ARN('app/b') }], Errors: [] }),
};

describe('audit event ids come from the injected Ids', () => {
  it('pins the eventID of API calls, batch members and service events, each made at its own time', async () => {
    const asked: number[] = [];
    const pinned = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const { audit, store } = await trail({
      ...randomIds,
      eventId: (now) => pinned(asked.push(now)),
    });

    await audit.recordCall!(batchCall);
    await audit.events.emit({ eventName: 'RotationStarted', secretArn: ARN('app/a'), at: EVENT_AT });

    // The batch record, one GetSecretValue per secret it returned, then the service event.
    expect(asked).toEqual([NOW, NOW, NOW, EVENT_AT]);
    const entries = await store.readAudit(0, 10);
    expect(entries.map((e) => e.eventId)).toEqual([pinned(1), pinned(2), pinned(3), pinned(4)]);
    const records = entries.map((e) => JSON.parse(e.record) as { eventID: string; eventName: string });
    expect(records.map((r) => [r.eventID, r.eventName])).toEqual([
      [pinned(1), 'BatchGetSecretValue'],
      [pinned(2), 'GetSecretValue'],
      [pinned(3), 'GetSecretValue'],
      [pinned(4), 'RotationStarted'],
    ]);
    expect((await store.auditEntryById(pinned(4)))?.seq).toBe(4);
  });

  it('is a UUIDv7 carrying the time it was made in production (randomIds)', async () => {
    const { audit, store } = await trail(randomIds);
    await audit.recordCall!(batchCall);
    await audit.events.emit({ eventName: 'RotationStarted', secretArn: ARN('app/a'), at: EVENT_AT });
    const ids = (await store.readAudit(0, 10)).map((e) => e.eventId);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    const ms = (id: string) => Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    for (const id of ids) expect(id).toMatch(UUID_V7);
    expect(ids.map(ms)).toEqual([NOW, NOW, NOW, EVENT_AT]);
  });
});
