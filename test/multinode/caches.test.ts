import {
  CreateSecretCommand,
  DeleteResourcePolicyCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, type RunningServer } from '../helpers/server.js';
import { type Creds, policy, query, userWithPolicy } from '../iam/helpers.js';
import { type Cluster, eventually, startCluster, subscribeFeed } from './cluster.js';

/**
 * Reads through any node see what another node acknowledged (no cache stands in front of the
 * database for secrets), and what nodes do cache — identities — follows other nodes' changes.
 */
let cluster: Cluster;
let nodeA: RunningServer;
let nodeB: RunningServer;
let a: SecretsManagerClient;
let b: SecretsManagerClient;

const clientFor = (node: RunningServer, credentials: Creds) =>
  new SecretsManagerClient({ endpoint: node.endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });

beforeAll(async () => {
  cluster = await startCluster(2);
  [nodeA, nodeB] = cluster.nodes as [RunningServer, RunningServer];
  a = nodeA.client();
  b = nodeB.client();
});

afterAll(async () => {
  await cluster?.stop();
});

describe('read-your-writes across nodes', () => {
  it('a secret created on node A is readable on node B immediately, and every later write too', async () => {
    const arn = (await a.send(new CreateSecretCommand({ Name: 'ryw/app', SecretString: 'v0' }))).ARN!;
    expect((await b.send(new GetSecretValueCommand({ SecretId: 'ryw/app' }))).SecretString).toBe('v0');
    for (let i = 1; i <= 20; i++) {
      const [writer, reader] = i % 2 ? [a, b] : [b, a];
      const put = await writer.send(new PutSecretValueCommand({ SecretId: arn, SecretString: `v${i}` }));
      const got = await reader.send(new GetSecretValueCommand({ SecretId: arn }));
      expect(got.SecretString).toBe(`v${i}`);
      expect(got.VersionId).toBe(put.VersionId);
      expect(
        (await reader.send(new GetSecretValueCommand({ SecretId: arn, VersionStage: 'AWSPREVIOUS' }))).SecretString,
      ).toBe(`v${i - 1}`);
    }
    // Labels moved on B are where B put them when A reads; a deletion on A is seen by B.
    const d = await a.send(new DescribeSecretCommand({ SecretId: arn }));
    const previous = Object.entries(d.VersionIdsToStages!).find(([, s]) => s.includes('AWSPREVIOUS'))![0];
    const current = Object.entries(d.VersionIdsToStages!).find(([, s]) => s.includes('AWSCURRENT'))![0];
    await b.send(
      new UpdateSecretVersionStageCommand({
        SecretId: arn,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: previous,
        RemoveFromVersionId: current,
      }),
    );
    expect((await a.send(new GetSecretValueCommand({ SecretId: arn }))).VersionId).toBe(previous);
    await a.send(new DeleteSecretCommand({ SecretId: arn, ForceDeleteWithoutRecovery: true }));
    expect((await awsError(b.send(new GetSecretValueCommand({ SecretId: arn })))).name).toBe(
      'ResourceNotFoundException',
    );
  });

  it('a resource policy changed on node A is enforced by node B on its very next request', async () => {
    const arn = (await a.send(new CreateSecretCommand({ Name: 'ryw/guarded', SecretString: 'guarded' }))).ARN!;
    const reader = await userWithPolicy(
      nodeA.endpoint,
      nodeA.credentials!,
      'reader',
      policy({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' }),
    );
    const readerArn = `arn:aws:iam::${arn.split(':')[4]}:user/reader`;
    const viaB = clientFor(nodeB, reader);
    // A user and key created through node A work through node B at once (nothing negative is cached).
    expect((await viaB.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe('guarded');
    for (let round = 0; round < 3; round++) {
      await a.send(
        new PutResourcePolicyCommand({
          SecretId: arn,
          ResourcePolicy: JSON.stringify(
            policy({
              Effect: 'Deny',
              Principal: { AWS: readerArn },
              Action: 'secretsmanager:GetSecretValue',
              Resource: '*',
            }),
          ),
        }),
      );
      expect((await awsError(viaB.send(new GetSecretValueCommand({ SecretId: arn })))).name).toBe(
        'AccessDeniedException',
      );
      await a.send(new DeleteResourcePolicyCommand({ SecretId: arn }));
      expect((await viaB.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe('guarded');
    }
  });

  it('an access key made Inactive and a policy changed on node A stop working on node B', async () => {
    await a.send(new CreateSecretCommand({ Name: 'ryw/iam', SecretString: 'iam' }));
    const user = await userWithPolicy(
      nodeA.endpoint,
      nodeA.credentials!,
      'revoked',
      policy({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' }),
    );
    const viaB = clientFor(nodeB, user);
    // Node B caches what it knows of the user once it has served it.
    expect((await viaB.send(new GetSecretValueCommand({ SecretId: 'ryw/iam' }))).SecretString).toBe('iam');
    const denyAll = policy({ Effect: 'Deny', Action: '*', Resource: '*' });
    const put = await query(nodeA.endpoint, nodeA.credentials!, 'iam', 'PutUserPolicy', {
      UserName: 'revoked',
      PolicyName: 'main',
      PolicyDocument: JSON.stringify(denyAll),
    });
    expect(put.status).toBe(200);
    const denied = await eventually(async () => {
      const e = await awsError(viaB.send(new GetSecretValueCommand({ SecretId: 'ryw/iam' }))).catch(() => undefined);
      return e?.name === 'AccessDeniedException' ? e : undefined;
    }, 5000);
    expect(denied.status).toBe(400);

    const off = await query(nodeA.endpoint, nodeA.credentials!, 'iam', 'UpdateAccessKey', {
      UserName: 'revoked',
      AccessKeyId: user.accessKeyId,
      Status: 'Inactive',
    });
    expect(off.status).toBe(200);
    const refused = await eventually(async () => {
      const e = await awsError(viaB.send(new GetSecretValueCommand({ SecretId: 'ryw/iam' }))).catch(() => undefined);
      return e?.name === 'UnrecognizedClientException' ? e : undefined;
    }, 5000);
    expect(refused.message).toBe('The security token included in the request is invalid.');
  });
});

describe('the change feed of every node hears every node', () => {
  it('an agent subscribed to node B is told of changes made through node A, and of its own node’s once', async () => {
    const feed = await subscribeFeed(nodeB);
    try {
      const x = await a.send(new CreateSecretCommand({ Name: 'feed/x', SecretString: 'x0' }));
      await eventually(async () => feed.events.some((e) => e.arn === x.ARN));
      expect(feed.events.find((e) => e.arn === x.ARN)).toEqual({ arn: x.ARN, name: 'feed/x' });

      const y = await b.send(new CreateSecretCommand({ Name: 'feed/y', SecretString: 'y0' }));
      await a.send(new PutSecretValueCommand({ SecretId: x.ARN, SecretString: 'x1' }));
      // x's second notice was sent after y committed, so once it is here any echo of y would be too.
      await eventually(async () => feed.events.filter((e) => e.arn === x.ARN).length === 2);
      expect(feed.events.filter((e) => e.arn === y.ARN)).toEqual([{ arn: y.ARN, name: 'feed/y' }]);

      await a.send(new DeleteSecretCommand({ SecretId: x.ARN, ForceDeleteWithoutRecovery: true }));
      await eventually(async () => feed.events.filter((e) => e.arn === x.ARN).length === 3);
      expect(feed.events.every((e) => !e.all)).toBe(true);
    } finally {
      feed.close();
    }
  });
});
