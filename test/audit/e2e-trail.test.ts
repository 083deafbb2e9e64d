import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  TagResourceCommand,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../src/audit/record.js';
import { rawCall } from '../helpers/raw.js';
import { awsError, type RunningServer, removeDir, startServer, tempDir } from '../helpers/server.js';
import { cli, storeFiles, tamperedCopy, trail } from './trail-access.js';

const run = promisify(execFile);
const hasAws = await run('aws', ['--version']).then(
  () => true,
  () => false,
);
if (!hasAws && process.env.CI) throw new Error('the aws CLI is required on CI');

const CANARY = `CANARY-${randomBytes(12).toString('hex')}`;
const CANARY2 = `CANARY-${randomBytes(12).toString('hex')}`;
const CANARY_BIN = Buffer.from(`CANARY-${randomBytes(12).toString('hex')}`);
const CLOUDTRAIL = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.';

let srv: RunningServer;
let work: string;
let auditFile: string;
let password = '';
let arn = '';

const records = () => trail(srv.dataDir!);

const cliFails = async (...args: string[]) => {
  try {
    await cli(...args);
  } catch (e) {
    return e as { code: number; stdout: string };
  }
  throw new Error('expected the command to fail');
};

const lookup = (body: object, o: { target?: string; service?: string } = {}) =>
  rawCall(srv.endpoint, 'LookupEvents', JSON.stringify(body), {
    creds: srv.credentials,
    service: o.service ?? 'cloudtrail',
    target: o.target ?? `${CLOUDTRAIL}LookupEvents`,
  });

beforeAll(async () => {
  work = tempDir();
  mkdirSync(join(work, 'audit'));
  auditFile = join(work, 'audit', 'trail.jsonl');
  srv = await startServer({ env: { STRONGROOM_AUDIT_FILE: auditFile }, args: ['--log-level', 'debug'] });
  const sm = srv.client();
  const created = await sm.send(new CreateSecretCommand({ Name: 'audit/db', SecretString: CANARY }));
  arn = created.ARN!;
  await sm.send(new PutSecretValueCommand({ SecretId: 'audit/db', SecretString: CANARY2 }));
  await sm.send(new CreateSecretCommand({ Name: 'audit/bin', SecretBinary: CANARY_BIN }));
  expect((await sm.send(new GetSecretValueCommand({ SecretId: 'audit/db' }))).SecretString).toBe(CANARY2);
  expect(Buffer.from((await sm.send(new GetSecretValueCommand({ SecretId: 'audit/bin' }))).SecretBinary!)).toEqual(
    CANARY_BIN,
  );
  password = (await sm.send(new GetRandomPasswordCommand({ PasswordLength: 40 }))).RandomPassword!;
  await sm.send(new DescribeSecretCommand({ SecretId: arn }));
  await sm.send(new ListSecretsCommand({}));
  await sm.send(new TagResourceCommand({ SecretId: 'audit/db', Tags: [{ Key: 'team', Value: 'core' }] }));
  await sm.send(new UpdateSecretCommand({ SecretId: 'audit/db', Description: 'audited' }));
  await sm.send(new DeleteSecretCommand({ SecretId: 'audit/bin', RecoveryWindowInDays: 7 }));
  await sm.send(new RestoreSecretCommand({ SecretId: 'audit/bin' }));
  await awsError(sm.send(new GetSecretValueCommand({ SecretId: 'audit/missing' })));
});

afterAll(async () => {
  await srv?.stop();
  removeDir(srv?.dataDir);
  removeDir(work);
});

