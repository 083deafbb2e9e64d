import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  DeleteResourcePolicyCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, type Credentials, type RunningServer, removeDir, startServer } from '../helpers/server.js';
import { admin, type Creds, policy, profileCreds, secrets, userWithPolicy } from '../iam/helpers.js';
import { cli, cliFails, hasAwsCli } from './helpers.js';
import { keyStatement, kmsCall, kmsOk, newKey, putKeyPolicy } from './kms-calls.js';

/**
 * KMS key policies, end to end (docs/kms.md "Key policies"): the key policy is the primary
 * policy of a key, for the KMS API and for the Decrypt / GenerateDataKey / Encrypt calls Secrets
 * Manager makes for its caller. Users are real IAM users with their own SDK clients; keys and
 * policies go through the KMS API (signed JSON as the SDKs send it, and the real AWS CLI).
 */
let srv: RunningServer;
let root: Credentials;
let account: string;
const R = 'us-east-1';
const uniq = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;
const KMS_DENIED = { name: 'AccessDeniedException', message: 'Access to KMS is not allowed', status: 400 };
const value = async (c: SecretsManagerClient, SecretId: string) =>
  (await c.send(new GetSecretValueCommand({ SecretId }))).SecretString;
const rootStatement = () => keyStatement(`arn:aws:iam::${account}:root`);
const userArn = (name: string, acct = account) => `arn:aws:iam::${acct}:user/${name}`;
const ALL_SECRETS = { Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' };

beforeAll(async () => {
  srv = await startServer();
  root = srv.credentials!;
  const probe = await srv.client().send(new CreateSecretCommand({ Name: uniq('probe'), SecretString: 'p' }));
  account = probe.ARN!.split(':')[4]!;
});
afterAll(async () => {
  await srv.stop();
  removeDir(srv.dataDir);
});

describe('key policies in the KMS API', () => {
  it('CreateKey stores a given Policy; PutKeyPolicy replaces it; GetKeyPolicy returns the text as given', async () => {
    const first = JSON.stringify(policy(rootStatement()), null, 1);
    const meta = (await kmsOk(srv.endpoint, root, 'CreateKey', { Policy: first })).KeyMetadata as { KeyId: string };
    const get = () => kmsOk(srv.endpoint, root, 'GetKeyPolicy', { KeyId: meta.KeyId, PolicyName: 'default' });
    expect(await get()).toEqual({ Policy: first, PolicyName: 'default' });
    const second = JSON.stringify(policy(rootStatement(), keyStatement(userArn('nobody'), 'kms:Decrypt')));
    expect(await kmsOk(srv.endpoint, root, 'PutKeyPolicy', { KeyId: meta.KeyId, Policy: second })).toEqual({});
    expect((await get()).Policy).toBe(second);
  });

  it('refuses a policy it cannot read with MalformedPolicyDocumentException and changes nothing', async () => {
    const key = await newKey(srv.endpoint, root);
    const before = await kmsOk(srv.endpoint, root, 'GetKeyPolicy', { KeyId: key.id });
    const noPrincipal = JSON.stringify(policy({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }));
    for (const bad of ['{"Statement": [', noPrincipal]) {
      const r = await kmsCall(srv.endpoint, root, 'PutKeyPolicy', { KeyId: key.id, Policy: bad });
      expect(r.status).toBe(400);
      expect(r.json?.__type).toBe('MalformedPolicyDocumentException');
      expect(await kmsOk(srv.endpoint, root, 'GetKeyPolicy', { KeyId: key.id })).toEqual(before);
    }
    const keys = async () => ((await kmsOk(srv.endpoint, root, 'ListKeys', {})).Keys as unknown[]).length;
    const count = await keys();
    const r = await kmsCall(srv.endpoint, root, 'CreateKey', { Policy: noPrincipal });
    expect(r).toMatchObject({ status: 400, json: { __type: 'MalformedPolicyDocumentException' } });
    expect(r.json?.message).toContain('Principal');
    expect(await keys()).toBe(count);
  });

  it('the lockout safety check refuses a policy that would stop the caller from changing it, unless bypassed', async () => {
    const keyAdmin = uniq('keyadmin');
    const adminCreds = await userWithPolicy(
      srv.endpoint,
      root,
      keyAdmin,
      policy({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }),
    );
    const key = await newKey(srv.endpoint, root); // default policy: the account's IAM policies decide
    const onlySomeoneElse = JSON.stringify(policy(keyStatement(userArn('someone-else'))));
    const put = (creds: Creds, Policy: string, bypass = false) =>
      kmsCall(srv.endpoint, creds, 'PutKeyPolicy', {
        KeyId: key.arn,
        Policy,
        ...(bypass && { BypassPolicyLockoutSafetyCheck: true }),
      });
    expect(await put(adminCreds, onlySomeoneElse)).toEqual({
      status: 400,
      json: {
        __type: 'MalformedPolicyDocumentException',
        message: 'The new key policy will not allow you to update the key policy in the future.',
      },
    });
    // CreateKey checks a given Policy the same way.
    expect((await kmsCall(srv.endpoint, adminCreds, 'CreateKey', { Policy: onlySomeoneElse })).json?.__type).toBe(
      'MalformedPolicyDocumentException',
    );

    expect((await put(adminCreds, onlySomeoneElse, true)).status).toBe(200);
    // The key policy no longer hands the key to IAM: the key admin's kms:* grants nothing now.
    expect(await kmsCall(srv.endpoint, adminCreds, 'GetKeyPolicy', { KeyId: key.arn })).toEqual({
      status: 400,
      json: {
        __type: 'AccessDeniedException',
        message: `User: ${userArn(keyAdmin)} is not authorized to perform: kms:GetKeyPolicy on resource: ${key.arn} because no resource-based policy allows the kms:GetKeyPolicy action`,
      },
    });
    // The account root is never locked out of its own key (a Strongroom rule: there is no AWS
    // Support to recover an unmanageable key), but an explicit Deny stops it like anyone else.
    expect((await kmsOk(srv.endpoint, root, 'GetKeyPolicy', { KeyId: key.arn })).Policy).toBe(onlySomeoneElse);
    const denyRoot = JSON.stringify(
      policy(rootStatement(), {
        Effect: 'Deny',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: 'kms:PutKeyPolicy',
        Resource: '*',
      }),
    );
    expect((await put(root, denyRoot)).json?.__type).toBe('MalformedPolicyDocumentException');
    expect((await put(root, JSON.stringify(policy(rootStatement())))).status).toBe(200);
    expect((await kmsCall(srv.endpoint, adminCreds, 'GetKeyPolicy', { KeyId: key.arn })).status).toBe(200);
  });

  it('alias operations need the action on every key involved, by its key policy', async () => {
    const userName = uniq('aliaser');
    const aliaser = await userWithPolicy(
      srv.endpoint,
      root,
      userName,
      policy({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }),
    );
    const open = await newKey(srv.endpoint, root);
    const closed = await newKey(srv.endpoint, root, policy(keyStatement(userArn('someone-else'))));
    const alias = `alias/${uniq('kp')}`;
    const call = (op: string, input: Record<string, unknown>) => kmsCall(srv.endpoint, aliaser, op, input);
    const denied = (action: string, arn: string) => ({
      __type: 'AccessDeniedException',
      message: `User: ${userArn(userName)} is not authorized to perform: ${action} on resource: ${arn} because no resource-based policy allows the ${action} action`,
    });
    expect((await call('CreateAlias', { AliasName: alias, TargetKeyId: closed.id })).json).toEqual(
      denied('kms:CreateAlias', closed.arn),
    );
    expect((await call('CreateAlias', { AliasName: alias, TargetKeyId: open.id })).status).toBe(200);
    expect((await call('UpdateAlias', { AliasName: alias, TargetKeyId: closed.id })).json).toEqual(
      denied('kms:UpdateAlias', closed.arn),
    );
    await kmsOk(srv.endpoint, root, 'UpdateAlias', { AliasName: alias, TargetKeyId: closed.id });
    expect((await call('UpdateAlias', { AliasName: alias, TargetKeyId: open.id })).json).toEqual(
      denied('kms:UpdateAlias', closed.arn),
    );
    expect((await call('DeleteAlias', { AliasName: alias })).json).toEqual(denied('kms:DeleteAlias', closed.arn));
    await kmsOk(srv.endpoint, root, 'UpdateAlias', { AliasName: alias, TargetKeyId: open.id });
    expect((await call('DeleteAlias', { AliasName: alias })).status).toBe(200);
  });

  it('has one policy name, "default", and refuses to change the AWS managed key', async () => {
    const key = await newKey(srv.endpoint, root);
    const text = JSON.stringify(policy(rootStatement()));
    expect(
      await kmsCall(srv.endpoint, root, 'PutKeyPolicy', { KeyId: key.id, PolicyName: 'other', Policy: text }),
    ).toEqual({ status: 400, json: { __type: 'NotFoundException', message: 'No such policy exists' } });
    const managed = (await kmsOk(srv.endpoint, root, 'DescribeKey', { KeyId: 'alias/aws/secretsmanager' }))
      .KeyMetadata as { Arn: string };
    const r = await kmsCall(srv.endpoint, root, 'PutKeyPolicy', { KeyId: managed.Arn, Policy: text });
    expect(r.json).toEqual({
      __type: 'AccessDeniedException',
      message: `User: arn:aws:iam::${account}:root is not authorized to perform: kms:PutKeyPolicy on resource: ${managed.Arn} because no resource-based policy allows the kms:PutKeyPolicy action`,
    });
  });

  it.skipIf(!hasAwsCli)('works with the AWS CLI: put-key-policy, get-key-policy, and their errors', async () => {
    const key = await newKey(srv.endpoint, root);
    const text = JSON.stringify(policy(rootStatement(), keyStatement(userArn('cli-user'), 'kms:Decrypt')));
    expect(await cli(srv.endpoint, root, R, 'kms', 'put-key-policy', '--key-id', key.id, '--policy', text)).toEqual({});
    const got = await cli(srv.endpoint, root, R, 'kms', 'get-key-policy', '--key-id', key.arn);
    expect(JSON.parse(got.Policy as string)).toEqual(JSON.parse(text));
    expect(await cliFails(srv.endpoint, root, R, 'kms', 'put-key-policy', '--key-id', key.id, '--policy', '{')).toMatch(
      /An error occurred \(MalformedPolicyDocumentException\) when calling the PutKeyPolicy operation/,
    );
  });
});

describe('Secrets Manager acting with the caller’s KMS permissions (same account)', () => {
  it('a key policy that does not name the account: IAM permissions alone are not enough, a statement naming the user is', async () => {
    const alice = uniq('alice');
    const bob = uniq('bob');
    const key = await newKey(
      srv.endpoint,
      root,
      policy(keyStatement(userArn(alice), ['kms:Decrypt', 'kms:GenerateDataKey'])),
    );
    const name = uniq('kp');
    await srv.client().send(new CreateSecretCommand({ Name: name, SecretString: 'v1', KmsKeyId: key.arn }));
    const aliceSm = secrets(srv.endpoint, await userWithPolicy(srv.endpoint, root, alice, policy(ALL_SECRETS)));
    const bobSm = secrets(
      srv.endpoint,
      await userWithPolicy(
        srv.endpoint,
        root,
        bob,
        policy(ALL_SECRETS, { Effect: 'Allow', Action: 'kms:*', Resource: '*' }),
      ),
    );
    expect(await value(aliceSm, name)).toBe('v1');
    expect(await awsError(bobSm.send(new GetSecretValueCommand({ SecretId: name })))).toEqual(KMS_DENIED);
    // The root is not named either, and still reads (it is never locked out of its own keys).
    expect(await value(srv.client(), name)).toBe('v1');

    // Back to the default policy: the account's IAM policies decide, the next request already.
    await putKeyPolicy(srv.endpoint, root, key.id, policy(rootStatement()));
    expect(await value(bobSm, name)).toBe('v1');
    expect(await awsError(aliceSm.send(new GetSecretValueCommand({ SecretId: name })))).toEqual(KMS_DENIED);
  });

  it('writes need kms:GenerateDataKey: CreateSecret naming the key, PutSecretValue and UpdateSecret', async () => {
    const key = await newKey(srv.endpoint, root);
    const decryptOnly = secrets(
      srv.endpoint,
      await userWithPolicy(
        srv.endpoint,
        root,
        uniq('reader'),
        policy(ALL_SECRETS, { Effect: 'Allow', Action: 'kms:Decrypt', Resource: key.arn }),
      ),
    );
    const name = uniq('kp-write');
    await srv.client().send(new CreateSecretCommand({ Name: name, SecretString: 'v1', KmsKeyId: key.id }));
    expect(await value(decryptOnly, name)).toBe('v1');
    const refused = [
      () => decryptOnly.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v2' })),
      () => decryptOnly.send(new UpdateSecretCommand({ SecretId: name, SecretString: 'v2' })),
      () => decryptOnly.send(new CreateSecretCommand({ Name: uniq('kp-new'), SecretString: 'x', KmsKeyId: key.arn })),
    ];
    for (const call of refused) expect(await awsError(call())).toEqual(KMS_DENIED);
    expect(await value(srv.client(), name)).toBe('v1');
    const versions = await srv.client().send(new ListSecretVersionIdsCommand({ SecretId: name }));
    expect(versions.Versions).toHaveLength(1);
  });

  it('setting a key validates access as the caller: GenerateDataKey and Decrypt (RequestToValidateKeyAccess)', async () => {
    const key = await newKey(srv.endpoint, root);
    const generateOnly = secrets(
      srv.endpoint,
      await userWithPolicy(
        srv.endpoint,
        root,
        uniq('generator'),
        policy(ALL_SECRETS, { Effect: 'Allow', Action: 'kms:GenerateDataKey', Resource: key.arn }),
      ),
    );
    const name = uniq('kp-validate');
    const e = await awsError(generateOnly.send(new CreateSecretCommand({ Name: name, KmsKeyId: key.arn })));
    expect(e).toEqual(KMS_DENIED);
    expect((await awsError(srv.client().send(new GetSecretValueCommand({ SecretId: name })))).name).toBe(
      'ResourceNotFoundException',
    );
  });

  it('kms:EncryptionContext:SecretARN in the key policy limits a user to some secrets, on writes and reads', async () => {
    const carol = uniq('carol');
    const key = await newKey(
      srv.endpoint,
      root,
      policy(
        rootStatement(),
        keyStatement(userArn(carol), ['kms:Decrypt', 'kms:GenerateDataKey'], {
          Condition: {
            StringLike: { 'kms:EncryptionContext:SecretARN': `arn:aws:secretsmanager:${R}:${account}:secret:team/*` },
          },
        }),
      ),
    );
    const sm = secrets(srv.endpoint, await userWithPolicy(srv.endpoint, root, carol, policy(ALL_SECRETS)));
    const mine = uniq('team/app');
    await sm.send(new CreateSecretCommand({ Name: mine, SecretString: 'ok', KmsKeyId: key.arn }));
    await sm.send(new PutSecretValueCommand({ SecretId: mine, SecretString: 'ok2' }));
    expect(await value(sm, mine)).toBe('ok2');
    const elsewhere = await awsError(
      sm.send(new CreateSecretCommand({ Name: uniq('ops/app'), SecretString: 'no', KmsKeyId: key.arn })),
    );
    expect(elsewhere).toEqual(KMS_DENIED);
    const rootOwned = uniq('ops/root');
    await srv.client().send(new CreateSecretCommand({ Name: rootOwned, SecretString: 'r', KmsKeyId: key.arn }));
    expect(await awsError(sm.send(new GetSecretValueCommand({ SecretId: rootOwned })))).toEqual(KMS_DENIED);
  });

  it('kms:EncryptionContext:SecretVersionId is judged against the version being sealed (PutSecretValue)', async () => {
    const dave = uniq('dave');
    const key = await newKey(
      srv.endpoint,
      root,
      policy(
        rootStatement(),
        keyStatement(userArn(dave), ['kms:GenerateDataKey'], {
          Condition: { StringLike: { 'kms:EncryptionContext:SecretVersionId': 'allowed-*' } },
        }),
      ),
    );
    const name = uniq('team/versioned');
    await srv.client().send(new CreateSecretCommand({ Name: name, SecretString: 'v0', KmsKeyId: key.arn }));
    const sm = secrets(srv.endpoint, await userWithPolicy(srv.endpoint, root, dave, policy(ALL_SECRETS)));
    const allowed = `allowed-${randomUUID()}`;
    const put = await sm.send(
      new PutSecretValueCommand({ SecretId: name, SecretString: 'v1', ClientRequestToken: allowed }),
    );
    expect(put.VersionId).toBe(allowed);
    const other = `other-${randomUUID()}`;
    expect(
      await awsError(
        sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v2', ClientRequestToken: other })),
      ),
    ).toEqual(KMS_DENIED);
    const current = await srv.client().send(new GetSecretValueCommand({ SecretId: name }));
    expect(current.VersionId).toBe(allowed);
  });

  it('UpdateSecret changing the key re-wraps the labelled versions only for a caller that may Encrypt with the new key', async () => {
    const oldKey = await newKey(srv.endpoint, root);
    const newK = await newKey(srv.endpoint, root);
    const name = uniq('kp-rewrap');
    await srv.client().send(new CreateSecretCommand({ Name: name, SecretString: 'v1', KmsKeyId: oldKey.arn }));
    const kmsKeyIds = async () =>
      (await srv.client().send(new ListSecretVersionIdsCommand({ SecretId: name }))).Versions![0]!.KmsKeyIds;
    const changer = secrets(
      srv.endpoint,
      await userWithPolicy(
        srv.endpoint,
        root,
        uniq('changer'),
        policy(ALL_SECRETS, {
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: [oldKey.arn, newK.arn],
        }),
      ),
    );
    // No kms:Encrypt on the new key: the key changes, the existing version stays under the old one.
    await changer.send(new UpdateSecretCommand({ SecretId: name, KmsKeyId: newK.arn }));
    expect(await kmsKeyIds()).toEqual([oldKey.arn]);
    // The root may: switching back and forth re-wraps.
    await srv.client().send(new UpdateSecretCommand({ SecretId: name, KmsKeyId: oldKey.arn }));
    await srv.client().send(new UpdateSecretCommand({ SecretId: name, KmsKeyId: newK.arn }));
    expect((await kmsKeyIds())?.sort()).toEqual([oldKey.arn, newK.arn].sort());
  });
});

describe('74: cross-account GetSecretValue needs the resource policy, the identity policy and the key policy', () => {
  let other: Creds & { accountId?: string };
  let b: string;
  let key: { arn: string; id: string };
  let arn: string;
  const sharing = () => policy(rootStatement(), keyStatement(`arn:aws:iam::${b}:root`, 'kms:Decrypt'));
  const resourcePolicy = () =>
    JSON.stringify(
      policy({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${b}:root` },
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
      }),
    );
  const userOfB = async (statements: Record<string, unknown>[]) =>
    secrets(srv.endpoint, await userWithPolicy(srv.endpoint, other, uniq('b-user'), policy(...statements)));
  const getValue = { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' };
  const decrypt = () => ({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: key.arn });

  beforeAll(async () => {
    other = profileCreds(await admin(srv.dataDir!, 'create-account'));
    b = other.accountId!;
    key = await newKey(srv.endpoint, root, sharing());
    const sm = srv.client();
    arn = (await sm.send(new CreateSecretCommand({ Name: uniq('x74'), SecretString: 'shared', KmsKeyId: key.arn })))
      .ARN!;
    await sm.send(new PutResourcePolicyCommand({ SecretId: arn, ResourcePolicy: resourcePolicy() }));
  });

  it('succeeds with all three, and fails when any one is missing', async () => {
    const dana = await userOfB([getValue, decrypt()]);
    expect(await value(dana, arn)).toBe('shared');

    // No kms:Decrypt in B's identity policy.
    expect(await awsError((await userOfB([getValue])).send(new GetSecretValueCommand({ SecretId: arn })))).toEqual(
      KMS_DENIED,
    );
    // No secretsmanager:GetSecretValue in B's identity policy.
    const noRead = await awsError((await userOfB([decrypt()])).send(new GetSecretValueCommand({ SecretId: arn })));
    expect(noRead.message).toMatch(/because no identity-based policy allows the secretsmanager:GetSecretValue action$/);

    // The key policy no longer names account B.
    await putKeyPolicy(srv.endpoint, root, key.id, policy(rootStatement()));
    expect(await awsError(dana.send(new GetSecretValueCommand({ SecretId: arn })))).toEqual(KMS_DENIED);
    await putKeyPolicy(srv.endpoint, root, key.id, sharing());
    expect(await value(dana, arn)).toBe('shared');

    // No resource policy on the secret.
    await srv.client().send(new DeleteResourcePolicyCommand({ SecretId: arn }));
    const noResource = await awsError(dana.send(new GetSecretValueCommand({ SecretId: arn })));
    expect(noResource.message).toMatch(/because no resource-based policy allows the secretsmanager:GetSecretValue/);
    await srv.client().send(new PutResourcePolicyCommand({ SecretId: arn, ResourcePolicy: resourcePolicy() }));
    expect(await value(dana, arn)).toBe('shared');
  });

  it('a key policy may name one user of the other account, and pin kms:ViaService and kms:CallerAccount', async () => {
    const named = uniq('b-named');
    const namedSm = secrets(
      srv.endpoint,
      await userWithPolicy(srv.endpoint, other, named, policy(getValue, decrypt())),
    );
    const unnamed = await userOfB([getValue, decrypt()]);
    await putKeyPolicy(
      srv.endpoint,
      root,
      key.id,
      policy(
        rootStatement(),
        keyStatement(userArn(named, b), 'kms:Decrypt', {
          Condition: {
            StringEquals: { 'kms:ViaService': `secretsmanager.${R}.amazonaws.com`, 'kms:CallerAccount': b },
          },
        }),
      ),
    );
    try {
      expect(await value(namedSm, arn)).toBe('shared');
      expect(await awsError(unnamed.send(new GetSecretValueCommand({ SecretId: arn })))).toEqual(KMS_DENIED);
    } finally {
      await putKeyPolicy(srv.endpoint, root, key.id, sharing());
    }
  });

  it('75 still holds: a secret under the default key is never readable from another account', async () => {
    const sm = srv.client();
    const plain = (await sm.send(new CreateSecretCommand({ Name: uniq('x75'), SecretString: 'no' }))).ARN!;
    await sm.send(new PutResourcePolicyCommand({ SecretId: plain, ResourcePolicy: resourcePolicy() }));
    const reader = await userOfB([getValue, { Effect: 'Allow', Action: 'kms:*', Resource: '*' }]);
    expect(await awsError(reader.send(new GetSecretValueCommand({ SecretId: plain })))).toMatchObject({
      name: 'InvalidRequestException',
      message:
        "You can't access a secret from a different AWS account if you encrypt the secret with the default KMS service key.",
    });
  });
});
