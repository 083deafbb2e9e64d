import type { Store } from '../../storage/ports.js';

/**
 * Removes secrets whose recovery window has passed. Runs on a timer from the composition root;
 * each purge is its own transaction, so a crash mid-batch loses nothing but time.
 */
export async function purgeDeletedSecrets(store: Store, now: number, batch = 100): Promise<number> {
  const due = await store.findDueDeletions(now, batch);
  for (const s of due) await store.transaction((tx) => tx.deleteSecret(s.id));
  return due.length;
}
