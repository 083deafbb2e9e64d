import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  RemoveRegionsFromReplicationCommand,
  ReplicateSecretToRegionsCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, type RunningServer, removeDir, startServer } from '../helpers/server.js';
import {
  eventsIn,
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

describe('a same-name secret in the target region (statements 121, 125)', () => {
  it('fails the region with AWS’s message, leaves the other secret alone, and ForceOverwrite replaces it', async () => {
    const name = uniq();
    const local = await west.send(new CreateSecretCommand({ Name: name, SecretString: 'theirs' }));
    const { ARN } = await east.send(new CreateSecretCommand({ Name: name, SecretString: 'ours' }));
    const r = await east.send(
      new ReplicateSecretToRegionsCommand({ SecretId: name, AddReplicaRegions: [{ Region: REPLICA }] }),
    );
    expect(r.ReplicationStatus?.map((s) => s.Status)).toEqual(['InProgress']);

    const failed = await replicationSettles(east, name, REPLICA, 'Failed');
    const message = `Replication failed: Secret name ${name} already exists in region ${REPLICA}.`;
    expect(statusOf(failed, REPLICA)).toEqual({
      Region: REPLICA,
      KmsKeyId: 'alias/aws/secretsmanager',
      Status: 'Failed',
      StatusMessage: message,
    });
    // Nothing was copied: the region still holds only the other secret, untouched.
    expect((await west.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('theirs');
    expect((await west.send(new DescribeSecretCommand({ SecretId: name }))).ARN).toBe(local.ARN);
    const missing = await awsError(west.send(new DescribeSecretCommand({ SecretId: inRegion(ARN!, REPLICA) })));
    expect(missing.name).toBe('ResourceNotFoundException');
    const failures = eventsIn(srv.stderr()).filter((e) => e.secretArn === inRegion(ARN!, REPLICA));
    expect(failures.map((e) => [e.eventName, e.message])).toEqual([
      ['ReplicationStarted', undefined],
      ['ReplicationFailed', message],
    ]);

    const retry = await east.send(
      new ReplicateSecretToRegionsCommand({
        SecretId: name,
        AddReplicaRegions: [{ Region: REPLICA }],
        ForceOverwriteReplicaSecret: true,
      }),
    );
    expect(retry.ReplicationStatus).toEqual([
      { Region: REPLICA, KmsKeyId: 'alias/aws/secretsmanager', Status: 'InProgress' },
    ]);
    await replicationSettles(east, name, REPLICA);
    const replica = await west.send(new GetSecretValueCommand({ SecretId: name }));
    expect(replica).toMatchObject({ ARN: inRegion(ARN!, REPLICA), SecretString: 'ours' });
    const listed = await west.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [name] }] }));
    expect(listed.SecretList?.map((s) => s.ARN)).toEqual([inRegion(ARN!, REPLICA)]);
  });

  it('never overwrites another primary’s replica, even when asked to', async () => {
    const name = uniq();
    // A us-east-1 primary replicated to ap-south-1 holds the name there ...
    await east.send(
      new CreateSecretCommand({ Name: name, SecretString: 'east', AddReplicaRegions: [{ Region: OTHER }] }),
    );
    await replicationSettles(east, name, OTHER);
    // ... so a same-name eu-west-1 primary cannot replicate into ap-south-1.
    await west.send(new CreateSecretCommand({ Name: name, SecretString: 'west' }));
    await west.send(
      new ReplicateSecretToRegionsCommand({
        SecretId: name,
        AddReplicaRegions: [{ Region: OTHER }],
        ForceOverwriteReplicaSecret: true,
      }),
    );
    const failed = await replicationSettles(west, name, OTHER, 'Failed');
    expect(statusOf(failed, OTHER)?.StatusMessage).toBe(
      `Replication failed: Secret name ${name} is currently replicated to ${OTHER} with a different arn`,
    );
    expect((await south.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('east');
    // Removing the failed region deletes nothing that is not its own replica.
    await west.send(new RemoveRegionsFromReplicationCommand({ SecretId: name, RemoveReplicaRegions: [OTHER] }));
    expect((await south.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('east');
  });
});
