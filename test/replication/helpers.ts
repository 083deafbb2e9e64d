import { randomUUID } from 'node:crypto';
import {
  DescribeSecretCommand,
  type DescribeSecretCommandOutput,
  type ReplicationStatusType,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';

export const PRIMARY = 'us-east-1';
export const REPLICA = 'eu-west-1';
export const OTHER = 'ap-south-1';

/** A fast worker: tests wait for replication by polling, never by sleeping a fixed time. */
export const FAST_REPLICATION = { STRONGROOM_REPLICATION_INTERVAL_MS: '25' };

export const uniq = (prefix = 'r') => `${prefix}-${randomUUID().slice(0, 8)}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls `probe` until `ok` holds (a probe that throws counts as not yet). The bound only turns a
 * hang into a readable failure; nothing asserts how fast replication is.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (ok(v)) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${String(JSON.stringify(last))}`);
    await sleep(25);
  }
}

export const statusOf = (d: DescribeSecretCommandOutput, region: string): ReplicationStatusType | undefined =>
  d.ReplicationStatus?.find((r) => r.Region === region);

/** Waits until the primary reports `region` in `status` (InSync or Failed) and returns the describe. */
export function replicationSettles(
  primary: SecretsManagerClient,
  secretId: string,
  region: string,
  status: 'InSync' | 'Failed' = 'InSync',
): Promise<DescribeSecretCommandOutput> {
  return eventually(
    `${secretId} → ${region} ${status}`,
    () => primary.send(new DescribeSecretCommand({ SecretId: secretId })),
    (d) => statusOf(d, region)?.Status === status,
  );
}

/** The replica ARN AWS documents: the primary's with only the region changed. */
export const inRegion = (arn: string, region: string): string =>
  arn.replace(/^(arn:aws:secretsmanager:)[^:]+/, `$1${region}`);

export const accountOf = (arn: string): string => arn.split(':')[4]!;

/** The JSON log lines the server wrote for service events (`msg: "event"`). */
export function eventsIn(stderr: string): { eventName: string; secretArn: string; message?: string }[] {
  return stderr
    .split('\n')
    .filter((l) => l.includes('"msg":"event"'))
    .map((l) => JSON.parse(l) as { eventName: string; secretArn: string; message?: string });
}
