import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawCall } from '../helpers/raw.js';
import { awsError, type Credentials, type RunningServer, removeDir, startServer } from '../helpers/server.js';
import { admin, policy, profileCreds, userWithPolicy } from '../iam/helpers.js';
import { cli, createKey, delta, hasAwsCli, type KeyMeta, kmsUsage } from './helpers.js';

/**
 * Secrets under customer-managed keys, end to end: the real SDK for Secrets Manager and the real
 * AWS CLI for create-key, create-alias and disable-key (behaviour catalog §16 I, 109-117, and 36).
 */
let srv: RunningServer;
let creds: Credentials;
let sm: SecretsManagerClient;
let account: string;
const R = 'us-east-1';
const uniq = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;

const kmsCli = (...args: string[]) => cli(srv.endpoint, creds, R, 'kms', ...args);
async function newKey(alias?: string): Promise<KeyMeta> {
  const key = await createKey(srv.endpoint, creds);
  if (alias) await kmsCli('create-alias', '--alias-name', alias, '--target-key-id', key.KeyId);
  return key;
}
const disableKey = (keyId: string) => kmsCli('disable-key', '--key-id', keyId);
async function enableKey(keyId: string): Promise<void> {
  const r = await rawCall(srv.endpoint, 'EnableKey', JSON.stringify({ KeyId: keyId }), {
    creds,
    service: 'kms',
    target: 'TrentService.EnableKey',
  });
  if (r.status !== 200) throw new Error(`EnableKey failed: ${r.text}`);
}
const value = async (c: SecretsManagerClient, SecretId: string, stage?: string) =>
  (await c.send(new GetSecretValueCommand({ SecretId, VersionStage: stage }))).SecretString;
const versions = async (SecretId: string) =>
  (await sm.send(new ListSecretVersionIdsCommand({ SecretId, IncludeDeprecated: true }))).Versions ?? [];

