import { randomUUID } from 'node:crypto';
import { DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawCall } from '../helpers/raw.js';
import { awsError, type RunningServer, removeDir, startServer } from '../helpers/server.js';
import { ConsoleClient } from './console-client.js';

/**
 * Console actions are AWS operations run as the session's principal through the endpoint's own
 * dispatchers: same answers, same errors, same authorization, same audit trail.
 */
let srv: RunningServer;
let admin: ConsoleClient;
const VALUE = `{"password":"console-${randomUUID()}"}`;
const uniq = (p: string) => `${p}/${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  srv = await startServer();
  admin = new ConsoleClient(srv.endpoint);
  await admin.signIn(srv.credentials!);
});
afterAll(async () => {
  await srv.stop();
  removeDir(srv.dataDir);
});

type AuditEvent = { EventName: string; CloudTrailEvent: string };
const events = async (c: ConsoleClient, key: string, value: string) =>
  (
    (await c.ok(
      'LookupEvents',
      { LookupAttributes: [{ AttributeKey: key, AttributeValue: value }] },
      'cloudtrail',
    )) as {
      Events: AuditEvent[];
    }
  ).Events.map((e) => ({ name: e.EventName, record: JSON.parse(e.CloudTrailEvent) as Record<string, unknown> }));

describe('console calls', () => {
  it('creates, reads and updates a secret', async () => {
    const name = uniq('calls');
    const created = await admin.ok('CreateSecret', {
      Name: name,
      SecretString: VALUE,
      ClientRequestToken: randomUUID(),
    });
    expect(created.ARN).toMatch(new RegExp(`:secret:${name}-[A-Za-z]{6}$`));
    const got = await admin.call('GetSecretValue', { SecretId: name });
    expect(got.json).toMatchObject({ Name: name, SecretString: VALUE, VersionStages: ['AWSCURRENT'] });
    expect(got.headers.get('cache-control')).toBe('no-store');
    expect(got.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const put = await admin.ok('PutSecretValue', {
      SecretId: name,
      SecretString: '{"a":"b"}',
      ClientRequestToken: randomUUID(),
    });
    expect(put.VersionStages).toEqual(['AWSCURRENT']);
  });

  it("answers AWS's errors exactly as the AWS endpoint does", async () => {
    const missing = await admin.call('DescribeSecret', { SecretId: 'no/such/secret' });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({
      code: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
    });
    const viaConsole = await admin.call('CreateSecret', { Name: 'x'.repeat(600), ClientRequestToken: randomUUID() });
    const viaApi = await rawCall(
      srv.endpoint,
      'CreateSecret',
      JSON.stringify({ Name: 'x'.repeat(600), ClientRequestToken: randomUUID() }),
      {
        creds: srv.credentials,
      },
    );
    expect(viaConsole.status).toBe(viaApi.status);
    expect(viaConsole.json.code).toBe(viaApi.json?.__type);
    expect(viaConsole.json.message).toBe(viaApi.json?.Message);
  });

  it('offers only the operations its screens need', async () => {
    const batch = await admin.call('BatchGetSecretValue', { SecretIdList: ['a'] });
    expect(batch.status).toBe(400);
    expect(batch.json).toEqual({
      code: 'OperationNotOffered',
      message: 'The console does not offer secretsmanager:BatchGetSecretValue.',
    });
    expect((await admin.call('AssumeRole', {}, 'sts')).json.code).toBe('OperationNotOffered');
    expect((await admin.call('ListSecrets', {}, 'secretsmanager', 'not a region')).json.code).toBe('BadRequest');
  });

  it('records console actions in the audit trail, without values', async () => {
    const name = uniq('audited');
    await admin.ok('CreateSecret', { Name: name, SecretString: VALUE, ClientRequestToken: randomUUID() });
    await admin.ok('GetSecretValue', { SecretId: name });
    const trail = await events(admin, 'ResourceName', name);
    expect(trail.map((e) => e.name)).toEqual(['GetSecretValue', 'CreateSecret']);
    for (const e of trail) {
      expect(e.record.userAgent).toMatch(/^strongroom-console/);
      expect(e.record.userIdentity).toMatchObject({ type: 'Root', accessKeyId: srv.credentials!.accessKeyId });
      expect(JSON.stringify(e.record)).not.toContain(VALUE);
    }
    const logins = await events(admin, 'EventName', 'ConsoleLogin');
    expect(logins[0]?.record).toMatchObject({ eventSource: 'signin.amazonaws.com', userIdentity: { type: 'Root' } });
  });

  it('never writes a value to the log', () => {
    expect(srv.stderr()).not.toContain(VALUE);
    expect(srv.stdout()).not.toContain(VALUE);
  });
});

describe('a restricted user', () => {
  let dev: ConsoleClient;
  let devKey: { accessKeyId: string; secretAccessKey: string };
  let teamB: string;

  beforeAll(async () => {
    const account = ((await admin.request('GET', 'session')).json.principal as { accountId: string }).accountId;
    await admin.ok('CreateSecret', { Name: uniq('team-a'), SecretString: 'a', ClientRequestToken: randomUUID() });
    teamB = (
      await admin.ok('CreateSecret', { Name: uniq('team-b'), SecretString: 'b', ClientRequestToken: randomUUID() })
    ).ARN as string;
    await admin.ok('CreateUser', { UserName: 'dev-a' }, 'iam');
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*' },
        {
          Effect: 'Allow',
          Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
          Resource: `arn:aws:secretsmanager:*:${account}:secret:team-a/*`,
        },
      ],
    };
    await admin.ok(
      'PutUserPolicy',
      { UserName: 'dev-a', PolicyName: 'team-a', PolicyDocument: JSON.stringify(policy) },
      'iam',
    );
    const key = (await admin.ok('CreateAccessKey', { UserName: 'dev-a' }, 'iam')).AccessKey as Record<string, string>;
    devKey = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    dev = new ConsoleClient(srv.endpoint);
    expect((await dev.signIn(devKey)).status).toBe(200);
  });

  it("sees only what its policies allow, and is denied with AWS's message", async () => {
    // ListSecrets has no resource-level permissions in AWS: allowed on "*", it lists every name.
    const list = (await dev.ok('ListSecrets', { MaxResults: 100 })).SecretList as { Name: string; ARN: string }[];
    expect(list.some((s) => s.ARN === teamB)).toBe(true);
    const teamA = list.find((s) => s.Name.startsWith('team-a/'))!;
    expect((await dev.call('GetSecretValue', { SecretId: teamA.ARN })).json.SecretString).toBe('a');
    const value = await dev.call('GetSecretValue', { SecretId: teamB });
    expect(value.json.code).toBe('AccessDeniedException');
    expect(JSON.stringify(value.json)).not.toContain('"b"');
    const denied = await dev.call('DescribeSecret', { SecretId: teamB });
    const sdk = await awsError(srv.client(devKey).send(new DescribeSecretCommand({ SecretId: teamB })));
    expect(denied.status).toBe(400);
    expect(denied.json.code).toBe('AccessDeniedException');
    expect(denied.json.message).toBe(sdk.message);
    expect(denied.json.message).toMatch(
      /^User: arn:aws:iam::\d{12}:user\/dev-a is not authorized to perform: secretsmanager:DescribeSecret/,
    );
    expect((await dev.call('ListUsers', {}, 'iam')).json.code).toBe('AccessDenied');
  });

  it('keeps the new access key secret out of the audit trail', async () => {
    const trail = await events(admin, 'EventName', 'CreateAccessKey');
    expect(trail.length).toBeGreaterThan(0);
    expect(JSON.stringify(trail)).not.toContain(devKey.secretAccessKey);
  });

  it('loses its session when its key is deactivated', async () => {
    await admin.ok(
      'UpdateAccessKey',
      { UserName: 'dev-a', AccessKeyId: devKey.accessKeyId, Status: 'Inactive' },
      'iam',
    );
    const r = await dev.call('ListSecrets');
    expect(r.status).toBe(401);
    expect(r.json.code).toBe('NotSignedIn');
  });
});
