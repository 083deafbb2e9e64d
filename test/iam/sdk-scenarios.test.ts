import {
  CreateSecretCommand,
  DeleteResourcePolicyCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawCall } from '../helpers/raw.js';
import { awsError, type RunningServer, removeDir, startServer } from '../helpers/server.js';
import {
  admin,
  assumeRole,
  type Creds,
  policy,
  profileCreds,
  query,
  secrets,
  userWithPolicy,
  xmlText,
} from './helpers.js';

/**
 * Several users, each with its own real SDK client, against one `strongroom server`: identities
 * are made through the IAM API (signed query requests, as the SDKs send them) and by
 * `strongroom admin`; every decision is the policy engine's.
 */
// biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a JavaScript template
const TEAM_OF_CALLER = '${aws:PrincipalTag/team}';

let srv: RunningServer;
let root: Creds;
let account: string;
const arns: Record<string, string> = {};

const denied = (who: string, action: string, resource: string, why = 'because no identity-based policy allows') =>
  `User: ${who} is not authorized to perform: secretsmanager:${action} on resource: ${resource} ${why} the secretsmanager:${action} action`;

beforeAll(async () => {
  srv = await startServer();
  root = srv.credentials!;
  const id = await query(srv.endpoint, root, 'sts', 'GetCallerIdentity');
  account = xmlText(id.text, 'Account')!;
  const sm = secrets(srv.endpoint, root);
  const secretsToMake: [string, Record<string, string>][] = [
    ['app/db', {}],
    ['app/api', {}],
    ['ops/db', {}],
    ['team/payments', { team: 'payments' }],
    ['team/search', { team: 'search' }],
  ];
  for (const [name, tags] of secretsToMake) {
    const r = await sm.send(
      new CreateSecretCommand({
        Name: name,
        SecretString: `${name}-value`,
        Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })),
      }),
    );
    arns[name] = r.ARN!;
  }
});
afterAll(async () => {
  await srv.stop();
  removeDir(srv.dataDir);
});

