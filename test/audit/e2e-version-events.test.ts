import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../src/audit/record.js';
import { buildRuntime, type Runtime } from '../../src/compose.js';
import { loadConfig } from '../../src/config/config.js';
import { manualClock } from '../../src/lib/clock.js';
import { rawCall } from '../helpers/raw.js';
import { awsError, type Credentials, type RunningServer, removeDir, startServer, tempDir } from '../helpers/server.js';
import { backendEnv } from '../helpers/test-backend.js';

/**
 * The service events about secret versions, read back through CloudTrail's LookupEvents
 * (catalog §8.1 "Deletion", statements 29, 51, 52; docs/audit.md):
 * - DeleteSecret starts the deletion of each version (StartSecretVersionDelete), RestoreSecret
 *   cancels it (CancelSecretVersionDelete), the purge at the window's end ends it
 *   (EndSecretVersionDelete); a forced delete starts and ends it at once;
 * - pruning a deprecated version past the 100-version quota emits SecretVersionDeletion.
 * Each names the secret's ARN and the version id, and never a value.
 */
const CANARY = `CANARY-${randomBytes(12).toString('hex')}`;
const CLOUDTRAIL_TARGET = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents';
const DAY = 86_400_000;

type Lookup = { endpoint: string; creds: Credentials; now?: () => number };

/** Every record LookupEvents returns for one event name and one secret, oldest first. */
async function serviceEvents(l: Lookup, eventName: string, arn: string): Promise<CloudTrailRecord[]> {
  const out: CloudTrailRecord[] = [];
  let token: string | undefined;
  do {
    const body = {
      LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: arn }],
      ...(token && { NextToken: token }),
    };
    const r = await rawCall(l.endpoint, 'LookupEvents', JSON.stringify(body), {
      creds: l.creds,
      service: 'cloudtrail',
      target: CLOUDTRAIL_TARGET,
      now: l.now?.(),
    });
    if (r.status !== 200) throw new Error(`LookupEvents failed: ${r.text}`);
    expect(r.text).not.toContain(CANARY);
    for (const e of r.json!.Events as { EventName: string; CloudTrailEvent: string }[]) {
      if (e.EventName === eventName) out.push(JSON.parse(e.CloudTrailEvent) as CloudTrailRecord);
    }
    token = r.json!.NextToken as string | undefined;
  } while (token);
  return out.reverse();
}

/** What every version event looks like: the service acting, the secret and version named, no value. */
function expectVersionEvent(r: CloudTrailRecord, eventName: string, arn: string, versionId: string): void {
  const account = arn.split(':')[4]!;
  expect(r).toMatchObject({
    eventName,
    eventType: 'AwsServiceEvent',
    eventSource: 'secretsmanager.amazonaws.com',
    userIdentity: { type: 'AWSService', accountId: account, invokedBy: 'secretsmanager.amazonaws.com' },
    requestParameters: null,
    responseElements: null,
    additionalEventData: { SecretId: arn, VersionId: versionId },
    resources: [{ accountId: account, type: 'AWS::SecretsManager::Secret', ARN: arn }],
    recipientAccountId: account,
    awsRegion: 'us-east-1',
    readOnly: false,
  });
}

const versionIdsOf = async (sm: SecretsManagerClient, SecretId: string): Promise<string[]> =>
  ((await sm.send(new ListSecretVersionIdsCommand({ SecretId, IncludeDeprecated: true }))).Versions ?? [])
    .map((v) => v.VersionId!)
    .sort();

const ids = (records: CloudTrailRecord[]) => records.map((r) => String(r.additionalEventData?.VersionId)).sort();

