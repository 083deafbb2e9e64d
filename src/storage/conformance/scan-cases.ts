import { describe, expect, it } from 'vitest';
import type { SecretRecord } from '../../domain/secret.js';
import type { SecretScan, SortBy, Store } from '../ports.js';
import { ACCOUNT, aSecret, DAY, OTHER_ACCOUNT, OTHER_REGION, REGION, seed, T0, write } from './fixtures.js';

const SORTS: SortBy[] = ['name', 'created-date', 'last-changed-date', 'last-accessed-date'];
type Query = Omit<SecretScan, 'limit' | 'after'>;

/** 250 secrets with tied dates, missing dates and some scheduled deletions, inserted out of order. */
function dataset(): SecretRecord[] {
  const n = 250;
  return Array.from({ length: n }, (_, i) => {
    const s = aSecret({ name: `s-${String((i * 7919) % n).padStart(4, '0')}`, createdAt: T0 + (i % 40) });
    if (i % 3 !== 0) s.lastChangedAt = T0 + (i % 17);
    if (i % 4 !== 0) s.lastAccessedAt = T0 + (i % 5) * DAY;
    if (i % 10 === 0) Object.assign(s, { deletedAt: T0 + 1, deletionDate: T0 + 7 * DAY });
    return s;
  });
}

/** The documented order: by key (missing dates before every date), then id; reversed for descending. */
function expectedOrder(secrets: SecretRecord[], q: Query): string[] {
  const key = (s: SecretRecord): string | number => {
    if (q.sortBy === 'name') return s.name;
    if (q.sortBy === 'created-date') return s.createdAt;
    return (q.sortBy === 'last-changed-date' ? s.lastChangedAt : s.lastAccessedAt) ?? -1;
  };
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  const ids = secrets
    .filter((s) => s.accountId === q.accountId && s.region === q.region)
    .filter((s) => q.includeDeleted || s.deletedAt === undefined)
    .filter((s) => !q.namePrefix || s.name.startsWith(q.namePrefix))
    .sort((a, b) => cmp(key(a), key(b)) || cmp(a.id, b.id))
    .map((s) => s.id);
  return q.descending ? ids.reverse() : ids;
}

/** Follows cursors to the end; a page with a cursor must be full, the last one has none. */
async function scanAll(store: Store, q: Query, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | undefined;
  for (let pages = 0; pages < 10_000; pages++) {
    const page = await store.scanSecrets({ ...q, limit, ...(after === undefined ? {} : { after }) });
    ids.push(...page.secrets.map((s) => s.id));
    if (page.cursor === undefined) return ids;
    expect(page.secrets).toHaveLength(limit);
    after = page.cursor;
  }
  throw new Error('scan did not terminate');
}

const base = (over: Partial<Query> = {}): Query => ({
  accountId: ACCOUNT,
  region: REGION,
  includeDeleted: false,
  sortBy: 'name',
  descending: false,
  ...over,
});