describe('users with their own SDK clients', () => {
  it('a reader may read only app/*', async () => {
    const readerKeys = await userWithPolicy(
      srv.endpoint,
      root,
      'reader',
      policy({
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
        Resource: 'arn:aws:secretsmanager:*:*:secret:app/*',
      }),
    );
    const reader = secrets(srv.endpoint, readerKeys);
    const who = `arn:aws:iam::${account}:user/reader`;
    for (const name of ['app/db', 'app/api']) {
      expect((await reader.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe(`${name}-value`);
    }
    expect(await awsError(reader.send(new GetSecretValueCommand({ SecretId: 'ops/db' })))).toEqual({
      name: 'AccessDeniedException',
      message: denied(who, 'GetSecretValue', arns['ops/db']!),
      status: 400,
    });
    expect((await awsError(reader.send(new ListSecretsCommand({})))).message).toBe(denied(who, 'ListSecrets', '*'));
    // A denied write changes nothing.
    expect(
      (await awsError(reader.send(new PutSecretValueCommand({ SecretId: 'app/db', SecretString: 'x' })))).name,
    ).toBe('AccessDeniedException');
    const versions = await secrets(srv.endpoint, root).send(new ListSecretVersionIdsCommand({ SecretId: 'app/db' }));
    expect(versions.Versions).toHaveLength(1);
  });

  it('a writer may do everything but DeleteSecret (an explicit Deny wins)', async () => {
    const writerKeys = await userWithPolicy(
      srv.endpoint,
      root,
      'writer',
      policy(
        { Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' },
        { Effect: 'Deny', Action: 'secretsmanager:DeleteSecret', Resource: '*' },
      ),
    );
    const writer = secrets(srv.endpoint, writerKeys);
    await writer.send(new PutSecretValueCommand({ SecretId: 'app/api', SecretString: 'rotated' }));
    expect((await writer.send(new GetSecretValueCommand({ SecretId: 'app/api' }))).SecretString).toBe('rotated');
    const refusal = await awsError(writer.send(new DeleteSecretCommand({ SecretId: 'app/api' })));
    expect(refusal).toEqual({
      name: 'AccessDeniedException',
      message: `User: arn:aws:iam::${account}:user/writer is not authorized to perform: secretsmanager:DeleteSecret on resource: ${arns['app/api']} with an explicit deny in an identity-based policy`,
      status: 400,
    });
    const after = await writer.send(new DescribeSecretCommand({ SecretId: 'app/api' }));
    expect(after.DeletedDate).toBeUndefined();
  });

  it('a team policy (ABAC) matches the principal tag to the secret tag', async () => {
    const teamPolicy = policy({
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
      Condition: { StringEquals: { 'aws:ResourceTag/team': TEAM_OF_CALLER } },
    });
    const payments = secrets(
      srv.endpoint,
      await userWithPolicy(srv.endpoint, root, 'pat', teamPolicy, { team: 'payments' }),
    );
    const search = secrets(
      srv.endpoint,
      await userWithPolicy(srv.endpoint, root, 'sam', teamPolicy, { team: 'search' }),
    );
    expect((await payments.send(new GetSecretValueCommand({ SecretId: 'team/payments' }))).SecretString).toBe(
      'team/payments-value',
    );
    expect((await awsError(payments.send(new GetSecretValueCommand({ SecretId: 'team/search' })))).name).toBe(
      'AccessDeniedException',
    );
    expect((await search.send(new GetSecretValueCommand({ SecretId: 'team/search' }))).SecretString).toBe(
      'team/search-value',
    );
    // An untagged secret matches nobody's team.
    expect((await awsError(search.send(new GetSecretValueCommand({ SecretId: 'ops/db' })))).name).toBe(
      'AccessDeniedException',
    );
    // Retagging the user moves the permission at once.
    const retag = await query(srv.endpoint, root, 'iam', 'TagUser', {
      UserName: 'sam',
      'Tags.member.1.Key': 'TEAM',
      'Tags.member.1.Value': 'payments',
    });
    expect(retag.status).toBe(200);
    expect((await search.send(new GetSecretValueCommand({ SecretId: 'team/payments' }))).SecretString).toBe(
      'team/payments-value',
    );
  });
});

describe('another account', () => {
  let other: Creds & { accountId?: string };
  let b: string;
  beforeAll(async () => {
    other = profileCreds(await admin(srv.dataDir!, 'create-account'));
    b = other.accountId!;
  });

  it('creates only in its own account, whatever the name says (statement 76)', async () => {
    const arn = arns['ops/db']!;
    const client = secrets(srv.endpoint, other);
    // The same name is another secret, in the caller's account.
    const created = await client.send(new CreateSecretCommand({ Name: 'ops/db', SecretString: 'b-value' }));
    expect(created.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:us-east-1:${b}:secret:ops/db-\\w{6}$`));
    expect(created.ARN).not.toBe(arn);
    // A name cannot be another account's ARN: colons are not allowed in names.
    const refused = await awsError(client.send(new CreateSecretCommand({ Name: arn, SecretString: 'x' })));
    expect(refused.message).toBe(
      'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
    );
    // The first account's secret is untouched and still its own.
    expect((await secrets(srv.endpoint, root).send(new GetSecretValueCommand({ SecretId: 'ops/db' }))).ARN).toBe(arn);
    await client.send(new DeleteSecretCommand({ SecretId: created.ARN!, ForceDeleteWithoutRecovery: true }));
  });

  it('reads through a resource policy, never under the default key, and not without the policy', async () => {
    const arn = arns['ops/db']!;
    const bob = await userWithPolicy(
      srv.endpoint,
      other,
      'bob',
      policy({
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Resource: arn,
      }),
    );
    const client = secrets(srv.endpoint, bob);
    const who = `arn:aws:iam::${b}:user/bob`;
    expect((await awsError(client.send(new DescribeSecretCommand({ SecretId: arn })))).message).toBe(
      denied(who, 'DescribeSecret', arn, 'because no resource-based policy allows'),
    );
    const shared = policy({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${b}:user/bob` },
      Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      Resource: '*',
    });
    await secrets(srv.endpoint, root).send(
      new PutResourcePolicyCommand({ SecretId: 'ops/db', ResourcePolicy: JSON.stringify(shared) }),
    );
    expect((await client.send(new DescribeSecretCommand({ SecretId: arn }))).Name).toBe('ops/db');
    // Both policies allow, but the secret is under aws/secretsmanager (docs/aws-parity-notes.md §1.5).
    expect(await awsError(client.send(new GetSecretValueCommand({ SecretId: arn })))).toEqual({
      name: 'InvalidRequestException',
      message:
        "You can't access a secret from a different AWS account if you encrypt the secret with the default KMS service key.",
      status: 400,
    });
    // The other account's ListSecrets shows its own secrets only.
    const listed = await secrets(srv.endpoint, other).send(new ListSecretsCommand({}));
    expect((listed.SecretList ?? []).map((x) => x.ARN)).not.toContain(arn);
    await secrets(srv.endpoint, root).send(new DeleteResourcePolicyCommand({ SecretId: 'ops/db' }));
    expect((await awsError(client.send(new DescribeSecretCommand({ SecretId: arn })))).name).toBe(
      'AccessDeniedException',
    );
  });

  it('reads a secret under a customer managed key through a resource policy, only with both policies', async () => {
    // The key policy must let account B use the key too (the default one admits only this account).
    const keyPolicy = policy(
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${b}:root` }, Action: 'kms:Decrypt', Resource: '*' },
    );
    const key = await rawCall(srv.endpoint, 'CreateKey', JSON.stringify({ Policy: JSON.stringify(keyPolicy) }), {
      creds: root,
      service: 'kms',
      target: 'TrentService.CreateKey',
    });
    expect(key.status).toBe(200);
    const keyArn = (key.json!.KeyMetadata as { Arn: string }).Arn;
    const sm = secrets(srv.endpoint, root);
    const arn = (
      await sm.send(new CreateSecretCommand({ Name: 'shared/cmk', SecretString: 'for-b', KmsKeyId: keyArn }))
    ).ARN!;
    const dana = await userWithPolicy(
      srv.endpoint,
      other,
      'dana',
      policy(
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: arn },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn },
      ),
    );
    const client = secrets(srv.endpoint, dana);
    const who = `arn:aws:iam::${b}:user/dana`;
    expect((await awsError(client.send(new GetSecretValueCommand({ SecretId: arn })))).message).toBe(
      denied(who, 'GetSecretValue', arn, 'because no resource-based policy allows'),
    );
    const shared = policy({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${b}:root` },
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
    });
    await sm.send(new PutResourcePolicyCommand({ SecretId: arn, ResourcePolicy: JSON.stringify(shared) }));
    expect((await client.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe('for-b');
    // The resource policy names account B: B's own identity policies must allow too.
    const erin = await userWithPolicy(
      srv.endpoint,
      other,
      'erin',
      policy({ Effect: 'Deny', Action: 'iam:*', Resource: '*' }),
    );
    expect(
      (await awsError(secrets(srv.endpoint, erin).send(new GetSecretValueCommand({ SecretId: arn })))).message,
    ).toBe(denied(`arn:aws:iam::${b}:user/erin`, 'GetSecretValue', arn));
  });

  it('assumes a role (JavaScript SDK STS client) with session tags, and the session reads its team', async () => {
    const trust = policy({
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${b}:root` },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
    });
    const role = await query(srv.endpoint, root, 'iam', 'CreateRole', {
      RoleName: 'team-reader',
      AssumeRolePolicyDocument: JSON.stringify(trust),
    });
    expect(role.status).toBe(200);
    const roleArn = xmlText(role.text, 'Arn')!;
    const teamRead = policy({
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
      Condition: { StringEquals: { 'secretsmanager:ResourceTag/team': TEAM_OF_CALLER } },
    });
    const put = await query(srv.endpoint, root, 'iam', 'PutRolePolicy', {
      RoleName: 'team-reader',
      PolicyName: 'team',
      PolicyDocument: JSON.stringify(teamRead),
    });
    expect(put.status).toBe(200);
    const carol = await userWithPolicy(
      srv.endpoint,
      other,
      'carol',
      policy({ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: roleArn }),
    );
    const session = await assumeRole(srv.endpoint, carol, {
      RoleArn: roleArn,
      RoleSessionName: 'carol',
      DurationSeconds: 900,
      Tags: [{ Key: 'team', Value: 'search' }],
    });
    expect(session.arn).toBe(`arn:aws:sts::${account}:assumed-role/team-reader/carol`);
    expect(session.accessKeyId).toMatch(/^ASIA/);
    expect(session.expiration.getTime() - Date.now()).toBeLessThanOrEqual(900_000);
    const client = secrets(srv.endpoint, session);
    expect((await client.send(new GetSecretValueCommand({ SecretId: 'team/search' }))).SecretString).toBe(
      'team/search-value',
    );
    expect((await awsError(client.send(new GetSecretValueCommand({ SecretId: 'team/payments' })))).message).toBe(
      denied(`arn:aws:sts::${account}:assumed-role/team-reader/carol`, 'GetSecretValue', arns['team/payments']!),
    );
    // A session cannot present another session's token, nor none.
    const wrongToken = secrets(srv.endpoint, { ...session, sessionToken: 'forged' });
    expect(await awsError(wrongToken.send(new GetSecretValueCommand({ SecretId: 'team/search' })))).toEqual({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      status: 400,
    });
    const { sessionToken: _drop, ...noToken } = session;
    expect(
      (await awsError(secrets(srv.endpoint, noToken).send(new GetSecretValueCommand({ SecretId: 'x1' })))).name,
    ).toBe('UnrecognizedClientException');
  });

  it('refuses durations outside 900 seconds to the role maximum, with AWS errors', async () => {
    const trust = policy({ Effect: 'Allow', Principal: { AWS: account }, Action: 'sts:AssumeRole' });
    await query(srv.endpoint, root, 'iam', 'CreateRole', {
      RoleName: 'long',
      AssumeRolePolicyDocument: JSON.stringify(trust),
      MaxSessionDuration: 7200,
    });
    const arn = `arn:aws:iam::${account}:role/long`;
    // Its sessions may assume it again (role chaining).
    await query(srv.endpoint, root, 'iam', 'PutRolePolicy', {
      RoleName: 'long',
      PolicyName: 'chain',
      PolicyDocument: JSON.stringify(policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: arn })),
    });
    const tooLong = await query(srv.endpoint, root, 'sts', 'AssumeRole', {
      RoleArn: arn,
      RoleSessionName: 'ss',
      DurationSeconds: 7201,
    });
    expect(tooLong.status).toBe(400);
    expect(xmlText(tooLong.text, 'Code')).toBe('ValidationError');
    expect(xmlText(tooLong.text, 'Message')).toBe(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
    const tooShort = await query(srv.endpoint, root, 'sts', 'AssumeRole', {
      RoleArn: arn,
      RoleSessionName: 'ss',
      DurationSeconds: 899,
    });
    expect(xmlText(tooShort.text, 'Message')).toBe(
      "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
    const ok = await query(srv.endpoint, root, 'sts', 'AssumeRole', {
      RoleArn: arn,
      RoleSessionName: 'ok',
      DurationSeconds: 7200,
    });
    expect(ok.status).toBe(200);
    const expiration = Date.parse(xmlText(ok.text, 'Expiration')!);
    expect(expiration - Date.now()).toBeGreaterThan(7_100_000);
    // Role chaining: a session may assume a role for an hour at most.
    const chained: Creds = {
      accessKeyId: xmlText(ok.text, 'AccessKeyId')!,
      secretAccessKey: xmlText(ok.text, 'SecretAccessKey')!,
      sessionToken: xmlText(ok.text, 'SessionToken')!,
    };
    const chain = await query(srv.endpoint, chained, 'sts', 'AssumeRole', {
      RoleArn: arn,
      RoleSessionName: 'chain',
      DurationSeconds: 3601,
    });
    expect(xmlText(chain.text, 'Message')).toBe(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    );
    const chainedOk = await query(srv.endpoint, chained, 'sts', 'AssumeRole', {
      RoleArn: arn,
      RoleSessionName: 'chain',
    });
    expect(xmlText(chainedOk.text, 'Arn')).toBe(`arn:aws:sts::${account}:assumed-role/long/chain`);
  });
});

describe('access keys', () => {
  it('an inactive key is refused until it is active again; a deleted key for good', async () => {
    const keys = await userWithPolicy(
      srv.endpoint,
      root,
      'flip',
      policy({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' }),
    );
    const client = secrets(srv.endpoint, keys);
    expect((await client.send(new GetSecretValueCommand({ SecretId: 'app/db' }))).SecretString).toBe('app/db-value');
    const status = (s: string) =>
      query(srv.endpoint, root, 'iam', 'UpdateAccessKey', {
        UserName: 'flip',
        AccessKeyId: keys.accessKeyId,
        Status: s,
      });
    expect((await status('Inactive')).status).toBe(200);
    expect(await awsError(client.send(new GetSecretValueCommand({ SecretId: 'app/db' })))).toEqual({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      status: 400,
    });
    // The query protocol names the same refusal InvalidClientTokenId, HTTP 403.
    const iam = await query(srv.endpoint, keys, 'sts', 'GetCallerIdentity');
    expect([iam.status, xmlText(iam.text, 'Code')]).toEqual([403, 'InvalidClientTokenId']);
    expect(iam.contentType).toBe('text/xml');
    await status('Active');
    expect((await client.send(new GetSecretValueCommand({ SecretId: 'app/db' }))).SecretString).toBe('app/db-value');
    const del = await query(srv.endpoint, root, 'iam', 'DeleteAccessKey', {
      UserName: 'flip',
      AccessKeyId: keys.accessKeyId,
    });
    expect(del.status).toBe(200);
    expect((await awsError(client.send(new GetSecretValueCommand({ SecretId: 'app/db' })))).name).toBe(
      'UnrecognizedClientException',
    );
  });

  it('answers IAM errors in the XML envelope with AWS statuses', async () => {
    const missing = await query(srv.endpoint, root, 'iam', 'GetUser', { UserName: 'ghost' });
    expect(missing.status).toBe(404);
    expect(missing.text).toMatch(
      /^<ErrorResponse xmlns="https:\/\/iam\.amazonaws\.com\/doc\/2010-05-08\/"><Error><Type>Sender<\/Type><Code>NoSuchEntity<\/Code><Message>The user with name ghost cannot be found\.<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
    );
    const unknown = await query(srv.endpoint, root, 'iam', 'CreateGroup', { GroupName: 'g' });
    expect([unknown.status, xmlText(unknown.text, 'Code'), xmlText(unknown.text, 'Message')]).toEqual([
      400,
      'InvalidAction',
      'Could not find operation CreateGroup for version 2010-05-08',
    ]);
    const badSig = await query(srv.endpoint, { ...root, secretAccessKey: 'wrong' }, 'iam', 'ListUsers');
    expect([badSig.status, xmlText(badSig.text, 'Code')]).toEqual([403, 'SignatureDoesNotMatch']);
  });
});