describe.skipIf(!hasAwsCli)('secrets under customer-managed KMS keys', () => {
  beforeAll(async () => {
    srv = await startServer();
    creds = srv.credentials!;
    sm = srv.client();
    const probe = await sm.send(new CreateSecretCommand({ Name: uniq('probe') }));
    account = probe.ARN!.split(':')[4]!;
  });
  afterAll(async () => {
    await srv.stop();
    removeDir(srv.dataDir);
  });

  it('36: KmsKeyId is absent for the default key, the key as given for a customer key', async () => {
    const plain = uniq('s36');
    await sm.send(new CreateSecretCommand({ Name: plain, SecretString: 'v' }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: plain }))).KmsKeyId).toBeUndefined();
    expect((await versions(plain))[0]!.KmsKeyIds).toEqual(['DefaultEncryptionKey']);

    const alias = `alias/${uniq('k36')}`;
    const key = await newKey(alias);
    const named = uniq('s36');
    await sm.send(new CreateSecretCommand({ Name: named, SecretString: 'v', KmsKeyId: alias }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: named }))).KmsKeyId).toBe(alias);
    const listed = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [named] }] }));
    expect(listed.SecretList?.map((s) => s.KmsKeyId)).toEqual([alias]);
    const plainListed = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [plain] }] }));
    expect(plainListed.SecretList?.[0]?.KmsKeyId).toBeUndefined();
    expect((await versions(named))[0]!.KmsKeyIds).toEqual([key.Arn]);
    expect(await value(sm, named)).toBe('v');
  });

  it('109: an asymmetric key is refused for a secret, at creation and on update', async () => {
    const rsa = await createKey(srv.endpoint, creds, R, '--key-spec', 'RSA_2048', '--key-usage', 'ENCRYPT_DECRYPT');
    const name = uniq('s109');
    const e = await awsError(sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v', KmsKeyId: rsa.Arn })));
    expect(e).toMatchObject({ name: 'InvalidRequestException', status: 400 });
    expect(e.message).toContain('Cannot generate a data key with an asymmetric KMS key');
    expect((await awsError(sm.send(new DescribeSecretCommand({ SecretId: name })))).name).toBe(
      'ResourceNotFoundException',
    );
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v' }));
    const u = await awsError(sm.send(new UpdateSecretCommand({ SecretId: name, KmsKeyId: rsa.KeyId })));
    expect(u.message).toContain('Cannot generate a data key with an asymmetric KMS key');
    expect((await sm.send(new DescribeSecretCommand({ SecretId: name }))).KmsKeyId).toBeUndefined();
  });

  it('110: a key of another region is refused by CreateSecret and UpdateSecret, changing nothing', async () => {
    const west = await createKey(srv.endpoint, creds, 'eu-west-1');
    const name = uniq('s110');
    for (const ref of [west.Arn, west.KeyId]) {
      const e = await awsError(sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v', KmsKeyId: ref })));
      expect(e).toMatchObject({ name: 'AccessDeniedException', message: 'Access to KMS is not allowed', status: 400 });
    }
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v' }));
    const u = await awsError(sm.send(new UpdateSecretCommand({ SecretId: name, KmsKeyId: west.Arn })));
    expect(u).toMatchObject({ name: 'AccessDeniedException', message: 'Access to KMS is not allowed' });
    expect((await sm.send(new DescribeSecretCommand({ SecretId: name }))).KmsKeyId).toBeUndefined();
  });

  it('113 and 116: validation calls use RequestToValidateKeyAccess; a new token generates, a repeat decrypts', async () => {
    const key = await newKey();
    const name = uniq('s113');
    let before = await kmsUsage(srv.endpoint, key.KeyId);
    await sm.send(new CreateSecretCommand({ Name: name, KmsKeyId: key.Arn }));
    let after = await kmsUsage(srv.endpoint, key.KeyId);
    expect(delta(before, after)).toEqual({
      'GenerateDataKey/validate-key-access': 1,
      'Decrypt/validate-key-access': 1,
    });

    const token = randomUUID();
    before = after;
    await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'one', ClientRequestToken: token }));
    after = await kmsUsage(srv.endpoint, key.KeyId);
    expect(delta(before, after)).toEqual({ 'GenerateDataKey/secret-value': 1 });

    before = after;
    await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'one', ClientRequestToken: token }));
    after = await kmsUsage(srv.endpoint, key.KeyId);
    expect(delta(before, after)).toEqual({ 'Decrypt/secret-value': 1 });

    const next = await newKey();
    const nextBefore = await kmsUsage(srv.endpoint, next.KeyId);
    await sm.send(new UpdateSecretCommand({ SecretId: name, KmsKeyId: next.KeyId }));
    expect(delta(nextBefore, await kmsUsage(srv.endpoint, next.KeyId))).toEqual({
      'GenerateDataKey/validate-key-access': 1,
      'Decrypt/validate-key-access': 1,
      'Encrypt/secret-value': 1,
    });
  });

  it('114: a key change re-wraps the AWSCURRENT, AWSPREVIOUS and AWSPENDING versions; custom labels stay on the old key', async () => {
    const oldAlias = `alias/${uniq('old')}`;
    const oldKey = await newKey(oldAlias);
    const newK = await newKey();
    const name = uniq('s114');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1', KmsKeyId: oldAlias }));
    await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v2' }));
    await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v3', VersionStages: ['AWSPENDING'] }));
    const custom = await sm.send(
      new PutSecretValueCommand({ SecretId: name, SecretString: 'v4', VersionStages: ['MyCustomLabel'] }),
    );
    await sm.send(new UpdateSecretCommand({ SecretId: name, KmsKeyId: newK.Arn }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: name }))).KmsKeyId).toBe(newK.Arn);

    const byStage = (vs: Awaited<ReturnType<typeof versions>>, stage: string) =>
      vs.find((v) => v.VersionStages?.includes(stage))!;
    const vs = await versions(name);
    for (const stage of ['AWSCURRENT', 'AWSPREVIOUS', 'AWSPENDING']) {
      expect(byStage(vs, stage).KmsKeyIds?.sort()).toEqual([oldKey.Arn, newK.Arn].sort());
    }
    expect(byStage(vs, 'MyCustomLabel').KmsKeyIds).toEqual([oldKey.Arn]);

    await disableKey(oldKey.KeyId);
    expect(await value(sm, name)).toBe('v2');
    expect(await value(sm, name, 'AWSPREVIOUS')).toBe('v1');
    expect(await value(sm, name, 'AWSPENDING')).toBe('v3');
    const e = await awsError(sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'MyCustomLabel' })));
    expect(e).toMatchObject({
      name: 'DecryptionFailure',
      status: 400,
      message: `Secrets Manager can't decrypt the secret value: ${oldKey.Arn} is disabled. (Service: AWSKMS; Status Code: 400; Error Code: DisabledException)`,
    });

    // Either key opens the re-wrapped versions.
    await enableKey(oldKey.KeyId);
    await disableKey(newK.KeyId);
    for (const [stage, v] of [
      ['AWSCURRENT', 'v2'],
      ['AWSPREVIOUS', 'v1'],
      ['AWSPENDING', 'v3'],
      ['MyCustomLabel', 'v4'],
    ]) {
      expect(await value(sm, name, stage)).toBe(v);
    }
    // New values need the secret's (new) key.
    const w = await awsError(sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v5' })));
    expect(w).toMatchObject({ name: 'EncryptionFailure', status: 400 });
    expect(w.message).toBe(
      `Secrets Manager can't encrypt the secret value: ${newK.Arn} is disabled. (Service: AWSKMS; Status Code: 400; Error Code: DisabledException)`,
    );

    // The documented fix: put the custom-labelled value again, under the new key.
    await enableKey(newK.KeyId);
    await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v4', VersionStages: ['MyCustomLabel'] }));
    await disableKey(oldKey.KeyId);
    expect(await value(sm, name, 'MyCustomLabel')).toBe('v4');
    expect((await versions(name)).find((v) => v.VersionId === custom.VersionId)?.VersionStages).toBeUndefined();
  });

  it('115 and 117: without kms:Decrypt a caller reads metadata but not the value ("Access to KMS is not allowed")', async () => {
    const key = await newKey();
    const name = uniq('s115');
    await sm.send(
      new CreateSecretCommand({
        Name: name,
        SecretString: 'v',
        KmsKeyId: key.Arn,
        Description: 'described',
        Tags: [{ Key: 'team', Value: 'core' }],
      }),
    );
    const plain = uniq('s115-default');
    await sm.send(new CreateSecretCommand({ Name: plain, SecretString: 'd' }));
    const onlySecrets = await userWithPolicy(
      srv.endpoint,
      creds,
      uniq('nokms'),
      policy({ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' }),
    );
    const withKms = await userWithPolicy(
      srv.endpoint,
      creds,
      uniq('kms'),
      policy(
        { Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' },
        { Effect: 'Allow', Action: 'kms:Decrypt', Resource: key.Arn },
      ),
    );
    const denied = srv.client(onlySecrets);
    const e = await awsError(denied.send(new GetSecretValueCommand({ SecretId: name })));
    expect(e).toMatchObject({ name: 'AccessDeniedException', message: 'Access to KMS is not allowed', status: 400 });
    const d = await denied.send(new DescribeSecretCommand({ SecretId: name }));
    expect(d).toMatchObject({
      Name: name,
      Description: 'described',
      Tags: [{ Key: 'team', Value: 'core' }],
      KmsKeyId: key.Arn,
    });
    expect(await value(denied, plain)).toBe('d'); // the default key needs no KMS permission
    expect(await value(srv.client(withKms), name)).toBe('v');

    // 117: a disabled key stops reads, not metadata.
    await disableKey(key.KeyId);
    const g = await awsError(sm.send(new GetSecretValueCommand({ SecretId: name })));
    expect(g.name).toBe('DecryptionFailure');
    expect((await sm.send(new DescribeSecretCommand({ SecretId: name }))).Description).toBe('described');
    const listed = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [name] }] }));
    expect(listed.SecretList?.[0]).toMatchObject({ Name: name, Tags: [{ Key: 'team', Value: 'core' }] });
  });

  it('cross-account: the default key refuses another account, a customer key serves it', async () => {
    const other = profileCreds(await admin(srv.dataDir!, 'create-account'));
    // A customer key whose policy also lets the other account decrypt (docs/kms.md "Key policies").
    const key = await createKey(
      srv.endpoint,
      creds,
      R,
      '--policy',
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'kms:*', Resource: '*' },
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${other.accountId}:root` },
            Action: 'kms:Decrypt',
            Resource: '*',
          },
        ],
      }),
    );
    const open = (arn: string) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${other.accountId}:root` },
            Action: 'secretsmanager:GetSecretValue',
            Resource: arn,
          },
        ],
      });
    const custom = await sm.send(
      new CreateSecretCommand({ Name: uniq('x-cmk'), SecretString: 'shared', KmsKeyId: key.Arn }),
    );
    const dflt = await sm.send(new CreateSecretCommand({ Name: uniq('x-default'), SecretString: 'nope' }));
    await sm.send(new PutResourcePolicyCommand({ SecretId: custom.ARN, ResourcePolicy: open(custom.ARN!) }));
    await sm.send(new PutResourcePolicyCommand({ SecretId: dflt.ARN, ResourcePolicy: open(dflt.ARN!) }));
    const b = srv.client(other);
    expect(await value(b, custom.ARN!)).toBe('shared');
    expect(await awsError(b.send(new GetSecretValueCommand({ SecretId: dflt.ARN })))).toMatchObject({
      name: 'InvalidRequestException',
      message:
        "You can't access a secret from a different AWS account if you encrypt the secret with the default KMS service key.",
    });
    expect(account).not.toBe(other.accountId);
  });
});
