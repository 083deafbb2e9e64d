import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, expect, it } from 'vitest';
import { awsError, removeDir, startServer, tempDir } from '../helpers/server.js';
import { FAST_REPLICATION, inRegion, PRIMARY, REPLICA, replicationSettles, statusOf, uniq } from './helpers.js';

const dataDir = tempDir();
afterAll(() => removeDir(dataDir));

it('a job left pending when the server stops is carried out after a restart', async () => {
  // An hour between polls: after its first (empty) poll this server never syncs.
  const first = await startServer({ dataDir, env: { STRONGROOM_REPLICATION_INTERVAL_MS: '3600000' } });
  const name = uniq();
  let arn: string;
  try {
    const east = first.client(undefined, PRIMARY);
    const created = await east.send(
      new CreateSecretCommand({ Name: name, SecretString: 'durable', AddReplicaRegions: [{ Region: REPLICA }] }),
    );
    arn = created.ARN!;
    const d = await east.send(new DescribeSecretCommand({ SecretId: name }));
    expect(statusOf(d, REPLICA)?.Status).toBe('InProgress');
    const missing = await awsError(
      first.client(undefined, REPLICA).send(new GetSecretValueCommand({ SecretId: name })),
    );
    expect(missing.name).toBe('ResourceNotFoundException');
  } finally {
    expect(await first.stop()).toBe(0);
  }

  const second = await startServer({ dataDir, env: FAST_REPLICATION });
  try {
    await replicationSettles(second.client(undefined, PRIMARY), name, REPLICA);
    const value = await second.client(undefined, REPLICA).send(new GetSecretValueCommand({ SecretId: name }));
    expect(value).toMatchObject({ ARN: inRegion(arn, REPLICA), SecretString: 'durable' });
  } finally {
    await second.stop();
  }
});
