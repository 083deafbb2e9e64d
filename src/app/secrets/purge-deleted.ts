import type { Store } from '../../storage/ports.js';
import type { EventSink } from '../events.js';

/** One service event per version (CloudTrail's *SecretVersionDelete events are per version). */
export async function emitPerVersion(
  events: EventSink | undefined,
  eventName: string,
  secretArn: string,
  versionIds: readonly string[],
  at: number,
): Promise<void> {
  for (const token of versionIds) await events?.emit({ eventName, secretArn, token, at });
}

/**
 * Removes secrets whose recovery window has passed. Runs on a timer from the composition root;
 * each purge is its own transaction, so a crash mid-batch loses nothing but time. With `events`,
 * each version's deletion is announced (StartSecretVersionDelete) and confirmed
 * (EndSecretVersionDelete) around the transaction.
 */
export async function purgeDeletedSecrets(store: Store, now: number, batch = 100, events?: EventSink): Promise<number> {
  const due = await store.findDueDeletions(now, batch);
  for (const s of due) {
    const versions = events ? (await store.listVersions(s.id)).map((v) => v.versionId) : [];
    await emitPerVersion(events, 'StartSecretVersionDelete', s.arn, versions, now);
    await store.transaction((tx) => tx.deleteSecret(s.id));
    await emitPerVersion(events, 'EndSecretVersionDelete', s.arn, versions, now);
  }
  return due.length;
}
