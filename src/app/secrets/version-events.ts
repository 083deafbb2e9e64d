import type { EventSink } from '../events.js';

/**
 * CloudTrail's service events about secret versions (catalog §8.1 "Deletion"), one per version,
 * each naming the secret's ARN and the version id, never a value:
 * - StartSecretVersionDelete: DeleteSecret began the deletion (scheduled or forced);
 * - CancelSecretVersionDelete: RestoreSecret called it off;
 * - EndSecretVersionDelete: the version is gone (forced delete, or the recovery window's purge);
 * - SecretVersionDeletion: a deprecated version was pruned past the 100-version quota.
 */
export type VersionEventName =
  | 'StartSecretVersionDelete'
  | 'CancelSecretVersionDelete'
  | 'EndSecretVersionDelete'
  | 'SecretVersionDeletion';

export async function emitPerVersion(
  events: EventSink | undefined,
  eventName: VersionEventName,
  secretArn: string,
  versionIds: readonly string[],
  at: number,
): Promise<void> {
  for (const token of versionIds) await events?.emit({ eventName, secretArn, token, at });
}
