import { Errors } from '../../domain/errors.js';
import type { SecretRecord } from '../../domain/secret.js';
import type { SecretTx } from '../../storage/ports.js';

/**
 * A replica carries its primary's region in `primaryRegion`; a primary with replicas carries its
 * own region there; a secret that was never replicated (or was promoted) has none.
 */
export const isReplica = (s: SecretRecord): boolean => s.primaryRegion !== undefined && s.primaryRegion !== s.region;

/** Replicas are read-only: every write must go to the primary's region, as AWS answers. */
export function assertNotReplica(s: SecretRecord): void {
  if (isReplica(s)) throw Errors.replicaOperation();
}

/**
 * The outbox hook of every write path: called inside the write's transaction with the secret as
 * re-read there, it queues the sync that carries the change to the replicas (no-op otherwise).
 */
export async function enqueueReplicaSync(tx: SecretTx, s: SecretRecord): Promise<void> {
  if (s.replicas.length > 0) await tx.enqueueReplication(s.id);
}
