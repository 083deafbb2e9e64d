import {
  CancelRotateSecretCommand,
  CreateSecretCommand,
  DeleteResourcePolicyCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetResourcePolicyCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  RemoveRegionsFromReplicationCommand,
  ReplicateSecretToRegionsCommand,
  RestoreSecretCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
  StopReplicationToReplicaCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, type RunningServer, removeDir, startServer } from '../helpers/server.js';
import {
  eventually,
  FAST_REPLICATION,
  inRegion,
  OTHER,
  PRIMARY,
  REPLICA,
  replicationSettles,
  uniq,
} from './helpers.js';

let srv: RunningServer;
let east: SecretsManagerClient;
let west: SecretsManagerClient;
let south: SecretsManagerClient;

beforeAll(async () => {
  srv = await startServer({ env: FAST_REPLICATION });
  east = srv.client(undefined, PRIMARY);
  west = srv.client(undefined, REPLICA);
  south = srv.client(undefined, OTHER);
});
afterAll(async () => {
  await srv.stop();
  removeDir(srv.dataDir);
});

/** A primary in us-east-1 replicated (InSync) to the given regions. */
async function replicated(regions: string[] = [REPLICA]): Promise<{ name: string; arn: string }> {
  const name = uniq();
  const { ARN } = await east.send(
    new CreateSecretCommand({
      Name: name,
      SecretString: 'v1',
      AddReplicaRegions: regions.map((Region) => ({ Region })),
    }),
  );
  for (const r of regions) await replicationSettles(east, name, r);
  return { name, arn: ARN! };
}

const REPLICA_WRITE = {
  name: 'InvalidParameterException',
  message: "Operation not permitted on a replica secret. Call must be made in primary secret's region.",
  status: 400,
};

describe('a replica is read-only (statement 120)', () => {
  it('refuses every write in the replica region with AWS’s error, and changes nothing', async () => {
    const { name } = await replicated();
    const { VersionId } = await west.send(new GetSecretValueCommand({ SecretId: name }));
    const before = await west.send(new DescribeSecretCommand({ SecretId: name }));
    const writes = [
      new PutSecretValueCommand({ SecretId: name, SecretString: 'x' }),
      new UpdateSecretCommand({ SecretId: name, SecretString: 'x' }),
      new UpdateSecretCommand({ SecretId: name, Description: 'x' }),
      new UpdateSecretCommand({ SecretId: name, KmsKeyId: 'alias/aws/secretsmanager' }),
      new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'MINE', MoveToVersionId: VersionId }),
      new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'k', Value: 'v' }] }),
      new UntagResourceCommand({ SecretId: name, TagKeys: ['k'] }),
      new PutResourcePolicyCommand({ SecretId: name, ResourcePolicy: '{"Version":"2012-10-17","Statement":[]}' }),
      new DeleteResourcePolicyCommand({ SecretId: name }),
      new DeleteSecretCommand({ SecretId: name }),
      new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }),
      new RestoreSecretCommand({ SecretId: name }),
      new ReplicateSecretToRegionsCommand({ SecretId: name, AddReplicaRegions: [{ Region: OTHER }] }),
      new RemoveRegionsFromReplicationCommand({ SecretId: name, RemoveReplicaRegions: [PRIMARY] }),
      // Rotation is configured on the primary only (statement 108).
      new RotateSecretCommand({
        SecretId: name,
        RotationLambdaARN: `arn:aws:lambda:${REPLICA}:123456789012:function:strongroom-postgres-single-user`,
        RotationRules: { AutomaticallyAfterDays: 30 },
      }),
      new CancelRotateSecretCommand({ SecretId: name }),
    ];
    for (const command of writes) {
      // biome-ignore lint/suspicious/noExplicitAny: one loop over commands of different types
      expect(await awsError(west.send(command as any)), command.constructor.name).toMatchObject(REPLICA_WRITE);
    }
    const after = await west.send(new DescribeSecretCommand({ SecretId: name }));
    expect({ ...after, $metadata: undefined }).toEqual({ ...before, $metadata: undefined });
    expect((await west.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('v1');
    expect((await west.send(new GetResourcePolicyCommand({ SecretId: name }))).ARN).toBe(before.ARN);
  });
});

describe('RemoveRegionsFromReplication (statement 124)', () => {
  it('deletes the replica at once, without a recovery window, and is idempotent', async () => {
    const { name, arn } = await replicated([REPLICA, OTHER]);
    const r = await east.send(
      new RemoveRegionsFromReplicationCommand({ SecretId: arn, RemoveReplicaRegions: [REPLICA] }),
    );
    expect(r.ARN).toBe(arn);
    expect(r.ReplicationStatus?.map((s) => s.Region)).toEqual([OTHER]);
    const gone = await awsError(west.send(new DescribeSecretCommand({ SecretId: inRegion(arn, REPLICA) })));
    expect(gone.name).toBe('ResourceNotFoundException');
    // The name is free at once in that region.
    await west.send(new CreateSecretCommand({ Name: name, SecretString: 'local' }));
    expect((await south.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('v1');

    const last = await east.send(
      new RemoveRegionsFromReplicationCommand({ SecretId: name, RemoveReplicaRegions: [OTHER] }),
    );
    expect(last.ReplicationStatus).toEqual([]);
    const again = await east.send(
      new RemoveRegionsFromReplicationCommand({ SecretId: name, RemoveReplicaRegions: [OTHER] }),
    );
    expect(again.ReplicationStatus).toEqual([]);
    const d = await east.send(new DescribeSecretCommand({ SecretId: name }));
    expect(d.ReplicationStatus).toBeUndefined();
    expect(d.PrimaryRegion).toBeUndefined();
    await east.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
  });
});

describe('StopReplicationToReplica (statement 123)', () => {
  it('promotes the replica in its own region; the primary stops listing it and stops updating it', async () => {
    const { name, arn } = await replicated([REPLICA, OTHER]);
    const wrong = await awsError(east.send(new StopReplicationToReplicaCommand({ SecretId: name })));
    expect(wrong).toMatchObject({ name: 'InvalidRequestException', status: 400 });

    const r = await west.send(new StopReplicationToReplicaCommand({ SecretId: name }));
    expect(r.ARN).toBe(inRegion(arn, REPLICA));
    const promoted = await west.send(new DescribeSecretCommand({ SecretId: name }));
    expect(promoted.PrimaryRegion).toBeUndefined();
    expect(promoted.ReplicationStatus).toBeUndefined();
    const primary = await east.send(new DescribeSecretCommand({ SecretId: name }));
    expect(primary.ReplicationStatus?.map((s) => s.Region)).toEqual([OTHER]);

    // Writable now, with its own history.
    await west.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'standalone' }));
    await west.send(new TagResourceCommand({ SecretId: name, Tags: [{ Key: 'own', Value: 'yes' }] }));
    // A later primary change reaches the remaining replica but not the promoted secret.
    await east.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v2' }));
    await eventually(
      'v2 in the remaining replica',
      () => south.send(new GetSecretValueCommand({ SecretId: name })),
      (v) => v.SecretString === 'v2',
    );
    expect((await west.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('standalone');
    const versions = await west.send(new ListSecretVersionIdsCommand({ SecretId: name }));
    expect(versions.Versions).toHaveLength(2);
    // A standalone secret is not a replica: a second promotion fails too.
    const twice = await awsError(west.send(new StopReplicationToReplicaCommand({ SecretId: name })));
    expect(twice.name).toBe('InvalidRequestException');
  });
});
