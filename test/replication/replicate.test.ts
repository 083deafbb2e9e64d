import {
  CreateSecretCommand,
  DeleteResourcePolicyCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  ReplicateSecretToRegionsCommand,
  type SecretsManagerClient,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, type RunningServer, removeDir, startServer } from '../helpers/server.js';
import {
  accountOf,
  eventsIn,
  eventually,
  FAST_REPLICATION,
  inRegion,
  OTHER,
  PRIMARY,
  REPLICA,
  replicationSettles,
  statusOf,
  uniq,
} from './helpers.js';

let srv: RunningServer;
let east: SecretsManagerClient;
let west: SecretsManagerClient;

beforeAll(async () => {
  srv = await startServer({ env: FAST_REPLICATION });
  east = srv.client(undefined, PRIMARY);
  west = srv.client(undefined, REPLICA);
});
afterAll(async () => {
  await srv.stop();
  removeDir(srv.dataDir);
});

const policy = (arn: string) =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountOf(arn)}:root` }, Action: '*', Resource: '*' },
    ],
  });

describe('ReplicateSecretToRegions (statements 118, 119)', () => {
  it('answers InProgress at once, then the replica reaches InSync with the ARN changed only in its region', async () => {
    const name = uniq();
    const { ARN } = await east.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }));
    const r = await east.send(
      new ReplicateSecretToRegionsCommand({ SecretId: name, AddReplicaRegions: [{ Region: REPLICA }] }),
    );
    expect(r.ARN).toBe(ARN);
    expect(r.ReplicationStatus).toEqual([
      { Region: REPLICA, KmsKeyId: 'alias/aws/secretsmanager', Status: 'InProgress' },
    ]);

    const settled = await replicationSettles(east, name, REPLICA);
    expect(statusOf(settled, REPLICA)).toEqual({
      Region: REPLICA,
      KmsKeyId: 'alias/aws/secretsmanager',
      Status: 'InSync',
      StatusMessage: 'Replication succeeded',
    });
    expect(settled.PrimaryRegion).toBe(PRIMARY);

    const replica = await west.send(new DescribeSecretCommand({ SecretId: name }));
    expect(replica.ARN).toBe(inRegion(ARN!, REPLICA));
    expect(replica.ARN).not.toBe(ARN);
    expect(replica.Name).toBe(name);
    expect(replica.PrimaryRegion).toBe(PRIMARY);
    expect(replica.ReplicationStatus).toBeUndefined();

    const events = eventsIn(srv.stderr()).filter((e) => e.secretArn === replica.ARN);
    expect(events.map((e) => e.eventName)).toEqual(['ReplicationStarted', 'ReplicationSucceeded']);
  });

  it('copies value, versions, labels, description, tags and resource policy, and keeps them in step', async () => {
    const name = uniq();
    const { ARN } = await east.send(
      new CreateSecretCommand({
        Name: name,
        SecretString: 'v1',
        Description: 'the db',
        Tags: [{ Key: 'team', Value: 'a' }],
      }),
    );
    await east.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v2' }));
    const mine = await east.send(
      new PutSecretValueCommand({ SecretId: name, SecretString: 'custom', VersionStages: ['MINE'] }),
    );
    await east.send(new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: policy(ARN!) }));
    await east.send(new ReplicateSecretToRegionsCommand({ SecretId: ARN, AddReplicaRegions: [{ Region: REPLICA }] }));
    await replicationSettles(east, name, REPLICA);

    const [p, r] = await Promise.all([east, west].map((c) => c.send(new DescribeSecretCommand({ SecretId: name }))));
    expect(r!.Description).toBe('the db');
    expect(r!.Tags).toEqual([{ Key: 'team', Value: 'a' }]);
    expect(r!.VersionIdsToStages).toEqual(p!.VersionIdsToStages);
    const versions = async (c: SecretsManagerClient) =>
      (await c.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }))).Versions!.map(
        (v) => [v.VersionId, v.VersionStages?.sort()],
      );
    expect(await versions(west)).toEqual(await versions(east));
    expect((await west.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('v2');
    expect((await west.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'MINE' }))).SecretString).toBe(
      'custom',
    );
    expect((await west.send(new GetResourcePolicyCommand({ SecretId: name }))).ResourcePolicy).toBe(policy(ARN!));

    // Each kind of later primary change reaches the replica on its own (one outbox hook per write path).
    const put = await east.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v3' }));
    const read = await eventually(
      'v3 in the replica',
      () => west.send(new GetSecretValueCommand({ SecretId: name })),
      (v) => v.SecretString === 'v3',
    );
    expect(read.VersionId).toBe(put.VersionId);
    const describeWest = () => west.send(new DescribeSecretCommand({ SecretId: name }));
    await east.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'env', Value: 'prod' }] }));
    const tagged = await eventually('the new tag', describeWest, (d) => d.Tags?.length === 2);
    expect(tagged.Tags).toEqual([
      { Key: 'team', Value: 'a' },
      { Key: 'env', Value: 'prod' },
    ]);
    await east.send(new UntagResourceCommand({ SecretId: name, TagKeys: ['team'] }));
    await eventually('the tag removed', describeWest, (d) => d.Tags?.length === 1);
    await east.send(new UpdateSecretCommand({ SecretId: name, Description: 'moved' }));
    await eventually('the description', describeWest, (d) => d.Description === 'moved');
    await east.send(
      new UpdateSecretVersionStageCommand({
        SecretId: name,
        VersionStage: 'MINE',
        RemoveFromVersionId: mine.VersionId,
        MoveToVersionId: put.VersionId,
      }),
    );
    await eventually(
      'the moved label',
      describeWest,
      (d) => d.VersionIdsToStages?.[put.VersionId!]?.includes('MINE') === true,
    );
    await east.send(new DeleteResourcePolicyCommand({ SecretId: name }));
    await eventually(
      'the policy removed',
      () => west.send(new GetResourcePolicyCommand({ SecretId: name })),
      (r) => r.ResourcePolicy === undefined,
    );
  });

  it('re-called for a replicated region, changes the replica key and syncs it again (decision 19)', async () => {
    const name = uniq();
    const { ARN } = await east.send(new CreateSecretCommand({ Name: name, SecretString: 'k1' }));
    await east.send(new ReplicateSecretToRegionsCommand({ SecretId: name, AddReplicaRegions: [{ Region: REPLICA }] }));
    await replicationSettles(east, name, REPLICA);
    const key = `arn:aws:kms:${REPLICA}:${accountOf(ARN!)}:alias/aws/secretsmanager`;
    const again = await east.send(
      new ReplicateSecretToRegionsCommand({ SecretId: name, AddReplicaRegions: [{ Region: REPLICA, KmsKeyId: key }] }),
    );
    expect(again.ReplicationStatus).toEqual([{ Region: REPLICA, KmsKeyId: key, Status: 'InProgress' }]);
    const settled = await replicationSettles(east, name, REPLICA);
    expect(statusOf(settled, REPLICA)?.KmsKeyId).toBe(key);
    expect((await west.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('k1');
  });
});

describe('CreateSecret with AddReplicaRegions (statement 126)', () => {
  it('returns before replication finishes, with one InProgress status per region', async () => {
    const name = uniq();
    const r = await east.send(
      new CreateSecretCommand({
        Name: name,
        SecretString: 's',
        AddReplicaRegions: [{ Region: REPLICA }, { Region: OTHER }],
      }),
    );
    expect(r.ReplicationStatus).toEqual([
      { Region: REPLICA, KmsKeyId: 'alias/aws/secretsmanager', Status: 'InProgress' },
      { Region: OTHER, KmsKeyId: 'alias/aws/secretsmanager', Status: 'InProgress' },
    ]);
    await replicationSettles(east, name, REPLICA);
    const d = await replicationSettles(east, name, OTHER);
    expect(d.ReplicationStatus?.map((s) => s.Status)).toEqual(['InSync', 'InSync']);
    const other = srv.client(undefined, OTHER);
    expect((await other.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('s');
  });

  it('has no ReplicationStatus without replicas', async () => {
    const r = await east.send(new CreateSecretCommand({ Name: uniq(), SecretString: 's' }));
    expect(r.ReplicationStatus).toBeUndefined();
  });
});

describe('validation', () => {
  it('refuses the primary region as a replica region, creating nothing', async () => {
    const name = uniq();
    const e = await awsError(
      east.send(new CreateSecretCommand({ Name: name, SecretString: 's', AddReplicaRegions: [{ Region: PRIMARY }] })),
    );
    expect(e).toMatchObject({ name: 'InvalidParameterException', message: 'Invalid replica region.', status: 400 });
    expect((await awsError(east.send(new DescribeSecretCommand({ SecretId: name })))).name).toBe(
      'ResourceNotFoundException',
    );
    await east.send(new CreateSecretCommand({ Name: name, SecretString: 's' }));
    const again = await awsError(
      east.send(new ReplicateSecretToRegionsCommand({ SecretId: name, AddReplicaRegions: [{ Region: PRIMARY }] })),
    );
    expect(again).toMatchObject({ name: 'InvalidParameterException', message: 'Invalid replica region.' });
  });

  it('refuses a replica key that belongs to another region (statement 122) and changes nothing', async () => {
    const name = uniq();
    const { ARN } = await east.send(new CreateSecretCommand({ Name: name, SecretString: 's' }));
    const primaryKey = `arn:aws:kms:${PRIMARY}:${accountOf(ARN!)}:alias/aws/secretsmanager`;
    const e = await awsError(
      east.send(
        new ReplicateSecretToRegionsCommand({
          SecretId: name,
          AddReplicaRegions: [{ Region: OTHER }, { Region: REPLICA, KmsKeyId: primaryKey }],
        }),
      ),
    );
    expect(e).toMatchObject({ name: 'AccessDeniedException', message: 'Access to KMS is not allowed', status: 400 });
    const d = await east.send(new DescribeSecretCommand({ SecretId: name }));
    expect(d.ReplicationStatus).toBeUndefined();
    expect(d.PrimaryRegion).toBeUndefined();
  });

  it('refuses to delete a primary that still has replicas, even forced', async () => {
    const name = uniq();
    const { ARN } = await east.send(
      new CreateSecretCommand({
        Name: name,
        SecretString: 's',
        AddReplicaRegions: [{ Region: REPLICA }, { Region: OTHER }],
      }),
    );
    for (const force of [false, true]) {
      const e = await awsError(
        east.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: force })),
      );
      expect(e).toMatchObject({
        name: 'InvalidParameterException',
        message: `You can't delete secret ${ARN} that still has replica regions [${REPLICA}, ${OTHER}].`,
      });
    }
  });
});

