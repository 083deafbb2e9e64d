import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, type RunningServer } from '../helpers/server.js';
import { type Creds, policy, userWithPolicy } from '../iam/helpers.js';
import { keyStatement, newKey, putKeyPolicy } from '../kms/kms-calls.js';
import { type Cluster, startCluster } from './cluster.js';

/**
 * A key policy changed through one node decides the next request on any other node: a key's
 * policy is read with the key on every use (as its state is), and only compiled policies are
 * cached, by their text, so there is nothing for a change notice to drop (docs/kms.md).
 */
let cluster: Cluster;
let nodeA: RunningServer;
let nodeB: RunningServer;

beforeAll(async () => {
  cluster = await startCluster(2);
  [nodeA, nodeB] = cluster.nodes as [RunningServer, RunningServer];
});
afterAll(async () => {
  await cluster?.stop();
});

describe('key policies across nodes', () => {
  it('PutKeyPolicy on node A is enforced by node B on its very next request, both ways', async () => {
    const root = nodeA.credentials!;
    const probe = await nodeA.client().send(new CreateSecretCommand({ Name: 'kp/probe', SecretString: 'p' }));
    const account = probe.ARN!.split(':')[4]!;
    const reader: Creds = await userWithPolicy(
      nodeA.endpoint,
      root,
      'kp-reader',
      policy({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' }),
    );
    const named = policy(
      keyStatement(`arn:aws:iam::${account}:root`),
      keyStatement(`arn:aws:iam::${account}:user/kp-reader`, 'kms:Decrypt'),
    );
    const unnamed = policy(keyStatement(`arn:aws:iam::${account}:root`));
    const key = await newKey(nodeA.endpoint, root, named);
    await nodeA.client().send(new CreateSecretCommand({ Name: 'kp/app', SecretString: 'v', KmsKeyId: key.arn }));
    const viaB = new SecretsManagerClient({
      endpoint: nodeB.endpoint,
      region: 'us-east-1',
      credentials: reader,
      maxAttempts: 1,
    });
    expect((await viaB.send(new GetSecretValueCommand({ SecretId: 'kp/app' }))).SecretString).toBe('v');
    for (let round = 0; round < 3; round++) {
      await putKeyPolicy(nodeA.endpoint, root, key.id, unnamed);
      expect(await awsError(viaB.send(new GetSecretValueCommand({ SecretId: 'kp/app' })))).toEqual({
        name: 'AccessDeniedException',
        message: 'Access to KMS is not allowed',
        status: 400,
      });
      await putKeyPolicy(nodeA.endpoint, root, key.id, named);
      expect((await viaB.send(new GetSecretValueCommand({ SecretId: 'kp/app' }))).SecretString).toBe('v');
    }
  });
});
