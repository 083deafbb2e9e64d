import type { Store } from '../../storage/ports.js';
import type { EventSink } from '../events.js';
import { emitPerVersion } from './version-events.js';

/** How long a node's claim on a due purge keeps other nodes off it (a purge takes milliseconds). */
export const PURGE_LEASE_MS = 60_000;

/**
 * Removes secrets whose recovery window has passed. Runs on a timer from the composition root,
 * on every node. With `events`, each version's deletion, announced by DeleteSecret
 * (StartSecretVersionDelete), is confirmed once done (EndSecretVersionDelete). Returns how many
 * it purged.
 *
 * Several nodes may find the same due secret, so each purge is claimed first, under the
 * secret's lock: the claim moves its (internal, never shown) deletion date to `now + leaseMs`,
 * which takes it out of every node's due list. Only the claimant deletes and confirms, and only
 * if its claim still stands (not restored, not re-claimed). A node that dies after claiming
 * leaves the secret due again once the lease runs out; the next node purges it then. The
 * deletion happens exactly once; its confirmation is written after the commit, so a node dying
 * in between loses it (never a confirmation of a deletion that did not happen).
 */
export async function purgeDeletedSecrets(
  store: Store,
  now: number,
  batch = 100,
  events?: EventSink,
  leaseMs = PURGE_LEASE_MS,
): Promise<number> {
  const due = await store.findDueDeletions(now, batch);
  let purged = 0;
  for (const s of due) {
    const claim = now + leaseMs;
    if (!(await claimPurge(store, s.id, now, claim))) continue;
    const versions = events ? (await store.listVersions(s.id)).map((v) => v.versionId) : [];
    const deleted = await store.transaction(async (tx) => {
      const locked = await tx.lockSecret(s.id);
      if (locked?.deletedAt === undefined || locked.deletionDate !== claim) return false;
      await tx.deleteSecret(s.id);
      return true;
    });
    if (!deleted) continue;
    await emitPerVersion(events, 'EndSecretVersionDelete', s.arn, versions, now);
    purged++;
  }
  return purged;
}

/** Takes a due purge for this node: false if it is no longer due (purged, restored, or claimed). */
function claimPurge(store: Store, secretId: string, now: number, claim: number): Promise<boolean> {
  return store.transaction(async (tx) => {
    const locked = await tx.lockSecret(secretId);
    if (locked?.deletedAt === undefined || locked.deletionDate === undefined || locked.deletionDate > now) return false;
    await tx.updateSecret({ ...locked, deletionDate: claim });
    return true;
  });
}
