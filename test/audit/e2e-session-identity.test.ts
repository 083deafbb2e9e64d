import { ListSecretsCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CloudTrailRecord, UserIdentity } from '../../src/audit/record.js';
import { rawCall } from '../helpers/raw.js';
import { type Credentials, type RunningServer, removeDir, startServer } from '../helpers/server.js';
import { assumeRole, policy, query, secrets, xmlText } from '../iam/helpers.js';

/**
 * One userIdentity for every record of a caller, whichever service it called (docs/audit.md):
 * a role session's calls to STS, IAM and Secrets Manager all carry CloudTrail's AssumedRole
 * identity, principalId "<role id>:<session name>" and the sessionContext (issuer, creation date,
 * MFA flag, source identity). Read back through LookupEvents.
 */
const CLOUDTRAIL_TARGET = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents';

let srv: RunningServer;
let admin: Credentials;
let account: string;
let roleId: string;
let roleArn: string;

const ok = async (p: ReturnType<typeof query>): Promise<string> => {
  const r = await p;
  if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
  return r.text;
};

/** Every record of one access key, oldest first. */
async function recordsOf(accessKeyId: string): Promise<CloudTrailRecord[]> {
  const body = { LookupAttributes: [{ AttributeKey: 'AccessKeyId', AttributeValue: accessKeyId }] };
  const r = await rawCall(srv.endpoint, 'LookupEvents', JSON.stringify(body), {
    creds: admin,
    service: 'cloudtrail',
    target: CLOUDTRAIL_TARGET,
  });
  if (r.status !== 200) throw new Error(`LookupEvents failed: ${r.text}`);
  const events = r.json!.Events as { CloudTrailEvent: string }[];
  return events.map((e) => JSON.parse(e.CloudTrailEvent) as CloudTrailRecord).reverse();
}

