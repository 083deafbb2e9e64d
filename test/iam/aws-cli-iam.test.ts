import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, type RunningServer, removeDir, startServer, tempDir } from '../helpers/server.js';
import {
  admin,
  awsCli,
  awsCliFails,
  type Creds,
  hasAwsCli,
  policy,
  profileCreds,
  secrets,
  writeJson,
} from './helpers.js';

/**
 * The issue's "done when", with nothing but the real AWS CLI against `strongroom server`: an
 * administrator creates a user allowed to read app/*, hands its keys to an application, which
 * reads app/db but not ops/db (AWS's message names the action and the resource); and the
 * cross-account role scenario, where a user of another account assumes a role and reads.
 */
let srv: RunningServer;
let work: string;
let root: Creds;
let account: string;

describe.skipIf(!hasAwsCli)('IAM and STS with the real AWS CLI', () => {
  beforeAll(async () => {
    srv = await startServer();
    work = tempDir();
    root = srv.credentials!;
    account = (await awsCli(srv.endpoint, root, 'sts', 'get-caller-identity')).Account as string;
  });
  afterAll(async () => {
    await srv.stop();
    removeDir(srv.dataDir);
    removeDir(work);
  });

  it('the administrator is the default account root', async () => {
    expect(await awsCli(srv.endpoint, root, 'sts', 'get-caller-identity')).toEqual({
      UserId: account,
      Account: account,
      Arn: `arn:aws:iam::${account}:root`,
    });
  });

  it('done when: a user allowed app/* reads app/db but not ops/db, with the AWS message', async () => {
    const e = srv.endpoint;
    const created = (await awsCli(e, root, 'iam', 'create-user', '--user-name', 'app')).User as Record<string, string>;
    expect(created).toMatchObject({ UserName: 'app', Path: '/', Arn: `arn:aws:iam::${account}:user/app` });
    expect(created.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    const readApp = policy({
      Effect: 'Allow',
      Action: 'secretsmanager:GetSecretValue',
      Resource: 'arn:aws:secretsmanager:*:*:secret:app/*',
    });
    const doc = writeJson(work, 'read-app.json', readApp);
    await awsCli(
      e,
      root,
      'iam',
      'put-user-policy',
      '--user-name',
      'app',
      '--policy-name',
      'read-app',
      '--policy-document',
      doc,
    );
    expect(await awsCli(e, root, 'iam', 'get-user-policy', '--user-name', 'app', '--policy-name', 'read-app')).toEqual({
      UserName: 'app',
      PolicyName: 'read-app',
      PolicyDocument: readApp,
    });
    const key = (await awsCli(e, root, 'iam', 'create-access-key', '--user-name', 'app')).AccessKey as Record<
      string,
      string
    >;
    expect(key).toMatchObject({ UserName: 'app', Status: 'Active' });
    expect(key.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(key.SecretAccessKey).toHaveLength(40);
    await awsCli(e, root, 'secretsmanager', 'create-secret', '--name', 'app/db', '--secret-string', 'app-password');
    const ops = await awsCli(
      e,
      root,
      'secretsmanager',
      'create-secret',
      '--name',
      'ops/db',
      '--secret-string',
      'ops-password',
    );

    const app: Creds = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    expect(await awsCli(e, app, 'sts', 'get-caller-identity')).toEqual({
      UserId: created.UserId,
      Account: account,
      Arn: `arn:aws:iam::${account}:user/app`,
    });
    const read = await awsCli(e, app, 'secretsmanager', 'get-secret-value', '--secret-id', 'app/db');
    expect(read.SecretString).toBe('app-password');
    const message =
      `User: arn:aws:iam::${account}:user/app is not authorized to perform: secretsmanager:GetSecretValue ` +
      `on resource: ${ops.ARN} because no identity-based policy allows the secretsmanager:GetSecretValue action`;
    expect(await awsCliFails(e, app, 'secretsmanager', 'get-secret-value', '--secret-id', 'ops/db')).toBe(
      `An error occurred (AccessDeniedException) when calling the GetSecretValue operation: ${message}`,
    );
    // The same refusal through the JavaScript SDK: HTTP 400, as AWS's JSON services answer it.
    expect(await awsError(secrets(e, app).send(new GetSecretValueCommand({ SecretId: 'ops/db' })))).toEqual({
      name: 'AccessDeniedException',
      message,
      status: 400,
    });
    // Nor may the application manage IAM.
    expect(await awsCliFails(e, app, 'iam', 'list-users')).toBe(
      `An error occurred (AccessDenied) when calling the ListUsers operation: User: arn:aws:iam::${account}:user/app ` +
        `is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::${account}:user/ because no identity-based policy allows the iam:ListUsers action`,
    );
  });

  it('the cross-account role scenario: a user of another account assumes a trusted role and reads', async () => {
    const e = srv.endpoint;
    const other = profileCreds(await admin(srv.dataDir!, 'create-account'));
    const b = other.accountId!;
    expect(b).toMatch(/^\d{12}$/);
    expect(b).not.toBe(account);
    // Account A: the secret and a role that account B may assume, allowed to read app/*.
    const shared = await awsCli(
      e,
      root,
      'secretsmanager',
      'create-secret',
      '--name',
      'app/shared',
      '--secret-string',
      'for-b',
    );
    const trust = writeJson(
      work,
      'trust.json',
      policy({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${b}:root` }, Action: 'sts:AssumeRole' }),
    );
    const role = (
      await awsCli(e, root, 'iam', 'create-role', '--role-name', 'reader', '--assume-role-policy-document', trust)
    ).Role as Record<string, unknown>;
    expect(role).toMatchObject({ RoleName: 'reader', Arn: `arn:aws:iam::${account}:role/reader` });
    expect(role.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${b}:root` }, Action: 'sts:AssumeRole' }],
    });
    const readDoc = writeJson(
      work,
      'role-read.json',
      policy({
        Effect: 'Allow',
        Action: 'secretsmanager:GetSecretValue',
        Resource: 'arn:aws:secretsmanager:*:*:secret:app/*',
      }),
    );
    await awsCli(
      e,
      root,
      'iam',
      'put-role-policy',
      '--role-name',
      'reader',
      '--policy-name',
      'read',
      '--policy-document',
      readDoc,
    );
    expect((await awsCli(e, root, 'iam', 'get-role', '--role-name', 'reader')).Role).toMatchObject({
      MaxSessionDuration: 3600,
    });

    // Account B: a developer whose own policy lets it assume that role, and one without.
    const bRoot: Creds = other;
    await awsCli(e, bRoot, 'iam', 'create-user', '--user-name', 'dev');
    const assumeDoc = writeJson(
      work,
      'assume.json',
      policy({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: role.Arn }),
    );
    await awsCli(
      e,
      bRoot,
      'iam',
      'put-user-policy',
      '--user-name',
      'dev',
      '--policy-name',
      'assume',
      '--policy-document',
      assumeDoc,
    );
    const devKey = (await awsCli(e, bRoot, 'iam', 'create-access-key', '--user-name', 'dev')).AccessKey as Record<
      string,
      string
    >;
    const dev: Creds = { accessKeyId: devKey.AccessKeyId!, secretAccessKey: devKey.SecretAccessKey! };

    const assumed = await awsCli(
      e,
      dev,
      'sts',
      'assume-role',
      '--role-arn',
      role.Arn as string,
      '--role-session-name',
      'ci',
    );
    const c = assumed.Credentials as Record<string, string>;
    expect(c.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(assumed.AssumedRoleUser).toEqual({
      AssumedRoleId: `${role.RoleId}:ci`,
      Arn: `arn:aws:sts::${account}:assumed-role/reader/ci`,
    });
    const session: Creds = {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
    };
    expect(await awsCli(e, session, 'sts', 'get-caller-identity')).toEqual({
      UserId: `${role.RoleId}:ci`,
      Account: account,
      Arn: `arn:aws:sts::${account}:assumed-role/reader/ci`,
    });
    const value = await awsCli(e, session, 'secretsmanager', 'get-secret-value', '--secret-id', shared.ARN as string);
    expect(value.SecretString).toBe('for-b');
    expect(
      await awsCliFails(e, session, 'secretsmanager', 'delete-secret', '--secret-id', shared.ARN as string),
    ).toContain(
      `(AccessDeniedException) when calling the DeleteSecret operation: User: arn:aws:sts::${account}:assumed-role/reader/ci is not authorized to perform: secretsmanager:DeleteSecret`,
    );

    // A user of B without the identity policy is refused, in STS's words (HTTP 403).
    await awsCli(e, bRoot, 'iam', 'create-user', '--user-name', 'nobody');
    const nk = (await awsCli(e, bRoot, 'iam', 'create-access-key', '--user-name', 'nobody')).AccessKey as Record<
      string,
      string
    >;
    const nobody: Creds = { accessKeyId: nk.AccessKeyId!, secretAccessKey: nk.SecretAccessKey! };
    expect(
      await awsCliFails(e, nobody, 'sts', 'assume-role', '--role-arn', role.Arn as string, '--role-session-name', 'xx'),
    ).toBe(
      `An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::${b}:user/nobody is not authorized to perform: sts:AssumeRole on resource: ${role.Arn}`,
    );
    // A duration past the role's maximum is refused with AWS's words.
    expect(
      await awsCliFails(
        e,
        dev,
        'sts',
        'assume-role',
        '--role-arn',
        role.Arn as string,
        '--role-session-name',
        'xx',
        '--duration-seconds',
        '7200',
      ),
    ).toBe(
      'An error occurred (ValidationError) when calling the AssumeRole operation: The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
  });

  it('IAM refusals carry AWS codes and messages', async () => {
    const e = srv.endpoint;
    const fails = (...args: string[]) => awsCliFails(e, root, 'iam', ...args);
    expect(await fails('get-user', '--user-name', 'ghost')).toBe(
      'An error occurred (NoSuchEntity) when calling the GetUser operation: The user with name ghost cannot be found.',
    );
    await awsCli(e, root, 'iam', 'create-user', '--user-name', 'Twice');
    expect(await fails('create-user', '--user-name', 'twice')).toBe(
      'An error occurred (EntityAlreadyExists) when calling the CreateUser operation: User with name twice already exists.',
    );
    expect(
      await fails('put-user-policy', '--user-name', 'Twice', '--policy-name', 'p', '--policy-document', '{"Version":'),
    ).toBe(
      'An error occurred (MalformedPolicyDocument) when calling the PutUserPolicy operation: This policy contains invalid Json',
    );
    const allowAll = JSON.stringify(policy({ Effect: 'Allow', Action: 'secretsmanager:ListSecrets', Resource: '*' }));
    await awsCli(
      e,
      root,
      'iam',
      'put-user-policy',
      '--user-name',
      'Twice',
      '--policy-name',
      'p',
      '--policy-document',
      allowAll,
    );
    const key = (await awsCli(e, root, 'iam', 'create-access-key', '--user-name', 'Twice')).AccessKey as Record<
      string,
      string
    >;
    expect(await fails('delete-user', '--user-name', 'Twice')).toBe(
      'An error occurred (DeleteConflict) when calling the DeleteUser operation: Cannot delete entity, must delete policies first.',
    );
    await awsCli(e, root, 'iam', 'delete-user-policy', '--user-name', 'Twice', '--policy-name', 'p');
    expect(await fails('delete-user', '--user-name', 'Twice')).toBe(
      'An error occurred (DeleteConflict) when calling the DeleteUser operation: Cannot delete entity, must delete access keys first.',
    );
    await awsCli(e, root, 'iam', 'create-access-key', '--user-name', 'Twice');
    expect(await fails('create-access-key', '--user-name', 'Twice')).toBe(
      'An error occurred (LimitExceeded) when calling the CreateAccessKey operation: Cannot exceed quota for AccessKeysPerUser: 2',
    );
    const listed = (await awsCli(e, root, 'iam', 'list-access-keys', '--user-name', 'Twice'))
      .AccessKeyMetadata as unknown[];
    expect(listed).toHaveLength(2);
    await awsCli(
      e,
      root,
      'iam',
      'update-access-key',
      '--user-name',
      'Twice',
      '--access-key-id',
      key.AccessKeyId!,
      '--status',
      'Inactive',
    );
    expect(
      (
        (await awsCli(e, root, 'iam', 'list-access-keys', '--user-name', 'Twice')).AccessKeyMetadata as {
          Status: string;
        }[]
      ).map((k) => k.Status),
    ).toEqual(['Inactive', 'Active']);
    expect(await fails('delete-access-key', '--user-name', 'Twice', '--access-key-id', 'AKIAIOSFODNN7EXAMPLE')).toBe(
      'An error occurred (NoSuchEntity) when calling the DeleteAccessKey operation: The Access Key with id AKIAIOSFODNN7EXAMPLE cannot be found.',
    );
    const trustNoResource = JSON.stringify(
      policy({ Effect: 'Allow', Principal: { AWS: account }, Action: 'sts:AssumeRole', Resource: '*' }),
    );
    expect(await fails('create-role', '--role-name', 'r', '--assume-role-policy-document', trustNoResource)).toBe(
      'An error occurred (MalformedPolicyDocument) when calling the CreateRole operation: Has prohibited field Resource',
    );
    expect(await fails('get-role', '--role-name', 'ghost')).toBe(
      'An error occurred (NoSuchEntity) when calling the GetRole operation: The role with name ghost cannot be found.',
    );
  });
});
