import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  ReplicateSecretToRegionsCommand,
  type SecretsManagerClient,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, type Credentials, type RunningServer, removeDir, startServer } from '../helpers/server.js';
import { kmsOk, newKey } from '../kms/kms-calls.js';
import { policy, secrets, userWithPolicy } from './helpers.js';

/**
 * The Secrets Manager condition keys of catalog statements 71 and 80-83, end to end: IAM users
 * with their own SDK clients, policies through the IAM API, every request through the real
 * server. Each key is set by the use case from the request (docs/policies.md "Condition keys").
 */
let srv: RunningServer;
let root: Credentials;
let account: string;
const uniq = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;
const explicitDeny = /with an explicit deny in an identity-based policy$/;
const noAllow = (action: string) => new RegExp(`because no identity-based policy allows the ${action} action$`);

async function user(doc: unknown): Promise<SecretsManagerClient> {
  return secrets(srv.endpoint, await userWithPolicy(srv.endpoint, root, uniq('u'), doc));
}

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

describe('71: PutResourcePolicy only with Bool secretsmanager:BlockPublicPolicy = true', () => {
  it('denies the call without the flag or with it false, allows it with the flag', async () => {
    const sm = await user(
      policy({
        Effect: 'Allow',
        Action: 'secretsmanager:PutResourcePolicy',
        Resource: '*',
        Condition: { Bool: { 'secretsmanager:BlockPublicPolicy': 'true' } },
      }),
    );
    const arn = (await srv.client().send(new CreateSecretCommand({ Name: uniq('s71'), SecretString: 'v' }))).ARN!;
    const ResourcePolicy = JSON.stringify(
      policy({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${account}:root` },
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
      }),
    );
    for (const BlockPublicPolicy of [undefined, false]) {
      const e = await awsError(
        sm.send(new PutResourcePolicyCommand({ SecretId: arn, ResourcePolicy, BlockPublicPolicy })),
      );
      expect(e.name).toBe('AccessDeniedException');
      expect(e.message).toMatch(noAllow('secretsmanager:PutResourcePolicy'));
    }
    const ok = await sm.send(new PutResourcePolicyCommand({ SecretId: arn, ResourcePolicy, BlockPublicPolicy: true }));
    expect(ok.ARN).toBe(arn);
  });
});

describe('80 and 81: secretsmanager:AddReplicaRegions', () => {
  it('80: Null AddReplicaRegions = true allows CreateSecret without replicas only, and no ReplicateSecretToRegions', async () => {
    const sm = await user(
      policy({
        Effect: 'Allow',
        Action: 'secretsmanager:*',
        Resource: '*',
        Condition: { Null: { 'secretsmanager:AddReplicaRegions': 'true' } },
      }),
    );
    const name = uniq('s80');
    expect((await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v' }))).Name).toBe(name);
    const withReplica = await awsError(
      sm.send(
        new CreateSecretCommand({ Name: uniq('s80'), SecretString: 'v', AddReplicaRegions: [{ Region: 'eu-west-1' }] }),
      ),
    );
    expect(withReplica.message).toMatch(noAllow('secretsmanager:CreateSecret'));
    const replicate = await awsError(
      sm.send(new ReplicateSecretToRegionsCommand({ SecretId: name, AddReplicaRegions: [{ Region: 'us-east-2' }] })),
    );
    expect(replicate.message).toMatch(noAllow('secretsmanager:ReplicateSecretToRegions'));
  });

  it('81: ForAllValues:StringLike ["us-*", "ca-*"] allows us-east-2 and denies eu-west-1', async () => {
    const sm = await user(
      policy({
        Effect: 'Allow',
        Action: ['secretsmanager:CreateSecret', 'secretsmanager:ReplicateSecretToRegions'],
        Resource: '*',
        Condition: { 'ForAllValues:StringLike': { 'secretsmanager:AddReplicaRegions': ['us-*', 'ca-*'] } },
      }),
    );
    const name = uniq('s81');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v' })); // no replicas: the set is empty
    const eu = await awsError(
      sm.send(new ReplicateSecretToRegionsCommand({ SecretId: name, AddReplicaRegions: [{ Region: 'eu-west-1' }] })),
    );
    expect(eu.message).toMatch(noAllow('secretsmanager:ReplicateSecretToRegions'));
    // One region outside the list is enough to refuse the whole set.
    const mixed = await awsError(
      sm.send(
        new ReplicateSecretToRegionsCommand({
          SecretId: name,
          AddReplicaRegions: [{ Region: 'ca-central-1' }, { Region: 'eu-west-1' }],
        }),
      ),
    );
    expect(mixed.name).toBe('AccessDeniedException');
    const us = await sm.send(
      new ReplicateSecretToRegionsCommand({ SecretId: name, AddReplicaRegions: [{ Region: 'us-east-2' }] }),
    );
    expect(us.ReplicationStatus?.map((r) => r.Region)).toEqual(['us-east-2']);
    const created = await sm.send(
      new CreateSecretCommand({
        Name: uniq('s81'),
        SecretString: 'v',
        AddReplicaRegions: [{ Region: 'us-west-2' }, { Region: 'ca-central-1' }],
      }),
    );
    expect(created.ReplicationStatus?.map((r) => r.Region)).toEqual(['us-west-2', 'ca-central-1']);
    const euCreate = await awsError(
      sm.send(
        new CreateSecretCommand({ Name: uniq('s81'), SecretString: 'v', AddReplicaRegions: [{ Region: 'eu-west-1' }] }),
      ),
    );
    expect(euCreate.message).toMatch(noAllow('secretsmanager:CreateSecret'));
  });
});

describe('82: the "require a customer managed key" deny policy', () => {
  let sm: SecretsManagerClient;
  let managedArn: string;
  let cmk: { arn: string; id: string };
  const alias = `alias/${uniq('cmk82')}`;

  beforeAll(async () => {
    // The AWS managed key exists once a secret used it (beforeAll's probe); the seed policy names
    // it by key ARN ("<key_ARN_of_the_AWS_managed_key>").
    const managed = await kmsOk(srv.endpoint, root, 'DescribeKey', { KeyId: 'alias/aws/secretsmanager' });
    managedArn = (managed.KeyMetadata as { Arn: string }).Arn;
    cmk = await newKey(srv.endpoint, root);
    await kmsOk(srv.endpoint, root, 'CreateAlias', { AliasName: alias, TargetKeyId: cmk.id });
    sm = await user(
      policy(
        { Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' },
        { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:Encrypt'], Resource: '*' },
        {
          Sid: 'RequireCustomerManagedKeysOnSecrets',
          Effect: 'Deny',
          Action: ['secretsmanager:CreateSecret', 'secretsmanager:UpdateSecret'],
          Resource: '*',
          Condition: { StringLikeIfExists: { 'secretsmanager:KmsKeyArn': managedArn } },
        },
        {
          Sid: 'RequireKmsKeyIdParameterOnCreate',
          Effect: 'Deny',
          Action: 'secretsmanager:CreateSecret',
          Resource: '*',
          Condition: { Null: { 'secretsmanager:KmsKeyArn': 'true' } },
        },
      ),
    );
  });

  it('CreateSecret without KmsKeyId, or naming the AWS managed key in any form, is denied', async () => {
    const managedId = managedArn.split('/')[1]!;
    const forms = [undefined, 'alias/aws/secretsmanager', `arn:aws:kms:us-east-1:${account}:alias/aws/secretsmanager`];
    for (const KmsKeyId of [...forms, managedId, managedArn]) {
      const e = await awsError(sm.send(new CreateSecretCommand({ Name: uniq('s82'), SecretString: 'v', KmsKeyId })));
      expect(e.name).toBe('AccessDeniedException');
      expect(e.message).toMatch(explicitDeny);
    }
  });

  it('CreateSecret with a customer managed key is allowed whichever way the key is named', async () => {
    for (const KmsKeyId of [cmk.arn, cmk.id, alias, `arn:aws:kms:us-east-1:${account}:${alias}`]) {
      const name = uniq('s82');
      expect((await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v', KmsKeyId }))).Name).toBe(name);
    }
  });

  it('UpdateSecret to the AWS managed key is denied, to a customer managed key allowed', async () => {
    const name = uniq('s82u');
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v', KmsKeyId: alias }));
    for (const KmsKeyId of ['alias/aws/secretsmanager', managedArn, '']) {
      const e = await awsError(sm.send(new UpdateSecretCommand({ SecretId: name, KmsKeyId })));
      expect(e.message).toMatch(explicitDeny);
    }
    await sm.send(new UpdateSecretCommand({ SecretId: name, KmsKeyId: cmk.arn }));
    // As written, StringLikeIfExists also holds when the request names no key: the seed policy
    // denies every UpdateSecret without KmsKeyId (documented IfExists behaviour with Deny).
    const e = await awsError(sm.send(new UpdateSecretCommand({ SecretId: name, Description: 'x' })));
    expect(e.message).toMatch(explicitDeny);
    await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v2' }));
  });
});

describe('83: a resource policy pinning secretsmanager:VersionStage to AWSCURRENT', () => {
  it('allows VersionStage AWSCURRENT, denies AWSPREVIOUS and (decision 14) a request naming no stage', async () => {
    const readerName = uniq('r83');
    const reader = secrets(
      srv.endpoint,
      await userWithPolicy(
        srv.endpoint,
        root,
        readerName,
        policy({ Effect: 'Allow', Action: 'secretsmanager:DescribeSecret', Resource: '*' }),
      ),
    );
    const owner = srv.client();
    const arn = (await owner.send(new CreateSecretCommand({ Name: uniq('s83'), SecretString: 'v1' }))).ARN!;
    await owner.send(new PutSecretValueCommand({ SecretId: arn, SecretString: 'v2' }));
    const pin = (operator: string) =>
      owner.send(
        new PutResourcePolicyCommand({
          SecretId: arn,
          ResourcePolicy: JSON.stringify(
            policy({
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${account}:user/${readerName}` },
              Action: 'secretsmanager:GetSecretValue',
              Resource: '*',
              Condition: { [operator]: { 'secretsmanager:VersionStage': 'AWSCURRENT' } },
            }),
          ),
        }),
      );
    const get = (VersionStage?: string) => reader.send(new GetSecretValueCommand({ SecretId: arn, VersionStage }));

    await pin('StringEquals');
    expect((await get('AWSCURRENT')).SecretString).toBe('v2');
    expect((await awsError(get('AWSPREVIOUS'))).message).toMatch(noAllow('secretsmanager:GetSecretValue'));
    // Decision 14: the key is in the request context only when the request names a stage, so a
    // plain GetSecretValue (which reads AWSCURRENT) does not satisfy StringEquals ...
    expect((await awsError(get())).message).toMatch(noAllow('secretsmanager:GetSecretValue'));
    // ... and the documented pattern for "AWSCURRENT, named or implied" is StringEqualsIfExists.
    await pin('StringEqualsIfExists');
    expect((await get()).SecretString).toBe('v2');
    expect((await get('AWSCURRENT')).SecretString).toBe('v2');
    expect((await awsError(get('AWSPREVIOUS'))).message).toMatch(noAllow('secretsmanager:GetSecretValue'));
  });
});