beforeAll(async () => {
  srv = await startServer();
  admin = srv.credentials!;
  account = xmlText(await ok(query(srv.endpoint, admin, 'sts', 'GetCallerIdentity')), 'Account')!;
  // A role (with a path) the admin may assume, allowed to read IAM users and list secrets.
  const trust = policy({
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${account}:root` },
    Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
  });
  const role = await ok(
    query(srv.endpoint, admin, 'iam', 'CreateRole', {
      RoleName: 'auditor',
      Path: '/team/',
      AssumeRolePolicyDocument: JSON.stringify(trust),
    }),
  );
  roleId = xmlText(role, 'RoleId')!;
  roleArn = xmlText(role, 'Arn')!;
  await ok(
    query(srv.endpoint, admin, 'iam', 'PutRolePolicy', {
      RoleName: 'auditor',
      PolicyName: 'read',
      PolicyDocument: JSON.stringify(
        policy({
          Effect: 'Allow',
          Action: ['iam:GetUser', 'iam:ListUsers', 'secretsmanager:ListSecrets'],
          Resource: '*',
        }),
      ),
    }),
  );
  await ok(query(srv.endpoint, admin, 'iam', 'CreateUser', { UserName: 'someone' }));
});
afterAll(async () => {
  await srv?.stop();
  removeDir(srv?.dataDir);
});

describe('userIdentity of a role session', () => {
  it('is the same AssumedRole identity with sessionContext in STS, IAM and Secrets Manager records', async () => {
    const before = Date.now();
    const session = await assumeRole(srv.endpoint, admin, {
      RoleArn: roleArn,
      RoleSessionName: 'audit-session',
      SourceIdentity: 'alice',
    });
    const after = Date.now();
    const who = await ok(query(srv.endpoint, session, 'sts', 'GetCallerIdentity'));
    await ok(query(srv.endpoint, session, 'iam', 'ListUsers'));
    await ok(query(srv.endpoint, session, 'iam', 'GetUser', { UserName: 'someone' }));
    await secrets(srv.endpoint, session).send(new ListSecretsCommand({}));

    const records = await recordsOf(session.accessKeyId);
    expect(records.map((r) => [r.eventSource, r.eventName])).toEqual([
      ['sts.amazonaws.com', 'GetCallerIdentity'],
      ['iam.amazonaws.com', 'ListUsers'],
      ['iam.amazonaws.com', 'GetUser'],
      ['secretsmanager.amazonaws.com', 'ListSecrets'],
    ]);
    expect(roleArn).toBe(`arn:aws:iam::${account}:role/team/auditor`);
    const identity = records[0]!.userIdentity;
    const creationDate = identity.sessionContext?.attributes.creationDate ?? '';
    expect(identity).toStrictEqual({
      type: 'AssumedRole',
      principalId: `${roleId}:audit-session`,
      arn: `arn:aws:sts::${account}:assumed-role/auditor/audit-session`,
      accountId: account,
      accessKeyId: session.accessKeyId,
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: roleId, arn: roleArn, accountId: account, userName: 'auditor' },
        webIdFederationData: {},
        attributes: { creationDate, mfaAuthenticated: 'false' },
        sourceIdentity: 'alice',
      },
    } satisfies UserIdentity);
    // CloudTrail's whole seconds, the time the session was made.
    expect(creationDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(creationDate)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(creationDate)).toBeLessThanOrEqual(after);
    // The principal id is the UserId STS reports for the session.
    expect(xmlText(who, 'UserId')).toBe(identity.principalId);
    // The key order too: the record text is what the chain hashes and what readers see.
    for (const r of records) expect(JSON.stringify(r.userIdentity)).toBe(JSON.stringify(identity));
  });

  it('has no sessionContext for long-term keys, and none for a session without a source identity', async () => {
    const mine = await recordsOf(admin.accessKeyId);
    expect(mine.length).toBeGreaterThan(0);
    for (const r of mine) expect(r.userIdentity.sessionContext).toBeUndefined();

    const session = await assumeRole(srv.endpoint, admin, {
      RoleArn: roleArn,
      RoleSessionName: 'plain',
    });
    await ok(query(srv.endpoint, session, 'iam', 'ListUsers'));
    const [record] = await recordsOf(session.accessKeyId);
    expect(record!.userIdentity.sessionContext).not.toHaveProperty('sourceIdentity');
    expect(record!.userIdentity.sessionContext?.sessionIssuer.userName).toBe('auditor');
  });

  it("is an IAM user's unique id (AIDA…) as principalId, the UserId STS reports", async () => {
    await ok(query(srv.endpoint, admin, 'iam', 'CreateUser', { UserName: 'reader' }));
    await ok(
      query(srv.endpoint, admin, 'iam', 'PutUserPolicy', {
        UserName: 'reader',
        PolicyName: 'list',
        PolicyDocument: JSON.stringify(
          policy({ Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*' }),
        ),
      }),
    );
    const created = await ok(query(srv.endpoint, admin, 'iam', 'CreateAccessKey', { UserName: 'reader' }));
    const reader: Credentials = {
      accessKeyId: xmlText(created, 'AccessKeyId')!,
      secretAccessKey: xmlText(created, 'SecretAccessKey')!,
    };
    const userId = xmlText(await ok(query(srv.endpoint, admin, 'iam', 'GetUser', { UserName: 'reader' })), 'UserId')!;
    expect(userId).toMatch(/^AIDA[A-Z0-9]{17}$/);
    const who = await ok(query(srv.endpoint, reader, 'sts', 'GetCallerIdentity'));
    expect(xmlText(who, 'UserId')).toBe(userId);
    await secrets(srv.endpoint, reader).send(new ListSecretsCommand({}));

    const records = await recordsOf(reader.accessKeyId);
    expect(records.map((r) => r.eventName)).toEqual(['GetCallerIdentity', 'ListSecrets']);
    for (const r of records) {
      expect(r.userIdentity).toStrictEqual({
        type: 'IAMUser',
        principalId: userId,
        arn: `arn:aws:iam::${account}:user/reader`,
        accountId: account,
        accessKeyId: reader.accessKeyId,
        userName: 'reader',
      } satisfies UserIdentity);
    }
  });
});