describe('version deletion events of DeleteSecret and RestoreSecret', () => {
  let srv: RunningServer;
  let sm: SecretsManagerClient;
  let l: Lookup;
  beforeAll(async () => {
    srv = await startServer();
    sm = srv.client();
    l = { endpoint: srv.endpoint, creds: srv.credentials! };
  });
  afterAll(async () => {
    await srv?.stop();
    removeDir(srv?.dataDir);
  });

  async function twoVersions(name: string): Promise<{ arn: string; versions: string[] }> {
    const arn = (await sm.send(new CreateSecretCommand({ Name: name, SecretString: CANARY }))).ARN!;
    await sm.send(new PutSecretValueCommand({ SecretId: arn, SecretString: `${CANARY}-2` }));
    return { arn, versions: await versionIdsOf(sm, arn) };
  }

  it('a scheduled delete starts the deletion of each version; a restore cancels each', async () => {
    const { arn, versions } = await twoVersions('events/scheduled');
    await sm.send(new DeleteSecretCommand({ SecretId: arn, RecoveryWindowInDays: 7 }));
    const started = await serviceEvents(l, 'StartSecretVersionDelete', arn);
    expect(ids(started)).toEqual(versions);
    for (const r of started)
      expectVersionEvent(r, 'StartSecretVersionDelete', arn, String(r.additionalEventData?.VersionId));
    expect(await serviceEvents(l, 'EndSecretVersionDelete', arn)).toEqual([]);

    await sm.send(new RestoreSecretCommand({ SecretId: arn }));
    const cancelled = await serviceEvents(l, 'CancelSecretVersionDelete', arn);
    expect(ids(cancelled)).toEqual(versions);
    for (const r of cancelled) {
      expectVersionEvent(r, 'CancelSecretVersionDelete', arn, String(r.additionalEventData?.VersionId));
    }
    // A second delete is a second start.
    await sm.send(new DeleteSecretCommand({ SecretId: arn, RecoveryWindowInDays: 7 }));
    expect(await serviceEvents(l, 'StartSecretVersionDelete', arn)).toHaveLength(4);
  });

  it('a forced delete starts and ends the deletion of each version at once', async () => {
    const { arn, versions } = await twoVersions('events/forced');
    await sm.send(new DeleteSecretCommand({ SecretId: arn, ForceDeleteWithoutRecovery: true }));
    expect((await awsError(sm.send(new DescribeSecretCommand({ SecretId: arn })))).name).toBe(
      'ResourceNotFoundException',
    );
    const started = await serviceEvents(l, 'StartSecretVersionDelete', arn);
    const ended = await serviceEvents(l, 'EndSecretVersionDelete', arn);
    expect(ids(started)).toEqual(versions);
    expect(ids(ended)).toEqual(versions);
    for (const r of ended)
      expectVersionEvent(r, 'EndSecretVersionDelete', arn, String(r.additionalEventData?.VersionId));
    expect(await serviceEvents(l, 'CancelSecretVersionDelete', arn)).toEqual([]);
  });

  it('a forced delete of a secret already scheduled only ends the deletion it started', async () => {
    const { arn, versions } = await twoVersions('events/scheduled-then-forced');
    await sm.send(new DeleteSecretCommand({ SecretId: arn, RecoveryWindowInDays: 30 }));
    await sm.send(new DeleteSecretCommand({ SecretId: arn, ForceDeleteWithoutRecovery: true }));
    expect(ids(await serviceEvents(l, 'StartSecretVersionDelete', arn))).toEqual(versions);
    expect(ids(await serviceEvents(l, 'EndSecretVersionDelete', arn))).toEqual(versions);
  });

  it('a forced delete of a secret that does not exist announces nothing', async () => {
    const r = await sm.send(new DeleteSecretCommand({ SecretId: 'events/never', ForceDeleteWithoutRecovery: true }));
    for (const name of ['StartSecretVersionDelete', 'EndSecretVersionDelete']) {
      expect(await serviceEvents(l, name, r.ARN!)).toEqual([]);
    }
  });
});

/**
 * Days must pass for the version purge (24 hours) and the recovery window (7 days): the real
 * server (buildRuntime, as `strongroom server` runs it, on the test backend's store) on a clock
 * the test moves. Clients sign with the same offset, so only the server's days pass.
 */
