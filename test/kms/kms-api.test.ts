import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawCall } from '../helpers/raw.js';
import { type Credentials, type RunningServer, removeDir, startServer } from '../helpers/server.js';
import { cli, cliFails, createKey, hasAwsCli } from './helpers.js';

/** The KMS API subset through the real AWS CLI (`aws kms …`) against `strongroom server`. */
let srv: RunningServer;
let creds: Credentials;
let account: string;
const R = 'us-east-1';
const kms = (...args: string[]) => cli(srv.endpoint, creds, R, 'kms', ...args);
const kmsFails = (...args: string[]) => cliFails(srv.endpoint, creds, R, 'kms', ...args);
const stateOf = async (keyId: string) =>
  ((await kms('describe-key', '--key-id', keyId)).KeyMetadata as Record<string, unknown>).KeyState;

describe.skipIf(!hasAwsCli)('KMS API with the AWS CLI', () => {
  beforeAll(async () => {
    srv = await startServer();
    creds = srv.credentials!;
    const key = await createKey(srv.endpoint, creds);
    account = key.Arn.split(':')[4]!;
  });
  afterAll(async () => {
    await srv.stop();
    removeDir(srv.dataDir);
  });

  it('create-key makes a symmetric customer key described as AWS describes one', async () => {
    const key = await createKey(srv.endpoint, creds, R, '--description', 'orders database');
    expect(key.KeyId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const described = (await kms('describe-key', '--key-id', key.KeyId)).KeyMetadata as Record<string, unknown>;
    expect(described).toEqual({
      AWSAccountId: account,
      KeyId: key.KeyId,
      Arn: `arn:aws:kms:${R}:${account}:key/${key.KeyId}`,
      CreationDate: expect.any(Number),
      Enabled: true,
      Description: 'orders database',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: 'Enabled',
      Origin: 'AWS_KMS',
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      MultiRegion: false,
    });
    expect(described).toEqual(key);
    const listed = (await kms('list-keys')).Keys as { KeyId: string; KeyArn: string }[];
    expect(listed).toContainEqual({ KeyId: key.KeyId, KeyArn: key.Arn });
  });

  it('create-alias, list-aliases, and describe-key by id, key ARN, alias name and alias ARN', async () => {
    const key = await createKey(srv.endpoint, creds);
    expect(await kms('create-alias', '--alias-name', 'alias/orders', '--target-key-id', key.Arn)).toEqual({});
    const aliases = (await kms('list-aliases', '--key-id', key.KeyId)).Aliases;
    expect(aliases).toEqual([
      {
        AliasName: 'alias/orders',
        AliasArn: `arn:aws:kms:${R}:${account}:alias/orders`,
        TargetKeyId: key.KeyId,
        CreationDate: expect.any(Number),
        LastUpdatedDate: expect.any(Number),
      },
    ]);
    for (const ref of [key.KeyId, key.Arn, 'alias/orders', `arn:aws:kms:${R}:${account}:alias/orders`]) {
      expect(((await kms('describe-key', '--key-id', ref)).KeyMetadata as KeyLike).KeyId).toBe(key.KeyId);
    }
  });

  it('refuses aliases as AWS does: prefix, reserved aws/, duplicates, alias targets', async () => {
    const key = await createKey(srv.endpoint, creds);
    expect(await kmsFails('create-alias', '--alias-name', 'orders2', '--target-key-id', key.KeyId)).toBe(
      'An error occurred (ValidationException) when calling the CreateAlias operation: Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    );
    expect(await kmsFails('create-alias', '--alias-name', 'alias/aws/mine', '--target-key-id', key.KeyId)).toMatch(
      /^An error occurred \(NotAuthorizedException\) when calling the CreateAlias operation/,
    );
    await kms('create-alias', '--alias-name', 'alias/dup', '--target-key-id', key.KeyId);
    expect(await kmsFails('create-alias', '--alias-name', 'alias/dup', '--target-key-id', key.KeyId)).toBe(
      `An error occurred (AlreadyExistsException) when calling the CreateAlias operation: An alias with the name arn:aws:kms:${R}:${account}:alias/dup already exists`,
    );
    expect(await kmsFails('create-alias', '--alias-name', 'alias/dup2', '--target-key-id', 'alias/dup')).toBe(
      'An error occurred (ValidationException) when calling the CreateAlias operation: Aliases must refer to keys. Not aliases',
    );
  });

  it('answers NotFoundException with the wording of each kind of reference', async () => {
    const missing = '0b7a8f7e-7c4d-4f59-9a55-8b1c6f0c2d11';
    expect(await kmsFails('describe-key', '--key-id', missing)).toBe(
      `An error occurred (NotFoundException) when calling the DescribeKey operation: Key 'arn:aws:kms:${R}:${account}:key/${missing}' does not exist`,
    );
    expect(await kmsFails('describe-key', '--key-id', 'fake-key-id')).toBe(
      "An error occurred (NotFoundException) when calling the DescribeKey operation: Invalid keyId 'fake-key-id'",
    );
    expect(await kmsFails('describe-key', '--key-id', 'alias/none')).toBe(
      `An error occurred (NotFoundException) when calling the DescribeKey operation: Alias arn:aws:kms:${R}:${account}:alias/none is not found.`,
    );
  });

  it('keeps keys per region: another region finds neither the id nor the ARN', async () => {
    const west = await createKey(srv.endpoint, creds, 'eu-west-1');
    expect(west.Arn).toBe(`arn:aws:kms:eu-west-1:${account}:key/${west.KeyId}`);
    expect(await kmsFails('describe-key', '--key-id', west.KeyId)).toBe(
      `An error occurred (NotFoundException) when calling the DescribeKey operation: Key 'arn:aws:kms:${R}:${account}:key/${west.KeyId}' does not exist`,
    );
    expect(await kmsFails('describe-key', '--key-id', west.Arn)).toBe(
      'An error occurred (NotFoundException) when calling the DescribeKey operation: Invalid arn eu-west-1',
    );
    const east = (await kms('list-keys')).Keys as { KeyId: string }[];
    expect(east.map((k) => k.KeyId)).not.toContain(west.KeyId);
  });

  it('disable-key and enable-key move the key state', async () => {
    const key = await createKey(srv.endpoint, creds);
    expect(await kms('disable-key', '--key-id', key.KeyId)).toEqual({});
    const disabled = (await kms('describe-key', '--key-id', key.KeyId)).KeyMetadata as Record<string, unknown>;
    expect(disabled).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    await kms('enable-key', '--key-id', key.KeyId);
    expect(await stateOf(key.KeyId)).toBe('Enabled');
  });

  it('schedule-key-deletion takes a waiting period of 7 to 30 days', async () => {
    const key = await createKey(srv.endpoint, creds);
    expect(await kmsFails('schedule-key-deletion', '--key-id', key.KeyId, '--pending-window-in-days', '6')).toBe(
      "An error occurred (ValidationException) when calling the ScheduleKeyDeletion operation: 1 validation error detected: Value '6' at 'pendingWindowInDays' failed to satisfy constraint: Member must have value greater than or equal to 7",
    );
    expect(await kmsFails('schedule-key-deletion', '--key-id', key.KeyId, '--pending-window-in-days', '31')).toMatch(
      /Member must have value less than or equal to 30$/,
    );
    expect(await stateOf(key.KeyId)).toBe('Enabled');
  });

  it('schedule-key-deletion makes the key pending deletion; cancel-key-deletion leaves it disabled', async () => {
    const key = await createKey(srv.endpoint, creds);
    const before = Date.now() / 1000;
    const s = await kms('schedule-key-deletion', '--key-id', key.KeyId, '--pending-window-in-days', '7');
    expect(s).toMatchObject({ KeyId: key.Arn, KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
    expect(s.DeletionDate as number).toBeGreaterThanOrEqual(before + 7 * 86400 - 5);
    const pending = (await kms('describe-key', '--key-id', key.KeyId)).KeyMetadata as Record<string, unknown>;
    expect(pending).toMatchObject({ KeyState: 'PendingDeletion', Enabled: false, DeletionDate: s.DeletionDate });
    expect(await kmsFails('enable-key', '--key-id', key.KeyId)).toBe(
      `An error occurred (KMSInvalidStateException) when calling the EnableKey operation: ${key.Arn} is pending deletion.`,
    );
    expect(await kmsFails('create-alias', '--alias-name', 'alias/late', '--target-key-id', key.KeyId)).toMatch(
      /KMSInvalidStateException/,
    );
    expect(await kms('cancel-key-deletion', '--key-id', key.KeyId)).toEqual({ KeyId: key.Arn });
    const back = (await kms('describe-key', '--key-id', key.KeyId)).KeyMetadata as Record<string, unknown>;
    expect(back).toMatchObject({ KeyState: 'Disabled', Enabled: false });
    expect(back.DeletionDate).toBeUndefined();
    expect(await kmsFails('cancel-key-deletion', '--key-id', key.KeyId)).toBe(
      `An error occurred (KMSInvalidStateException) when calling the CancelKeyDeletion operation: ${key.Arn} is not pending deletion.`,
    );
  });

  it('accepts asymmetric key specs with their key usage and describes their algorithms', async () => {
    expect(await kmsFails('create-key', '--key-spec', 'RSA_2048')).toBe(
      'An error occurred (ValidationException) when calling the CreateKey operation: You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.',
    );
    const signing = await createKey(
      srv.endpoint,
      creds,
      R,
      '--key-spec',
      'ECC_NIST_P256',
      '--key-usage',
      'SIGN_VERIFY',
    );
    expect(signing).toMatchObject({
      KeySpec: 'ECC_NIST_P256',
      KeyUsage: 'SIGN_VERIFY',
      SigningAlgorithms: ['ECDSA_SHA_256'],
    });
    expect(signing.EncryptionAlgorithms).toBeUndefined();
    const rsa = await createKey(srv.endpoint, creds, R, '--key-spec', 'RSA_2048', '--key-usage', 'ENCRYPT_DECRYPT');
    expect(rsa.EncryptionAlgorithms).toEqual(['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256']);
    expect(await kmsFails('create-key', '--key-spec', 'HMAC_256', '--key-usage', 'ENCRYPT_DECRYPT')).toMatch(
      /^An error occurred \(ValidationException\) when calling the CreateKey operation/,
    );
  });

  it('stores the default key policy and returns it with get-key-policy', async () => {
    const key = await createKey(srv.endpoint, creds);
    const p = await kms('get-key-policy', '--key-id', key.KeyId, '--policy-name', 'default');
    expect(p.PolicyName).toBe('default');
    expect(JSON.parse(p.Policy as string)).toEqual({
      Version: '2012-10-17',
      Id: 'key-default-1',
      Statement: [
        {
          Sid: 'Enable IAM User Permissions',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${account}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    });
  });

  it('shows the AWS managed aws/secretsmanager key once a secret used it, and refuses to change it', async () => {
    await srv.client().send(new CreateSecretCommand({ Name: 'kms-api/default', SecretString: 'v' }));
    const aliases = (await kms('list-aliases')).Aliases as { AliasName: string; TargetKeyId: string }[];
    const managed = aliases.find((a) => a.AliasName === 'alias/aws/secretsmanager');
    expect(managed).toBeDefined();
    const meta = (await kms('describe-key', '--key-id', 'alias/aws/secretsmanager')).KeyMetadata as Record<
      string,
      unknown
    >;
    expect(meta).toMatchObject({ KeyId: managed!.TargetKeyId, KeyManager: 'AWS', KeyState: 'Enabled' });
    expect(await kmsFails('disable-key', '--key-id', managed!.TargetKeyId)).toMatch(
      /^An error occurred \(AccessDeniedException\) when calling the DisableKey operation: User: .* is not authorized to perform: kms:DisableKey on resource: arn:aws:kms:/,
    );
    const policy = JSON.parse((await kms('get-key-policy', '--key-id', managed!.TargetKeyId)).Policy as string);
    expect(policy.Id).toBe('auto-secretsmanager-2');
  });

  it('answers in KMS JSON 1.1 form: __type and a lower-case message, HTTP 400', async () => {
    const r = await rawCall(srv.endpoint, 'DescribeKey', JSON.stringify({ KeyId: 'alias/none' }), {
      creds,
      service: 'kms',
      target: 'TrentService.DescribeKey',
    });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      __type: 'NotFoundException',
      message: `Alias arn:aws:kms:${R}:${account}:alias/none is not found.`,
    });
    const wrongScope = await rawCall(srv.endpoint, 'DescribeKey', JSON.stringify({ KeyId: 'alias/none' }), {
      creds,
      service: 'secretsmanager',
      target: 'TrentService.DescribeKey',
    });
    expect(wrongScope.status).toBe(400);
    expect(wrongScope.json?.__type).toBe('InvalidSignatureException');
  });
});

type KeyLike = { KeyId: string };
