import { describe, expect, it } from 'vitest';
import { aSecret, aVersion } from '../../src/storage/conformance/fixtures.js';
import { withReadCache } from '../../src/storage/read-cache.js';
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite.js';

const open = async () => withReadCache(await openSqliteStore({ path: ':memory:' }));

describe('read cache over the embedded store', () => {
  it('serves repeated lookups from memory', async () => {
    const store = await open();
    const s = aSecret();
    await store.transaction((tx) => tx.insertSecret(s));
    await store.findByName(s.accountId, s.region, s.name);
    await store.findByName(s.accountId, s.region, s.name);
    expect(store.cacheStats()).toMatchObject({ hits: 1, misses: 1 });
  });

  it('never serves a value older than a committed transaction', async () => {
    const store = await open();
    const s = aSecret();
    await store.transaction((tx) => tx.insertSecret(s));
    expect((await store.findById(s.id))?.description).toBe(s.description);
    await store.transaction(async (tx) => tx.updateSecret({ ...(await tx.lockSecret(s.id))!, description: 'changed' }));
    expect((await store.findById(s.id))?.description).toBe('changed');
    expect((await store.findByArn(s.arn))?.description).toBe('changed');
  });

  it('sees label moves at once through getVersionByStage and listVersions', async () => {
    const store = await open();
    const s = aSecret();
    const v1 = aVersion(s.id);
    const v2 = aVersion(s.id);
    await store.transaction(async (tx) => {
      await tx.insertSecret(s);
      await tx.insertVersion(v1);
      await tx.insertVersion(v2);
      await tx.setStages(s.id, new Map([['AWSCURRENT', v1.versionId]]));
    });
    expect((await store.getVersionByStage(s.id, 'AWSCURRENT'))?.versionId).toBe(v1.versionId);
    await store.transaction((tx) => tx.setStages(s.id, new Map([['AWSCURRENT', v2.versionId]])));
    expect((await store.getVersionByStage(s.id, 'AWSCURRENT'))?.versionId).toBe(v2.versionId);
    const listed = await store.listVersions(s.id);
    expect(listed.find((v) => v.versionId === v2.versionId)?.stages).toEqual(['AWSCURRENT']);
  });

  it('drops entries when a non-transactional write (touchLastAccessed) settles', async () => {
    const store = await open();
    const s = aSecret();
    const v = aVersion(s.id);
    await store.transaction(async (tx) => {
      await tx.insertSecret(s);
      await tx.insertVersion(v);
    });
    expect((await store.findById(s.id))?.lastAccessedAt).toBeUndefined();
    await store.touchLastAccessed(s.id, v.versionId, 86_400_000);
    expect((await store.findById(s.id))?.lastAccessedAt).toBe(86_400_000);
  });

  it('does not cache a read that was in flight while a write settled', async () => {
    const store = await open();
    const s = aSecret();
    await store.transaction((tx) => tx.insertSecret(s));
    const inflight = store.findById(s.id); // started before the write below settles
    const write = store.transaction(async (tx) =>
      tx.updateSecret({ ...(await tx.lockSecret(s.id))!, description: 'new' }),
    );
    await Promise.all([inflight, write]);
    expect((await store.findById(s.id))?.description).toBe('new');
  });
});
