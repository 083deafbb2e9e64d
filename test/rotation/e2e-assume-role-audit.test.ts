import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CreateSecretCommand, RotateSecretCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../src/audit/record.js';
import { storeFiles, trail } from '../audit/trail-access.js';
import { rawCall } from '../helpers/raw.js';
import { type RunningServer, removeDir, startServer, tempDir } from '../helpers/server.js';
import { addFunction, createRole, eventNames, eventsOf, waitFor } from './helpers.js';

/**
 * Lambda's AssumeRole of a handler function's execution role is in the audit trail, as CloudTrail
 * shows it: one sts.amazonaws.com AssumeRole record per step, by the AWSService
 * lambda.amazonaws.com, naming the session's key id and never its secret access key or session
 * token; written before the step's handler runs, and fail closed (no durable record, no step).
 * Real server, real Python child processes; the trail read back through LookupEvents and
 * `strongroom audit tail`.
 */
const FIXTURE = resolve(import.meta.dirname, 'fixtures', 'keeps-credentials.py');
const LOOKUP = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents';
const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];
const EXPIRATION = /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4}, \d{1,2}:\d\d:\d\d [AP]M$/;

type Seen = { step: string; accessKeyId: string; secretAccessKey: string; sessionToken: string };

const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function server(env: Record<string, string> = {}): Promise<RunningServer> {
  const srv = await startServer({
    env: { STRONGROOM_ROTATION_TICK_MS: '200', STRONGROOM_ROTATION_MAX_ATTEMPTS: '1', ...env },
  });
  cleanup.push(async () => {
    await srv.stop();
    removeDir(srv.dataDir);
  });
  return srv;
}

/** The fixture copied into a directory of its own, where it keeps the credentials it was given. */
function handlerCopy(): { file: string; seen: () => Seen[] } {
  const dir = tempDir();
  cleanup.push(() => removeDir(dir));
  const file = join(dir, 'keeps_credentials.py');
  copyFileSync(FIXTURE, file);
  const log = join(dir, 'credentials.jsonl');
  const seen = () =>
    existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Seen)
      : [];
  return { file, seen };
}

/** The session key id an AssumeRole record names. */
const keyIdOf = (r: CloudTrailRecord): string | undefined =>
  (r.responseElements?.credentials as { accessKeyId?: string } | undefined)?.accessKeyId;

/** Every AssumeRole record of the caller's account and region, oldest first, through LookupEvents. */
async function assumeRoleRecords(srv: RunningServer): Promise<CloudTrailRecord[]> {
  const body = { LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'AssumeRole' }] };
  const r = await rawCall(srv.endpoint, 'LookupEvents', JSON.stringify(body), {
    creds: srv.credentials,
    service: 'cloudtrail',
    target: LOOKUP,
  });
  if (r.status !== 200) throw new Error(`LookupEvents failed: ${r.text}`);
  const events = r.json!.Events as { CloudTrailEvent: string; EventSource: string; Username?: string }[];
  for (const e of events) expect(e.EventSource).toBe('sts.amazonaws.com');
  return events.map((e) => JSON.parse(e.CloudTrailEvent) as CloudTrailRecord).reverse();
}

