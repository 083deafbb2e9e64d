import { describe, expect, it } from 'vitest';
import type { Store } from '../ports.js';
import { aSecret, seed, T0, write } from './fixtures.js';

const LEASE = 30_000;

/** The replication outbox: enqueue in a transaction, coalescing, leases, stale completion. */
export function replicationCases(h: { readonly store: Store }): void {
  describe('replication outbox', () => {
    const enqueue = (id: string, overwrite?: string[]) => write(h.store, (tx) => tx.enqueueReplication(id, overwrite));

    it('commits a job with the transaction that enqueued it, and not when it rolls back', async () => {
      const [a, b] = [aSecret(), aSecret()];
      await seed(h.store, [a, b]);
      await enqueue(a.id);
      const failing = write(h.store, async (tx) => {
        await tx.enqueueReplication(b.id);
        throw new Error('abort');
      });
      await expect(failing).rejects.toThrow('abort');
      expect(await h.store.findReplicationJob(a.id)).toMatchObject({ secretId: a.id, attempts: 0 });
      expect(await h.store.findReplicationJob(b.id)).toBeUndefined();
      const claimed = await h.store.claimReplicationJobs(T0, LEASE, 10);
      expect(claimed.map((j) => j.secretId)).toEqual([a.id]);
    });

    it('coalesces enqueues into one job whose seq only grows', async () => {
      const s = aSecret();
      await seed(h.store, [s]);
      await enqueue(s.id);
      const first = await h.store.findReplicationJob(s.id);
      await enqueue(s.id);
      const second = await h.store.findReplicationJob(s.id);
      expect(second!.seq).toBeGreaterThan(first!.seq);
      expect(await h.store.claimReplicationJobs(T0, LEASE, 10)).toHaveLength(1);
    });

    it('leases a claimed job until the lease runs out, then hands it out again', async () => {
      const s = aSecret();
      await seed(h.store, [s]);
      await enqueue(s.id);
      expect(await h.store.countDueReplicationJobs(T0)).toBe(1);
      const [job] = await h.store.claimReplicationJobs(T0, LEASE, 10);
      expect(job).toMatchObject({ secretId: s.id, attempts: 1 });
      expect(await h.store.countDueReplicationJobs(T0 + LEASE - 1)).toBe(0);
      expect(await h.store.claimReplicationJobs(T0 + LEASE - 1, LEASE, 10)).toEqual([]);
      expect(await h.store.countDueReplicationJobs(T0 + LEASE)).toBe(1);
      const again = await h.store.claimReplicationJobs(T0 + LEASE, LEASE, 10);
      expect(again).toEqual([{ secretId: s.id, seq: job!.seq, attempts: 2 }]);
    });

    it('hands out the oldest changes first, at most `limit` at a time', async () => {
      const secrets = [aSecret(), aSecret(), aSecret()];
      await seed(h.store, secrets);
      for (const s of [...secrets].reverse()) await enqueue(s.id);
      const firstTwo = await h.store.claimReplicationJobs(T0, LEASE, 2);
      expect(firstTwo.map((j) => j.secretId)).toEqual([secrets[2]!.id, secrets[1]!.id]);
      expect((await h.store.claimReplicationJobs(T0, LEASE, 2)).map((j) => j.secretId)).toEqual([secrets[0]!.id]);
    });

    it('completes a job only if no newer change re-armed it, and then releases it at once', async () => {
      const s = aSecret();
      await seed(h.store, [s]);
      await enqueue(s.id);
      const [stale] = await h.store.claimReplicationJobs(T0, LEASE, 10);
      await enqueue(s.id);
      expect(await h.store.completeReplicationJob(s.id, stale!.seq)).toBe(false);
      const [fresh] = await h.store.claimReplicationJobs(T0 + 1, LEASE, 10);
      expect(fresh!.seq).toBeGreaterThan(stale!.seq);
      expect(fresh!.attempts).toBe(1);
      expect(await h.store.completeReplicationJob(s.id, fresh!.seq)).toBe(true);
      expect(await h.store.findReplicationJob(s.id)).toBeUndefined();
      expect(await h.store.claimReplicationJobs(T0 + 2 * LEASE, LEASE, 10)).toEqual([]);
    });

    it('accumulates overwrite permissions and takes each region once', async () => {
      const s = aSecret();
      await seed(h.store, [s]);
      await enqueue(s.id, ['eu-west-1']);
      await enqueue(s.id, ['ap-south-1']);
      await enqueue(s.id);
      expect((await h.store.findReplicationJob(s.id))?.overwriteRegions.sort()).toEqual(['ap-south-1', 'eu-west-1']);
      expect(await write(h.store, (tx) => tx.takeReplicaOverwrite(s.id, 'eu-west-1'))).toBe(true);
      expect(await write(h.store, (tx) => tx.takeReplicaOverwrite(s.id, 'eu-west-1'))).toBe(false);
      expect(await write(h.store, (tx) => tx.takeReplicaOverwrite('no-such-secret', 'eu-west-1'))).toBe(false);
      expect((await h.store.findReplicationJob(s.id))?.overwriteRegions).toEqual(['ap-south-1']);
    });

    it("drops a secret's job with the secret", async () => {
      const s = aSecret();
      await seed(h.store, [s]);
      await enqueue(s.id);
      await write(h.store, (tx) => tx.deleteSecret(s.id));
      expect(await h.store.findReplicationJob(s.id)).toBeUndefined();
      expect(await h.store.claimReplicationJobs(T0, LEASE, 10)).toEqual([]);
    });
  });
}
