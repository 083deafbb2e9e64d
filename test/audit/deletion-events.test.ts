import { afterEach, describe, expect, it } from 'vitest';
import { adminOnly } from '../../src/app/authorize.js';
import type { RequestContext } from '../../src/app/context.js';
import type { ServiceEvent } from '../../src/app/events.js';
import { purgeDeletedSecrets } from '../../src/app/secrets/purge-deleted.js';
import { restoreSecret } from '../../src/app/secrets/restore-secret.js';
import { createKeyring } from '../../src/crypto/keyring.js';
import { systemClock } from '../../src/lib/clock.js';
import { randomIds } from '../../src/lib/ids.js';
import { ACCOUNT, aSecret, aVersion, REGION, seed, T0 } from '../../src/storage/conformance/fixtures.js';
import type { Store } from '../../src/storage/ports.js';
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite.js';

let store: Store;
afterEach(async () => store?.close());

const collector = () => {
  const seen: ServiceEvent[] = [];
  return { seen, sink: { emit: async (e: ServiceEvent) => void seen.push(e) } };
};

describe('version deletion service events', () => {
  it('purge confirms the deletion of each version, which DeleteSecret announced (EndSecretVersionDelete)', async () => {
    store = await openSqliteStore({ path: ':memory:' });
    const s = aSecret({ deletedAt: T0 - 1, deletionDate: T0 });
    const [v1, v2] = [aVersion(s.id, { createdAt: T0 - 5 }), aVersion(s.id, { createdAt: T0 - 9 })];
    await seed(store, [s, aSecret()], [v1, v2]);
    const { seen, sink } = collector();
    expect(await purgeDeletedSecrets(store, T0, 100, sink)).toBe(1);
    expect(await store.findById(s.id)).toBeUndefined();
    expect(seen.map((e) => [e.eventName, e.token])).toEqual([
      ['EndSecretVersionDelete', v1.versionId],
      ['EndSecretVersionDelete', v2.versionId],
    ]);
    expect(seen.every((e) => e.secretArn === s.arn && e.at === T0)).toBe(true);
  });

  it('restore cancels the deletion of each version (CancelSecretVersionDelete)', async () => {
    store = await openSqliteStore({ path: ':memory:' });
    const s = aSecret({ name: 'app/db', deletedAt: T0, deletionDate: T0 + 7 * 86_400_000 });
    const v = aVersion(s.id);
    await seed(store, [s], [v]);
    const { seen, sink } = collector();
    const d = {
      store,
      keyring: createKeyring(Buffer.alloc(32, 1), store, systemClock),
      authorize: adminOnly,
      ids: randomIds,
      events: sink,
    };
    const ctx: RequestContext = {
      principal: {
        accountId: ACCOUNT,
        arn: `arn:aws:iam::${ACCOUNT}:root`,
        type: 'Root',
        userName: 'root',
        accessKeyId: 'AKIA',
        isAdmin: true,
      },
      region: REGION,
      requestId: 'r',
      sourceIp: '127.0.0.1',
      secureTransport: false,
      now: T0 + 1,
    };
    await restoreSecret(d, ctx, 'app/db');
    expect(seen).toStrictEqual([
      { eventName: 'CancelSecretVersionDelete', secretArn: s.arn, token: v.versionId, at: T0 + 1 },
    ]);
    await restoreSecret(d, ctx, 'app/db');
    expect(seen).toHaveLength(1);
  });
});