describe('the primary-region filter (statement 42)', () => {
  it('tells replicated primaries, replicas and non-replicated secrets apart', async () => {
    const tag = uniq('f');
    const replicated = `${tag}/replicated`;
    const alone = `${tag}/alone`;
    await east.send(
      new CreateSecretCommand({ Name: replicated, SecretString: 's', AddReplicaRegions: [{ Region: REPLICA }] }),
    );
    await east.send(new CreateSecretCommand({ Name: alone, SecretString: 's' }));
    await west.send(new CreateSecretCommand({ Name: `${tag}/west-only`, SecretString: 's' }));
    await replicationSettles(east, replicated, REPLICA);

    const names = async (c: SecretsManagerClient, region: string) => {
      const filters = [
        { Key: 'name' as const, Values: [tag] },
        { Key: 'primary-region' as const, Values: [region] },
      ];
      const page = await c.send(new ListSecretsCommand({ Filters: filters }));
      return page.SecretList!.map((s) => [s.Name, s.PrimaryRegion]);
    };
    expect(await names(east, PRIMARY)).toEqual([[replicated, PRIMARY]]);
    expect(await names(west, PRIMARY)).toEqual([[replicated, PRIMARY]]);
    expect(await names(west, REPLICA)).toEqual([]);
    const all = await west.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [tag] }] }));
    expect(all.SecretList!.map((s) => [s.Name, s.PrimaryRegion]).sort()).toEqual([
      [replicated, PRIMARY],
      [`${tag}/west-only`, undefined],
    ]);
  });
});