describe('the audit trail of a running server', () => {
  it('has one record per call: source, name, AwsApiCall, caller; changes carry responseElements.arn (statement 140)', async () => {
    const recs = (await records()).filter(
      (r) => r.eventSource === 'secretsmanager.amazonaws.com' && r.eventType === 'AwsApiCall',
    );
    const names = recs.map((r) => r.eventName);
    expect(names).toEqual([
      'CreateSecret',
      'PutSecretValue',
      'CreateSecret',
      'GetSecretValue',
      'GetSecretValue',
      'GetRandomPassword',
      'DescribeSecret',
      'ListSecrets',
      'TagResource',
      'UpdateSecret',
      'DeleteSecret',
      'RestoreSecret',
      'GetSecretValue',
    ]);
    const admin = readFileSync(join(srv.dataDir!, 'credentials'), 'utf8').match(/aws_access_key_id = (\S+)/)![1];
    // The bootstrap key belongs to the account's root or to an IAM user, depending on the IAM setup.
    const who = recs[0]!.userIdentity;
    expect(who.arn).toMatch(/^arn:aws:iam::\d{12}:(root|user\/admin)$/);
    expect(who.type).toBe(who.arn!.endsWith(':root') ? 'Root' : 'IAMUser');
    for (const r of recs) {
      expect(r.userIdentity).toStrictEqual(who);
      expect(r.userIdentity.accessKeyId).toBe(admin);
      expect(r.recipientAccountId).toBe(r.userIdentity.accountId);
      expect(r.sourceIPAddress).toBe('127.0.0.1');
      expect(r.awsRegion).toBe('us-east-1');
    }
    const changes = recs.filter((x) =>
      ['PutSecretValue', 'TagResource', 'UpdateSecret', 'RestoreSecret'].includes(x.eventName),
    );
    expect(changes).toHaveLength(4);
    for (const r of changes) {
      expect(r.responseElements?.arn, r.eventName).toMatch(
        /^arn:aws:secretsmanager:us-east-1:\d{12}:secret:audit\/(db|bin)-\w{6}$/,
      );
      expect(r.responseElements).not.toHaveProperty('aRN');
      expect(r.resources?.[0]?.ARN).toBe(r.responseElements?.arn);
    }
    expect(changes[0]!.responseElements?.arn).toBe(arn);
    const get = recs[3]!;
    expect(get).toMatchObject({ readOnly: true, requestParameters: { secretId: 'audit/db' }, responseElements: null });
    expect(get.resources).toEqual([{ accountId: arn.split(':')[4], type: 'AWS::SecretsManager::Secret', ARN: arn }]);
  });

  it('records failed calls with errorCode and errorMessage (statement 141)', async () => {
    const failed = (await records()).at(-1)!;
    expect(failed).toMatchObject({
      eventName: 'GetSecretValue',
      errorCode: 'ResourceNotFoundException',
      errorMessage: "Secrets Manager can't find the specified secret.",
      requestParameters: { secretId: 'audit/missing' },
      responseElements: null,
    });
  });

  it('records restore as AwsServiceEvent CancelSecretVersionDelete per version (statement 143)', async () => {
    const cancel = (await records()).filter((r) => r.eventName === 'CancelSecretVersionDelete');
    expect(cancel).toHaveLength(1);
    expect(cancel[0]).toMatchObject({
      eventType: 'AwsServiceEvent',
      userIdentity: { invokedBy: 'secretsmanager.amazonaws.com' },
    });
    expect(String(cancel[0]!.additionalEventData?.SecretId)).toContain(':secret:audit/bin-');
  });

  it('never writes a secret value or a generated password anywhere (statement 142)', async () => {
    const canaries = [CANARY, CANARY2, CANARY_BIN.toString(), CANARY_BIN.toString('base64'), password];
    expect(password).toHaveLength(40);
    const table = await cli('audit', 'tail', '--data-dir', srv.dataDir!, '-n', '100000');
    const jsonl = readFileSync(auditFile, 'utf8');
    expect(jsonl.split('\n').filter(Boolean)).toHaveLength(table.split('\n').filter(Boolean).length);
    const files = storeFiles(srv.dataDir!);
    expect(srv.stderr()).toContain('"msg":"request"');
    for (const c of canaries) {
      for (const [where, text] of [
        ['audit table', table],
        ['jsonl', jsonl],
        ['stdout', srv.stdout()],
        ['stderr', srv.stderr()],
        ...files.map((f, i) => [`db file ${i}`, f]),
      ] as const) {
        expect(text.includes(c), `${where} contains a canary`).toBe(false);
      }
    }
    expect(table).toContain('HIDDEN_DUE_TO_SECURITY_REASONS');
  });

  it.skipIf(!hasAws)(
    'finds a GetSecretValue with its caller and source address through `aws cloudtrail lookup-events`',
    async () => {
      const { stdout } = await run(
        'aws',
        [
          '--profile',
          'strongroom',
          '--region',
          'us-east-1',
          '--endpoint-url',
          srv.endpoint,
          '--output',
          'json',
          'cloudtrail',
          'lookup-events',
          '--lookup-attributes',
          'AttributeKey=ResourceName,AttributeValue=audit/db',
        ],
        {
          env: {
            ...process.env,
            AWS_SHARED_CREDENTIALS_FILE: join(srv.dataDir!, 'credentials'),
            AWS_CONFIG_FILE: '/dev/null',
          },
        },
      );
      const events = JSON.parse(stdout).Events as {
        EventName: string;
        Username: string;
        CloudTrailEvent: string;
        Resources: unknown[];
        EventTime: number;
      }[];
      const get = events.find((e) => e.EventName === 'GetSecretValue')!;
      const detail = JSON.parse(get.CloudTrailEvent) as CloudTrailRecord;
      expect(get.Username).toBe(detail.userIdentity.type === 'Root' ? 'root' : 'admin');
      expect(get.Resources).toContainEqual({ ResourceType: 'AWS::SecretsManager::Secret', ResourceName: arn });
      const creds = readFileSync(join(srv.dataDir!, 'credentials'), 'utf8');
      expect(detail).toMatchObject({
        sourceIPAddress: '127.0.0.1',
        userIdentity: { accessKeyId: /aws_access_key_id = (\S+)/.exec(creds)![1] },
      });
      expect(events.map((e) => e.EventName)).toEqual(
        expect.arrayContaining(['CreateSecret', 'PutSecretValue', 'UpdateSecret']),
      );
    },
  );

  it('LookupEvents pages with NextToken, newest first, and refuses what CloudTrail refuses', async () => {
    const first = await lookup({
      LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetSecretValue' }],
      MaxResults: 2,
    });
    expect(first.status).toBe(200);
    const page1 = first.json!.Events as { EventId: string; EventTime: number; ReadOnly: string }[];
    expect(page1).toHaveLength(2);
    expect(page1[0]!.ReadOnly).toBe('true');
    const second = await lookup({
      LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetSecretValue' }],
      MaxResults: 2,
      NextToken: first.json!.NextToken,
    });
    const page2 = second.json!.Events as { EventId: string }[];
    expect(page2).toHaveLength(1);
    expect(second.json!.NextToken).toBeUndefined();
    expect(new Set([...page1, ...page2].map((e) => e.EventId)).size).toBe(3);

    const two = await lookup({
      LookupAttributes: [
        { AttributeKey: 'EventName', AttributeValue: 'a' },
        { AttributeKey: 'Username', AttributeValue: 'b' },
      ],
    });
    expect([two.status, two.json!.__type]).toEqual([400, 'InvalidLookupAttributesException']);
    const big = await lookup({ MaxResults: 51 });
    expect([big.status, big.json!.__type]).toEqual([400, 'ValidationException']);
    const range = await lookup({ StartTime: 2000, EndTime: 1000 });
    expect([range.status, range.json!.__type]).toEqual([400, 'InvalidTimeRangeException']);
    const token = await lookup({ NextToken: first.json!.NextToken });
    expect([token.status, token.json!.__type]).toEqual([400, 'InvalidNextTokenException']);
    const other = await lookup({}, { target: `${CLOUDTRAIL}DescribeTrails` });
    expect(other.json!.__type).toBe('UnknownOperationException');
    const wrongScope = await lookup({}, { service: 'secretsmanager' });
    expect(wrongScope.json).toMatchObject({
      __type: 'InvalidSignatureException',
      Message: "Credential should be scoped to correct service: 'cloudtrail'. ",
    });
  });

  it('serves Prometheus metrics and an access log line per request', async () => {
    const text = await (await fetch(`${srv.endpoint}/metrics`)).text();
    expect(text).toMatch(
      /strongroom_requests_total\{service="secretsmanager",operation="GetSecretValue",code="OK"\} 2/,
    );
    expect(text).toMatch(
      /strongroom_requests_total\{service="secretsmanager",operation="GetSecretValue",code="ResourceNotFoundException"\} 1/,
    );
    expect(text).toMatch(/strongroom_resource_count\{region="us-east-1"\} 2/);
    expect(text).toContain('strongroom_request_duration_seconds_bucket{operation="GetSecretValue",le="+Inf"}');
    expect(text).toContain('strongroom_service_events_total{event="CancelSecretVersionDelete"} 1');
    const ready = await fetch(`${srv.endpoint}/ready`);
    expect(ready.status).toBe(200);
    const line = srv
      .stderr()
      .split('\n')
      .find((l) => l.includes('"msg":"request"') && l.includes('DescribeSecret'));
    expect(JSON.parse(line!)).toMatchObject({ level: 'debug', operation: 'DescribeSecret', status: 200, code: 'OK' });
  });

  it('BatchGetSecretValue: writes the batch record and one GetSecretValue record per secret it returned, none with a value', async () => {
    const sm = srv.client();
    // Secrets of its own, so the other tests' counts of audit/db records stay as they are.
    const a = `CANARY-${randomBytes(12).toString('hex')}`;
    const b = `CANARY-${randomBytes(12).toString('hex')}`;
    await sm.send(new CreateSecretCommand({ Name: 'batch/a', SecretString: a }));
    await sm.send(new CreateSecretCommand({ Name: 'batch/b', SecretString: b }));
    const before = (await records()).length;
    const r = await sm.send(new BatchGetSecretValueCommand({ SecretIdList: ['batch/a', 'batch/b', 'audit/none'] }));
    expect(r.SecretValues?.map((v) => v.Name).sort()).toEqual(['batch/a', 'batch/b']);
    expect(r.Errors?.map((e) => e.SecretId)).toEqual(['audit/none']);
    const added = (await records()).slice(before);
    expect(added.map((x) => x.eventName).sort()).toEqual(['BatchGetSecretValue', 'GetSecretValue', 'GetSecretValue']);
    const batch = added.find((x) => x.eventName === 'BatchGetSecretValue')!;
    const members = added.filter((x) => x.eventName === 'GetSecretValue');
    // Written with the batch's own record: same request and caller.
    for (const m of members) {
      expect(m.requestID).toBe(batch.requestID);
      expect(m.userIdentity).toStrictEqual(batch.userIdentity);
      expect(m.readOnly).toBe(true);
    }
    const arns = members.map((m) => m.resources?.[0]?.ARN).sort();
    expect(arns).toEqual(r.SecretValues!.map((v) => v.ARN).sort());
    const text = JSON.stringify(added);
    expect(text).not.toContain(a);
    expect(text).not.toContain(b);
  });

  it('`strongroom audit verify` passes the live trail read-only, then names each tampering', async () => {
    expect(await cli('audit', 'verify', '--data-dir', srv.dataDir!)).toMatch(/^audit trail intact: \d+ records/);
    await srv.stop();
    const all = await records();
    const changed = await tamperedCopy(srv.dataDir!, [
      'UPDATE audit_records SET record = replace(record, \'"readOnly":true\', \'"readOnly":tru \') WHERE seq = 4',
    ]);
    const removed = await tamperedCopy(srv.dataDir!, ['DELETE FROM audit_records WHERE seq = 5']);
    const swapped = await tamperedCopy(srv.dataDir!, [
      'UPDATE audit_records SET seq = -1 WHERE seq = 6',
      'UPDATE audit_records SET seq = 6 WHERE seq = 7',
      'UPDATE audit_records SET seq = 7 WHERE seq = -1',
    ]);
    const key = ['--root-key-file', join(srv.dataDir!, 'root.key')];
    const c = await cliFails('audit', 'verify', '--database', changed, ...key);
    expect(c.code).toBe(1);
    expect(c.stdout).toContain(`changed at seq 4 (eventID ${all[3]!.eventID})`);
    expect((await cliFails('audit', 'verify', '--database', removed, ...key)).stdout).toContain(
      `removed at seq 5 (eventID ${all[4]!.eventID})`,
    );
    expect((await cliFails('audit', 'verify', '--database', swapped, ...key)).stdout).toContain(
      `reordered at seq 6 (eventID ${all[6]!.eventID})`,
    );
    const tail = await cli(
      'audit',
      'search',
      '--data-dir',
      srv.dataDir!,
      '--event-name',
      'GetSecretValue',
      '--resource',
      'audit/db',
    );
    expect(
      tail
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).eventName),
    ).toEqual(['GetSecretValue']);
  });
});
