import { describe, expect, it } from 'vitest';
import { type Store, StoreConflictError } from '../ports.js';
import { aPlaceholder, aSecret, aVersion, seed, sorted, stageMap, T0, write } from './fixtures.js';

/** Versions and staging labels. */
export function versionCases(h: { readonly store: Store }): void {
  describe('versions and labels', () => {
    it('round-trips a version, with its stages', async () => {
      const s = aSecret();
      const v = aVersion(s.id, { lastAccessedAt: T0, kind: 'binary', kmsKeyIds: ['k1', 'k2'] });
      await seed(h.store, [s], [v]);
      expect(await h.store.getVersion(s.id, v.versionId)).toStrictEqual(v);
      await write(h.store, (tx) => tx.setStages(s.id, stageMap({ AWSCURRENT: v.versionId, custom: v.versionId })));
      const got = await h.store.getVersion(s.id, v.versionId);
      expect(sorted(got?.stages ?? [])).toEqual(['AWSCURRENT', 'custom']);
    });

    it('round-trips sealed bytes exactly, as a Uint8Array', async () => {
      const s = aSecret();
      const every = Uint8Array.from({ length: 256 }, (_, i) => i);
      const big = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256);
      const versions = [every, big, new Uint8Array(0)].map((sealed) => aVersion(s.id, { sealed }));
      await seed(h.store, [s], versions);
      for (const v of versions) {
        const got = (await h.store.getVersion(s.id, v.versionId))?.sealed;
        expect(got).toBeInstanceOf(Uint8Array);
        expect(got?.constructor).toBe(Uint8Array);
        // Buffer.equals, not toStrictEqual: an element-wise diff of 70 kB is slow.
        expect(got && v.sealed && Buffer.from(got).equals(v.sealed)).toBe(true);
      }
    });

    it('returns undefined for an unknown version, or one of another secret', async () => {
      const [a, b] = [aSecret(), aSecret()];
      const v = aVersion(a.id);
      await seed(h.store, [a, b], [v]);
      expect(await h.store.getVersion(a.id, 'nope')).toBeUndefined();
      expect(await h.store.getVersion(b.id, v.versionId)).toBeUndefined();
      expect(await h.store.getVersionByStage(a.id, 'AWSCURRENT')).toBeUndefined();
    });

    it('refuses a duplicate version id within a secret, allows it across secrets', async () => {
      const [a, b] = [aSecret(), aSecret()];
      const v = aVersion(a.id);
      await seed(h.store, [a, b], [v, { ...v, secretId: b.id }]);
      const dup = write(h.store, (tx) => tx.insertVersion(aVersion(a.id, { versionId: v.versionId })));
      await expect(dup).rejects.toBeInstanceOf(StoreConflictError);
      await expect(dup).rejects.toMatchObject({ conflict: 'version' });
    });

    it('refuses a version of an unknown secret', async () => {
      await expect(write(h.store, (tx) => tx.insertVersion(aVersion('no-such-secret')))).rejects.toThrow();
    });

    it('getVersionByStage follows the label map, which setStages replaces whole', async () => {
      const s = aSecret();
      const [v1, v2, v3] = [aVersion(s.id), aVersion(s.id), aVersion(s.id)];
      await seed(h.store, [s], [v1, v2, v3]);
      const byStage = async (stage: string) => (await h.store.getVersionByStage(s.id, stage))?.versionId;

      await write(h.store, (tx) => tx.setStages(s.id, stageMap({ AWSCURRENT: v1.versionId, custom: v1.versionId })));
      expect(await byStage('AWSCURRENT')).toBe(v1.versionId);
      expect(await byStage('custom')).toBe(v1.versionId);

      const next = stageMap({ AWSCURRENT: v2.versionId, AWSPREVIOUS: v1.versionId, AWSPENDING: v3.versionId });
      await write(h.store, (tx) => tx.setStages(s.id, next));
      expect(await byStage('AWSCURRENT')).toBe(v2.versionId);
      expect(await byStage('AWSPREVIOUS')).toBe(v1.versionId);
      expect(await byStage('AWSPENDING')).toBe(v3.versionId);
      expect(await byStage('custom')).toBeUndefined();
      expect((await h.store.getVersionByStage(s.id, 'AWSCURRENT'))?.stages).toEqual(['AWSCURRENT']);
      expect((await h.store.getVersion(s.id, v1.versionId))?.stages).toEqual(['AWSPREVIOUS']);

      await write(h.store, (tx) => tx.setStages(s.id, new Map()));
      expect(await byStage('AWSCURRENT')).toBeUndefined();
      expect((await h.store.listVersions(s.id)).every((v) => v.stages.length === 0)).toBe(true);
    });

    it('setStages with a label on a missing version fails and commits nothing', async () => {
      const s = aSecret();
      const v = aVersion(s.id, { stages: ['AWSCURRENT'] });
      await seed(h.store, [s], [v]);
      const bad = stageMap({ AWSCURRENT: 'missing-version' });
      await expect(write(h.store, (tx) => tx.setStages(s.id, bad))).rejects.toThrow();
      expect((await h.store.getVersionByStage(s.id, 'AWSCURRENT'))?.versionId).toBe(v.versionId);
    });

    it('insertVersion attaches its stages, moving each from the version that had it', async () => {
      const s = aSecret();
      const v1 = aVersion(s.id, { stages: ['AWSCURRENT', 'keep'] });
      const v2 = aVersion(s.id, { stages: ['AWSCURRENT'] });
      await seed(h.store, [s], [v1]);
      await seed(h.store, [], [v2]);
      expect((await h.store.getVersionByStage(s.id, 'AWSCURRENT'))?.versionId).toBe(v2.versionId);
      expect((await h.store.getVersion(s.id, v1.versionId))?.stages).toEqual(['keep']);
    });

    it('labels of one secret are independent of another', async () => {
      const [a, b] = [aSecret(), aSecret()];
      const va = aVersion(a.id, { stages: ['AWSCURRENT'] });
      const vb = aVersion(b.id, { stages: ['AWSCURRENT'] });
      await seed(h.store, [a, b], [va, vb]);
      await write(h.store, (tx) => tx.setStages(a.id, new Map()));
      expect((await h.store.getVersionByStage(b.id, 'AWSCURRENT'))?.versionId).toBe(vb.versionId);
    });

    it('listVersions returns every version newest first, ties by version id, with stages', async () => {
      const s = aSecret();
      const old = aVersion(s.id, { createdAt: T0, stages: ['AWSPREVIOUS'] });
      const tieB = aVersion(s.id, { versionId: 'b-version', createdAt: T0 + 5 });
      const tieA = aPlaceholder(s.id, { versionId: 'a-version', createdAt: T0 + 5 });
      const newest = aVersion(s.id, { createdAt: T0 + 9, stages: ['AWSCURRENT', 'x'] });
      await seed(h.store, [s], [old, tieB, newest, tieA]);
      const list = await h.store.listVersions(s.id);
      expect(list.map((v) => v.versionId)).toEqual([newest.versionId, 'a-version', 'b-version', old.versionId]);
      expect(list.map((v) => sorted(v.stages))).toEqual([['AWSCURRENT', 'x'], [], [], ['AWSPREVIOUS']]);
      expect(list[0]?.sealed).toStrictEqual(newest.sealed);
      expect(list[1]).toStrictEqual(tieA);
      expect(await h.store.listVersions('no-such-secret')).toEqual([]);
    });

    it('fills a placeholder version with setVersionValue', async () => {
      const s = aSecret();
      const placeholder = aPlaceholder(s.id, { stages: ['AWSPENDING'], kmsKeyIds: [] });
      await seed(h.store, [s], [placeholder]);
      const empty = await h.store.getVersionByStage(s.id, 'AWSPENDING');
      expect(empty).toStrictEqual(placeholder);
      const sealed = Uint8Array.from([9, 8, 7]);
      await write(h.store, (tx) => tx.setVersionValue(s.id, placeholder.versionId, sealed, 'binary', ['key-a']));
      expect(await h.store.getVersion(s.id, placeholder.versionId)).toStrictEqual({
        ...placeholder,
        sealed,
        kind: 'binary',
        kmsKeyIds: ['key-a'],
      });
    });

    it('setVersionValue of an unknown version throws', async () => {
      const s = aSecret();
      await seed(h.store, [s]);
      const fill = write(h.store, (tx) => tx.setVersionValue(s.id, 'nope', new Uint8Array([1]), 'string', []));
      await expect(fill).rejects.toThrow();
    });

    it('deleteVersions removes those versions and their labels only', async () => {
      const s = aSecret();
      const [v1, v2, v3] = [
        aVersion(s.id, { stages: ['AWSCURRENT'] }),
        aVersion(s.id, { stages: ['old'] }),
        aVersion(s.id),
      ];
      await seed(h.store, [s], [v1, v2, v3]);
      await write(h.store, (tx) => tx.deleteVersions(s.id, [v2.versionId, v3.versionId, 'never-existed']));
      expect((await h.store.listVersions(s.id)).map((v) => v.versionId)).toEqual([v1.versionId]);
      expect(await h.store.getVersionByStage(s.id, 'old')).toBeUndefined();
      expect((await h.store.getVersionByStage(s.id, 'AWSCURRENT'))?.versionId).toBe(v1.versionId);
      await write(h.store, (tx) => tx.deleteVersions(s.id, []));
      expect(await h.store.listVersions(s.id)).toHaveLength(1);
    });
  });
}
