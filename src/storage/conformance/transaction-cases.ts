import { describe, expect, it } from 'vitest';
import type { Store } from '../ports.js';
import { ACCOUNT, aSecret, aVersion, latch, REGION, seed, stageMap, write } from './fixtures.js';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Atomicity, read-your-writes, serialisation and isolation from non-transactional calls. */
export function transactionCases(h: { readonly store: Store }): void {
  describe('transactions', () => {
    it("resolves to the body's result and commits its writes", async () => {
      const s = aSecret();
      const out = await write(h.store, async (tx) => {
        await tx.insertSecret(s);
        return 42;
      });
      expect(out).toBe(42);
      expect(await h.store.findById(s.id)).toStrictEqual(s);
    });

    it('rolls everything back when the body throws, and rethrows the same error', async () => {
      const s = aSecret({ name: 'rolled-back' });
      const v = aVersion(s.id);
      const boom = new Error('boom');
      const attempt = write(h.store, async (tx) => {
        await tx.insertSecret(s);
        await tx.insertVersion(v);
        await tx.setStages(s.id, stageMap({ AWSCURRENT: v.versionId }));
        throw boom;
      });
      await expect(attempt).rejects.toBe(boom);
      expect(await h.store.findById(s.id)).toBeUndefined();
      expect(await h.store.findByName(ACCOUNT, REGION, 'rolled-back')).toBeUndefined();
      expect(await h.store.getVersion(s.id, v.versionId)).toBeUndefined();
      expect(await h.store.getVersionByStage(s.id, 'AWSCURRENT')).toBeUndefined();
      expect(await h.store.countSecrets(ACCOUNT, REGION)).toBe(0);
      await seed(h.store, [aSecret({ name: 'rolled-back' })]);
    });

    it('rolls back changes to an existing secret', async () => {
      const s = aSecret();
      const [v1, v2] = [aVersion(s.id, { stages: ['AWSCURRENT'] }), aVersion(s.id)];
      await seed(h.store, [s], [v1, v2]);
      const attempt = write(h.store, async (tx) => {
        await tx.updateSecret({ ...s, description: 'new' });
        await tx.setStages(s.id, stageMap({ AWSCURRENT: v2.versionId }));
        await tx.deleteVersions(s.id, [v1.versionId]);
        throw new Error('abort');
      });
      await expect(attempt).rejects.toThrow('abort');
      expect(await h.store.findById(s.id)).toStrictEqual(s);
      expect((await h.store.getVersionByStage(s.id, 'AWSCURRENT'))?.versionId).toBe(v1.versionId);
      expect(await h.store.listVersions(s.id)).toHaveLength(2);
    });

    it('sees its own writes', async () => {
      const s = aSecret({ name: 'mine' });
      const v = aVersion(s.id);
      await write(h.store, async (tx) => {
        await tx.insertSecret(s);
        await tx.insertVersion(v);
        await tx.setStages(s.id, stageMap({ AWSCURRENT: v.versionId }));
        expect(await tx.findById(s.id)).toStrictEqual(s);
        expect(await tx.findByName(ACCOUNT, REGION, 'mine')).toStrictEqual(s);
        expect(await tx.findByArn(s.arn)).toStrictEqual(s);
        expect((await tx.getVersion(s.id, v.versionId))?.stages).toEqual(['AWSCURRENT']);
        expect((await tx.getVersionByStage(s.id, 'AWSCURRENT'))?.versionId).toBe(v.versionId);
        expect(await tx.listVersions(s.id)).toHaveLength(1);
        expect(await tx.countSecrets(ACCOUNT, REGION)).toBe(1);
        const page = await tx.scanSecrets({ ...scanAll, sortBy: 'name' });
        expect(page.secrets.map((x) => x.id)).toEqual([s.id]);
      });
    });

    it('serialises transactions on the same secret: the second sees the first committed', async () => {
      const s = aSecret({ description: 'zero' });
      await seed(h.store, [s]);
      const log: string[] = [];
      const first = write(h.store, async (tx) => {
        const locked = await tx.lockSecret(s.id);
        log.push(`1 locked ${locked?.description}`);
        await tx.updateSecret({ ...s, description: 'one' });
        await pause(20);
        log.push('1 done');
        return 1;
      });
      const second = write(h.store, async (tx) => {
        const locked = await tx.lockSecret(s.id);
        log.push(`2 locked ${locked?.description}`);
        await tx.updateSecret({ ...s, description: 'two' });
        log.push('2 done');
        return 2;
      });
      expect(await Promise.all([first, second])).toEqual([1, 2]);
      expect(log).toEqual(['1 locked zero', '1 done', '2 locked one', '2 done']);
      expect((await h.store.findById(s.id))?.description).toBe('two');
    });

    it('a failed transaction does not block the next one', async () => {
      await expect(write(h.store, async () => Promise.reject(new Error('first fails')))).rejects.toThrow();
      const s = aSecret();
      await seed(h.store, [s]);
      expect(await h.store.findById(s.id)).toBeDefined();
    });

    it('never lets a concurrent reader see writes that are rolled back', async () => {
      const s = aSecret();
      const inserted = latch();
      const release = latch();
      const attempt = write(h.store, async (tx) => {
        await tx.insertSecret(s);
        inserted.open();
        await release.promise;
        throw new Error('rolled back');
      });
      await inserted.promise;
      const reads = Promise.all([h.store.findById(s.id), h.store.countSecrets(ACCOUNT, REGION)]);
      release.open();
      await expect(attempt).rejects.toThrow('rolled back');
      expect(await reads).toEqual([undefined, 0]);
    });

    it('keeps a write made outside a transaction while another one is open and rolls back', async () => {
      const inserted = latch();
      const release = latch();
      const attempt = write(h.store, async (tx) => {
        await tx.insertSecret(aSecret());
        inserted.open();
        await release.promise;
        throw new Error('rolled back');
      });
      await inserted.promise;
      const outside = h.store.initMeta('written-outside', 'kept');
      release.open();
      await expect(attempt).rejects.toThrow('rolled back');
      expect(await outside).toBe('kept');
      expect(await h.store.getMeta('written-outside')).toBe('kept');
    });

    it('lets a transaction body call the store without deadlocking', async () => {
      const out = await write(h.store, async (tx) => {
        await tx.insertSecret(aSecret());
        await h.store.getMeta('anything');
        await h.store.findKey('no-such-key');
        return 'done';
      });
      expect(out).toBe('done');
    });
  });
}

const scanAll = { accountId: ACCOUNT, region: REGION, includeDeleted: true, descending: false, limit: 100 } as const;
