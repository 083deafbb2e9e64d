import { describe, expect, it } from 'vitest';
import { type Store, StoreConflictError } from '../ports.js';
import {
  ACCOUNT,
  aFullSecret,
  arnFor,
  aSecret,
  aVersion,
  OTHER_ACCOUNT,
  OTHER_REGION,
  REGION,
  seed,
  stageMap,
  write,
} from './fixtures.js';

/** Secret rows: insert, the three lookups, uniqueness, update, delete, count. */
export function secretCases(h: { readonly store: Store }): void {
  describe('secrets', () => {
    it('finds an inserted secret by name, ARN and id, every field intact', async () => {
      const full = aFullSecret();
      const minimal = aSecret();
      await seed(h.store, [full, minimal]);
      for (const s of [full, minimal]) {
        expect(await h.store.findByName(s.accountId, s.region, s.name)).toStrictEqual(s);
        expect(await h.store.findByArn(s.arn)).toStrictEqual(s);
        expect(await h.store.findById(s.id)).toStrictEqual(s);
      }
    });

    it('returns undefined for unknown secrets', async () => {
      await seed(h.store, [aSecret({ name: 'known' })]);
      expect(await h.store.findByName(ACCOUNT, REGION, 'unknown')).toBeUndefined();
      expect(await h.store.findByArn(arnFor(ACCOUNT, REGION, 'known'))).toBeUndefined();
      expect(await h.store.findById('no-such-id')).toBeUndefined();
    });

    it('scopes findByName to the account and region, case-sensitively', async () => {
      await seed(h.store, [aSecret({ name: 'db' })]);
      expect(await h.store.findByName(OTHER_ACCOUNT, REGION, 'db')).toBeUndefined();
      expect(await h.store.findByName(ACCOUNT, OTHER_REGION, 'db')).toBeUndefined();
      expect(await h.store.findByName(ACCOUNT, REGION, 'DB')).toBeUndefined();
    });

    it('refuses a second secret with the same name in the same account and region', async () => {
      await seed(h.store, [aSecret({ name: 'dup' })]);
      const second = write(h.store, (tx) => tx.insertSecret(aSecret({ name: 'dup' })));
      await expect(second).rejects.toBeInstanceOf(StoreConflictError);
      await expect(second).rejects.toMatchObject({ conflict: 'secret-name' });
    });

    it('allows the same name in another region or account', async () => {
      const a = aSecret({ name: 'shared' });
      const b = aSecret({ name: 'shared', region: OTHER_REGION });
      const c = aSecret({ name: 'shared', accountId: OTHER_ACCOUNT });
      await seed(h.store, [a, b, c]);
      expect((await h.store.findByName(ACCOUNT, OTHER_REGION, 'shared'))?.id).toBe(b.id);
      expect((await h.store.findByName(OTHER_ACCOUNT, REGION, 'shared'))?.id).toBe(c.id);
      expect((await h.store.findByName(ACCOUNT, REGION, 'shared'))?.id).toBe(a.id);
    });

    it('refuses a duplicate ARN or id', async () => {
      const s = aSecret();
      await seed(h.store, [s]);
      await expect(write(h.store, (tx) => tx.insertSecret(aSecret({ arn: s.arn })))).rejects.toMatchObject({
        conflict: 'secret-arn',
      });
      await expect(write(h.store, (tx) => tx.insertSecret(aSecret({ id: s.id })))).rejects.toMatchObject({
        conflict: 'secret-id',
      });
    });

    it('keeps the name held by a secret scheduled for deletion', async () => {
      const doomed = aSecret({ name: 'doomed', deletedAt: 5, deletionDate: 10 });
      await seed(h.store, [doomed]);
      expect(await h.store.findByName(ACCOUNT, REGION, 'doomed')).toStrictEqual(doomed);
      await expect(write(h.store, (tx) => tx.insertSecret(aSecret({ name: 'doomed' })))).rejects.toBeInstanceOf(
        StoreConflictError,
      );
    });

    it('updateSecret rewrites every metadata column, including clearing optional ones', async () => {
      const s = aSecret();
      await seed(h.store, [s]);
      const full = aFullSecret({ id: s.id, name: s.name, arn: s.arn, createdAt: s.createdAt });
      await write(h.store, (tx) => tx.updateSecret(full));
      expect(await h.store.findById(s.id)).toStrictEqual(full);
      await write(h.store, (tx) => tx.updateSecret(s));
      expect(await h.store.findById(s.id)).toStrictEqual(s);
      expect(await h.store.findByArn(s.arn)).toStrictEqual(s);
    });

    it('updateSecret of an unknown secret throws', async () => {
      await expect(write(h.store, (tx) => tx.updateSecret(aSecret()))).rejects.toThrow();
    });

    it('deleteSecret removes the secret, its versions and labels, and frees the name', async () => {
      const s = aSecret({ name: 'gone' });
      const other = aSecret();
      const v = aVersion(s.id, { stages: ['AWSCURRENT'] });
      const kept = aVersion(other.id, { stages: ['AWSCURRENT'] });
      await seed(h.store, [s, other], [v, kept]);
      await write(h.store, (tx) => tx.deleteSecret(s.id));
      expect(await h.store.findById(s.id)).toBeUndefined();
      expect(await h.store.findByName(ACCOUNT, REGION, 'gone')).toBeUndefined();
      expect(await h.store.findByArn(s.arn)).toBeUndefined();
      expect(await h.store.getVersion(s.id, v.versionId)).toBeUndefined();
      expect(await h.store.getVersionByStage(s.id, 'AWSCURRENT')).toBeUndefined();
      expect(await h.store.listVersions(s.id)).toEqual([]);
      expect((await h.store.getVersionByStage(other.id, 'AWSCURRENT'))?.versionId).toBe(kept.versionId);

      const again = aSecret({ name: 'gone' });
      await seed(h.store, [again], [aVersion(again.id, { stages: ['AWSCURRENT'] })]);
      expect((await h.store.findByName(ACCOUNT, REGION, 'gone'))?.id).toBe(again.id);
      expect(await h.store.listVersions(again.id)).toHaveLength(1);
    });

    it('deleteSecret of an unknown id is a no-op', async () => {
      await expect(write(h.store, (tx) => tx.deleteSecret('no-such-id'))).resolves.toBeUndefined();
    });

    it('countSecrets counts every secret of the account and region, scheduled deletions included', async () => {
      expect(await h.store.countSecrets(ACCOUNT, REGION)).toBe(0);
      await seed(h.store, [
        aSecret(),
        aSecret(),
        aSecret({ deletedAt: 1, deletionDate: 2 }),
        aSecret({ region: OTHER_REGION }),
        aSecret({ accountId: OTHER_ACCOUNT }),
      ]);
      expect(await h.store.countSecrets(ACCOUNT, REGION)).toBe(3);
      expect(await h.store.countSecrets(ACCOUNT, OTHER_REGION)).toBe(1);
      expect(await h.store.countSecrets(OTHER_ACCOUNT, REGION)).toBe(1);
    });

    it('lockSecret returns the current row, or undefined', async () => {
      const s = aSecret();
      await seed(h.store, [s]);
      await write(h.store, async (tx) => {
        expect(await tx.lockSecret(s.id)).toStrictEqual(s);
        await tx.updateSecret({ ...s, description: 'changed' });
        expect((await tx.lockSecret(s.id))?.description).toBe('changed');
        expect(await tx.lockSecret('no-such-id')).toBeUndefined();
      });
    });

    it('setStages alone does not touch the secret row', async () => {
      const s = aSecret();
      const v = aVersion(s.id);
      await seed(h.store, [s], [v]);
      await write(h.store, (tx) => tx.setStages(s.id, stageMap({ AWSCURRENT: v.versionId })));
      expect(await h.store.findById(s.id)).toStrictEqual(s);
    });
  });
}
