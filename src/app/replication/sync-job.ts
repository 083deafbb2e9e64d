import type { Logger } from '../../lib/json-log.js';
import type { EventSink, ServiceEvent } from '../events.js';
import type { SecretsDeps } from '../secrets/deps.js';
import { openValue, type PlainValue } from '../secrets/value.js';
import { isReplica } from './guards.js';
import { replicaArnOf } from './regions.js';
import { type ReplicaOutcome, syncReplica } from './sync-replica.js';

export type ReplicationDeps = SecretsDeps & { events: EventSink; log: Logger };

/** `done`: every region reached a final state for this change; `retry`: try the job again later. */
export type JobOutcome = 'done' | 'retry';

/**
 * Brings every replica of one primary to the primary's current state: the primary is read and
 * its values opened once, then each region is synced in its own transaction, so one failing
 * region neither blocks nor undoes the others. A Failed status (name taken, key refused) is a
 * final outcome that only a new request retries; an unexpected error leaves the job to retry.
 */
export async function syncSecretReplicas(d: ReplicationDeps, secretId: string, now: number): Promise<JobOutcome> {
  const secret = await d.store.findById(secretId);
  if (!secret || isReplica(secret) || secret.replicas.length === 0) return 'done';
  const versions = await d.store.listVersions(secret.id);
  const values = new Map<string, PlainValue>();
  try {
    for (const v of versions) if (v.sealed) values.set(v.versionId, await openValue(d, secret, v));
    let outcome: JobOutcome = 'done';
    for (const target of secret.replicas) {
      const replicaArn = replicaArnOf(secret.arn, target.Region);
      if (target.Status === 'InProgress')
        await emit(d, { eventName: 'ReplicationStarted', secretArn: replicaArn, at: now });
      try {
        const result = await syncReplica(d, { secret, versions, values }, target, now);
        if (result) await reportOutcome(d, result, now);
      } catch (e) {
        d.log.warn('replication to a region failed; will retry', { secretArn: replicaArn, error: describe(e) });
        outcome = 'retry';
      }
    }
    return outcome;
  } finally {
    for (const v of values.values()) v.bytes.fill(0);
  }
}

/** Succeeded / Failed are emitted when a region reaches that state, not on every later sync. */
async function reportOutcome(d: ReplicationDeps, r: ReplicaOutcome, at: number): Promise<void> {
  const { Status, StatusMessage } = r.after;
  if (Status === 'InSync' && r.before !== 'InSync') {
    await emit(d, { eventName: 'ReplicationSucceeded', secretArn: r.replicaArn, at });
  } else if (Status === 'Failed' && r.before !== 'Failed') {
    await emit(d, { eventName: 'ReplicationFailed', secretArn: r.replicaArn, message: StatusMessage, at });
  }
}

/** Events are best effort: a failing sink never fails or repeats the replication. */
async function emit(d: ReplicationDeps, e: ServiceEvent): Promise<void> {
  try {
    await d.events.emit(e);
  } catch (err) {
    d.log.warn('event sink failed', { eventName: e.eventName, error: describe(err) });
  }
}

/** Error text for logs: our errors carry identifiers only, never values. */
const describe = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : 'unknown error');