describe('version events that need days to pass', () => {
  const clock = manualClock(Date.now());
  let rt: Runtime;
  let dir: string;
  let l: Lookup;
  // A client per call: the SDK corrects its clock offset from each response's Date header.
  const client = () =>
    new SecretsManagerClient({
      endpoint: l.endpoint,
      region: 'us-east-1',
      credentials: l.creds,
      maxAttempts: 1,
      systemClockOffset: clock.now() - Date.now(),
    });
  /** The secret's EndSecretVersionDelete records, once there are `n` (polled: the purge runs on a timer). */
  async function endsOf(arn: string, n: number): Promise<CloudTrailRecord[]> {
    let ended: CloudTrailRecord[] = [];
    for (let i = 0; i < 100 && ended.length < n; i++) {
      await new Promise((ok) => setTimeout(ok, 100));
      ended = await serviceEvents(l, 'EndSecretVersionDelete', arn);
    }
    return ended;
  }

  beforeAll(async () => {
    dir = tempDir();
    const env = {
      ...(await backendEnv({ mode: 'server', dataDir: dir, args: [], env: {} })),
      STRONGROOM_PURGE_INTERVAL_MS: '100',
    };
    rt = await buildRuntime(loadConfig('server', { dataDir: dir, port: '0', logLevel: 'error' }, env), clock);
    await new Promise<void>((ok) => rt.server.listen(0, '127.0.0.1', ok));
    l = {
      endpoint: `http://127.0.0.1:${(rt.server.address() as AddressInfo).port}`,
      creds: { accessKeyId: rt.admin!.accessKeyId, secretAccessKey: rt.admin!.secretAccessKey },
      now: () => clock.now(),
    };
  });
  afterAll(async () => {
    if (rt) {
      await new Promise((ok) => rt.server.close(ok));
      await rt.close();
    }
    removeDir(dir);
  });

  it('29: each deprecated version pruned past 100 emits SecretVersionDeletion, with its id and no value', async () => {
    const created = await client().send(new CreateSecretCommand({ Name: 'events/many', SecretString: CANARY }));
    const [arn, first] = [created.ARN!, created.VersionId!];
    for (let i = 1; i < 100; i++) {
      clock.advance(1000); // one version a second: the first written is the oldest
      await client().send(new PutSecretValueCommand({ SecretId: arn, SecretString: `${CANARY}-${i}` }));
    }
    expect(await versionIdsOf(client(), arn)).toHaveLength(100);
    expect(await serviceEvents(l, 'SecretVersionDeletion', arn)).toEqual([]);

    clock.advance(25 * 3_600_000);
    await client().send(new PutSecretValueCommand({ SecretId: arn, SecretString: `${CANARY}-100` }));
    const left = await versionIdsOf(client(), arn);
    expect(left).toHaveLength(100);
    expect(left).not.toContain(first);
    const pruned = await serviceEvents(l, 'SecretVersionDeletion', arn);
    expect(pruned).toHaveLength(1);
    expectVersionEvent(pruned[0]!, 'SecretVersionDeletion', arn, first);
    expect(pruned[0]!.eventTime).toBe(new Date(clock.now() - (clock.now() % 1000)).toISOString().replace('.000Z', 'Z'));
    expect(JSON.stringify(pruned[0])).not.toContain(CANARY);
  });

  it('52: the purge at the end of the recovery window ends the deletion of each version', async () => {
    // Two witnesses with the same (minimum) window, scheduled two hours and one hour before this
    // secret, fall due while it is not: their ends prove that purge passes ran then, up to an hour
    // before this secret's window ends. The second falls due only once the first has ended, so a
    // pass that wrongly took this secret after the first witness has had the whole of a later pass
    // to finish before this secret is checked.
    const HOUR = 3_600_000;
    const witness = async (name: string) => {
      const arn = (await client().send(new CreateSecretCommand({ Name: name, SecretString: CANARY }))).ARN!;
      await client().send(new DeleteSecretCommand({ SecretId: arn, RecoveryWindowInDays: 7 }));
      return arn;
    };
    const first = await witness('events/window-witness-1');
    clock.advance(HOUR);
    const second = await witness('events/window-witness-2');
    clock.advance(HOUR);

    const arn = (await client().send(new CreateSecretCommand({ Name: 'events/window', SecretString: CANARY }))).ARN!;
    await client().send(new PutSecretValueCommand({ SecretId: arn, SecretString: `${CANARY}-2` }));
    const versions = await versionIdsOf(client(), arn);
    await client().send(new DeleteSecretCommand({ SecretId: arn, RecoveryWindowInDays: 7 }));
    expect(ids(await serviceEvents(l, 'StartSecretVersionDelete', arn))).toEqual(versions);

    clock.advance(7 * DAY - 2 * HOUR + 1000);
    expect(await endsOf(first, 1)).toHaveLength(1);
    clock.advance(HOUR);
    expect(await endsOf(second, 1)).toHaveLength(1);
    // An hour before the end of this secret's window: not due yet.
    expect(await serviceEvents(l, 'EndSecretVersionDelete', arn)).toEqual([]);
    expect((await client().send(new DescribeSecretCommand({ SecretId: arn }))).DeletedDate).toBeDefined();

    clock.advance(HOUR);
    const ended = await endsOf(arn, versions.length);
    expect(ids(ended)).toEqual(versions);
    for (const r of ended)
      expectVersionEvent(r, 'EndSecretVersionDelete', arn, String(r.additionalEventData?.VersionId));
    expect((await awsError(client().send(new DescribeSecretCommand({ SecretId: arn })))).name).toBe(
      'ResourceNotFoundException',
    );
    // Started once (by DeleteSecret), ended once (by the purge).
    expect(await serviceEvents(l, 'StartSecretVersionDelete', arn)).toHaveLength(versions.length);
  });
});