describe("Lambda's AssumeRole of an execution role", () => {
  let srv: RunningServer;
  let sm: SecretsManagerClient;

  beforeAll(async () => {
    srv = await server();
    sm = srv.client();
  });

  it('is recorded once per step, before the step runs, with the session key id and no secret', async () => {
    const role = await createRole(srv, 'audited-exec');
    const account = /^arn:aws:iam::(\d{12}):role\//.exec(role)![1]!;
    const handler = handlerCopy();
    const fn = await addFunction(srv.dataDir!, 'audited', ['--python', handler.file, '--role', role]);
    const arn = (await sm.send(new CreateSecretCommand({ Name: 'audited/db', SecretString: 'before' }))).ARN!;
    const { VersionId: token } = await sm.send(
      new RotateSecretCommand({
        SecretId: arn,
        RotationLambdaARN: fn.arn,
        RotationRules: { AutomaticallyAfterDays: 10 },
      }),
    );
    await waitFor(
      () => eventNames(srv, token).some((n) => n === 'RotationSucceeded' || n === 'RotationFailed'),
      60_000,
    );
    expect(eventsOf(srv, token).find((e) => e.eventName === 'RotationFailed')?.message).toBeUndefined();

    // Each step ran with a fresh session of the role.
    const seen = handler.seen();
    expect(seen.map((s) => s.step)).toEqual(STEPS);
    expect(new Set(seen.map((s) => s.accessKeyId)).size).toBe(STEPS.length);

    const records = (await assumeRoleRecords(srv)).filter((r) => r.requestParameters?.roleArn === role);
    expect(records.map(keyIdOf)).toEqual(seen.map((s) => s.accessKeyId));
    for (const [i, r] of records.entries()) {
      const credentials = r.responseElements?.credentials as { expiration: string };
      expect(r).toStrictEqual({
        eventVersion: '1.08',
        userIdentity: { type: 'AWSService', invokedBy: 'lambda.amazonaws.com' },
        eventTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
        eventSource: 'sts.amazonaws.com',
        eventName: 'AssumeRole',
        awsRegion: 'us-east-1',
        sourceIPAddress: 'lambda.amazonaws.com',
        userAgent: 'lambda.amazonaws.com',
        requestParameters: { roleArn: role, roleSessionName: 'audited' },
        responseElements: {
          credentials: {
            accessKeyId: seen[i]!.accessKeyId,
            sessionToken: 'HIDDEN_DUE_TO_SECURITY_REASONS',
            expiration: expect.stringMatching(EXPIRATION),
          },
          assumedRoleUser: {
            assumedRoleId: expect.stringMatching(/^AROA[A-Z0-9]+:audited$/),
            arn: `arn:aws:sts::${account}:assumed-role/audited-exec/audited`,
          },
        },
        requestID: expect.any(String),
        eventID: expect.any(String),
        readOnly: true,
        resources: [{ accountId: account, type: 'AWS::IAM::Role', ARN: role }],
        eventType: 'AwsApiCall',
        managementEvent: true,
        recipientAccountId: account,
        eventCategory: 'Management',
      });
      // The session lasts the step's timeout (30 s by default) plus 30 s from when it was made.
      const lasts = Date.parse(`${credentials.expiration} UTC`) - Date.parse(r.eventTime);
      expect(lasts).toBeGreaterThanOrEqual(59_000);
      expect(lasts).toBeLessThanOrEqual(60_000);
    }

    // Before the step: each session's AssumeRole comes before the first call made with it.
    const all = await trail(srv.dataDir!);
    for (const s of seen) {
      const assumed = all.findIndex((r) => r.eventName === 'AssumeRole' && keyIdOf(r) === s.accessKeyId);
      const firstUse = all.findIndex((r) => r.userIdentity.accessKeyId === s.accessKeyId);
      expect(assumed).toBeGreaterThanOrEqual(0);
      expect(firstUse).toBeGreaterThan(assumed);
    }

    // Never the secret access key or the session token: not in the trail, not in the store's files.
    const text = JSON.stringify(all);
    const raw = storeFiles(srv.dataDir!);
    for (const s of seen) {
      for (const secret of [s.secretAccessKey, s.sessionToken]) {
        expect(text).not.toContain(secret);
        for (const f of raw) expect(f).not.toContain(secret);
      }
    }
  });
});

describe('fail closed', () => {
  it('fails the step before its handler runs when the AssumeRole record cannot be written', async () => {
    const work = tempDir();
    cleanup.push(() => removeDir(work));
    const auditDir = join(work, 'audit');
    mkdirSync(auditDir);
    const srv = await server({ STRONGROOM_AUDIT_FILE: join(auditDir, 'trail.jsonl') });
    const role = await createRole(srv, 'unrecorded-exec');
    const handler = handlerCopy();
    const fn = await addFunction(srv.dataDir!, 'unrecorded', ['--python', handler.file, '--role', role]);
    const arn = (await srv.client().send(new CreateSecretCommand({ Name: 'unrecorded/db', SecretString: 'before' })))
      .ARN!;

    // The required JSON-lines sink is gone: every record fails from here on. RotateSecret is
    // refused (its record failed), but the rotation it queued runs.
    rmSync(auditDir, { recursive: true });
    const token = '11111111-2222-4333-8444-555555555555';
    const body = {
      SecretId: arn,
      ClientRequestToken: token,
      RotationLambdaARN: fn.arn,
      RotationRules: { AutomaticallyAfterDays: 10 },
    };
    expect((await rawCall(srv.endpoint, 'RotateSecret', JSON.stringify(body), { creds: srv.credentials })).status).toBe(
      500,
    );
    await waitFor(() => eventNames(srv, token).includes('RotationFailed'), 60_000);

    expect(eventsOf(srv, token).find((e) => e.eventName === 'RotationFailed')?.message).toBe(
      `createSecret: AuditWriteError: the audit record of Lambda assuming the execution role ${role} could not be written`,
    );
    expect(handler.seen()).toEqual([]);
    expect(srv.stderr()).toContain('"eventName":"AssumeRole"');
    mkdirSync(auditDir);
  });
});