/** ListSecrets' candidate scan: order, keyset paging, filters, cursors. */
export function scanCases(h: { readonly store: Store }): void {
  describe('scanSecrets', () => {
    for (const sortBy of SORTS) {
      for (const descending of [false, true]) {
        it(`pages through 250 secrets by ${sortBy} ${descending ? 'descending' : 'ascending'}, each once, in order`, async () => {
          const secrets = dataset();
          await seed(h.store, secrets);
          for (const includeDeleted of [false, true]) {
            const q = base({ sortBy, descending, includeDeleted });
            const want = expectedOrder(secrets, q);
            expect(await scanAll(h.store, q, 7)).toEqual(want);
            const single = await h.store.scanSecrets({ ...q, limit: 1000 });
            expect(single.secrets.map((s) => s.id)).toEqual(want);
            expect(single.cursor).toBeUndefined();
          }
        });
      }
    }

    it('returns only the account and region asked for', async () => {
      const mine = [aSecret(), aSecret()];
      await seed(h.store, [...mine, aSecret({ region: OTHER_REGION }), aSecret({ accountId: OTHER_ACCOUNT })]);
      const page = await h.store.scanSecrets({ ...base({ sortBy: 'created-date' }), limit: 10 });
      expect(page.secrets).toStrictEqual(mine);
      const empty = await h.store.scanSecrets({ ...base({ accountId: '999999999999' }), limit: 10 });
      expect(empty).toEqual({ secrets: [] });
    });

    it('excludes secrets scheduled for deletion unless includeDeleted', async () => {
      const live = aSecret({ name: 'live' });
      const deleted = aSecret({ name: 'deleted', deletedAt: T0, deletionDate: T0 + DAY });
      await seed(h.store, [live, deleted]);
      const names = async (includeDeleted: boolean) =>
        (await h.store.scanSecrets({ ...base({ includeDeleted }), limit: 10 })).secrets.map((s) => s.name);
      expect(await names(false)).toEqual(['live']);
      expect(await names(true)).toEqual(['deleted', 'live']);
    });

    it('filters by a case-sensitive name prefix, in any order and across pages', async () => {
      const names = ['App', 'App/a', 'app/b', 'App2', 'Apple', 'Ap', 'Bpp', 'APP', 'App\u00e9'];
      const secrets = names.map((name, i) => aSecret({ name, createdAt: T0 + (i % 3) }));
      await seed(h.store, secrets);
      const q = base({ namePrefix: 'App' });
      const page = await h.store.scanSecrets({ ...q, limit: 100 });
      expect(page.secrets.map((s) => s.name)).toEqual(['App', 'App/a', 'App2', 'Apple', 'App\u00e9']);
      for (const sortBy of SORTS) {
        for (const descending of [false, true]) {
          const qq = { ...q, sortBy, descending };
          expect(await scanAll(h.store, qq, 2)).toEqual(expectedOrder(secrets, qq));
        }
      }
      expect((await h.store.scanSecrets({ ...base({ namePrefix: 'app' }), limit: 10 })).secrets).toHaveLength(1);
      expect((await h.store.scanSecrets({ ...base({ namePrefix: 'zzz' }), limit: 10 })).secrets).toEqual([]);
    });

    it('gives a cursor only when more rows follow', async () => {
      await seed(
        h.store,
        Array.from({ length: 14 }, () => aSecret()),
      );
      const first = await h.store.scanSecrets({ ...base(), limit: 7 });
      expect(first.cursor).toBeDefined();
      const second = await h.store.scanSecrets({ ...base(), limit: 7, after: first.cursor });
      expect(second.secrets).toHaveLength(7);
      expect(second.cursor).toBeUndefined();
      expect((await h.store.scanSecrets({ ...base(), limit: 14 })).cursor).toBeUndefined();
      expect((await h.store.scanSecrets({ ...base(), limit: 13 })).cursor).toBeDefined();
    });

    it('continues correctly after the row under the cursor is deleted', async () => {
      const secrets = Array.from({ length: 6 }, (_, i) => aSecret({ name: `n${i}` }));
      await seed(h.store, secrets);
      const first = await h.store.scanSecrets({ ...base(), limit: 3 });
      const last = first.secrets[2];
      if (!last) throw new Error('expected three secrets');
      await write(h.store, (tx) => tx.deleteSecret(last.id));
      const rest = await h.store.scanSecrets({ ...base(), limit: 3, after: first.cursor });
      expect(rest.secrets.map((s) => s.name)).toEqual(['n3', 'n4', 'n5']);
    });

    it("rejects a malformed cursor with Error('invalid cursor')", async () => {
      await seed(h.store, [aSecret(), aSecret(), aSecret()]);
      const byName = await h.store.scanSecrets({ ...base(), limit: 1 });
      const b64 = (text: string) => Buffer.from(text).toString('base64url');
      const bad = [
        'not a cursor!',
        '',
        b64('not json'),
        b64('{}'),
        b64('[1,2]'),
        b64('null'),
        byName.cursor?.slice(0, -3) ?? '',
      ];
      for (const after of bad) {
        await expect(h.store.scanSecrets({ ...base(), limit: 5, after }), after).rejects.toThrow(/^invalid cursor$/);
      }
      // A cursor continues only the scan that made it.
      const other = h.store.scanSecrets({ ...base({ sortBy: 'created-date' }), limit: 5, after: byName.cursor });
      await expect(other).rejects.toThrow(/^invalid cursor$/);
      const reversed = h.store.scanSecrets({ ...base({ descending: true }), limit: 5, after: byName.cursor });
      await expect(reversed).rejects.toThrow(/^invalid cursor$/);
    });
  });
}
