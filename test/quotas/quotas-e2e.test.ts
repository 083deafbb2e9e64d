import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutResourcePolicyCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, type RunningServer, removeDir, startServer } from '../helpers/server.js';
import { admin, profileCreds } from '../iam/helpers.js';

/**
 * Quotas through the real server and SDK (statements 145, 146). Rates are set so low (one call
 * per 5 seconds for the limited groups) that a second call in the same test is always over them.
 */
let srv: RunningServer;
let sm: SecretsManagerClient;
const uniq = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;
const THROTTLED = { name: 'ThrottlingException', message: 'Rate exceeded', status: 400 };

beforeAll(async () => {
  srv = await startServer({
    env: { STRONGROOM_QUOTAS: 'write=0.2,describe=0.2', STRONGROOM_MAX_SECRETS_PER_REGION: '3' },
  });
  sm = srv.client();
});
afterAll(async () => {
  await srv.stop();
  removeDir(srv.dataDir);
});

describe('145: request rates', () => {
  it('throttles the write group as one bucket: UpdateSecret, PutSecretValue, UpdateSecretVersionStage', async () => {
    const name = uniq('q');
    const c = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1' }));
    await sm.send(new UpdateSecretCommand({ SecretId: name, SecretString: 'v2' }));
    expect(await awsError(sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v3' })))).toMatchObject(
      THROTTLED,
    );
    expect(
      await awsError(
        sm.send(
          new UpdateSecretVersionStageCommand({
            SecretId: name,
            VersionStage: 'AWSCURRENT',
            MoveToVersionId: c.VersionId,
          }),
        ),
      ),
    ).toMatchObject(THROTTLED);
    // Reads are another group (GetSecretValue is not limited here) and the refused writes changed nothing.
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('v2');
  });

  it("spends the calling account's bucket on a cross-account call, not the owner's", async () => {
    const other = profileCreds(await admin(srv.dataDir!, 'create-account'));
    const b = srv.client(other);
    const shared = await sm.send(new CreateSecretCommand({ Name: uniq('shared'), SecretString: 's' }));
    await sm.send(
      new PutResourcePolicyCommand({
        SecretId: shared.ARN,
        ResourcePolicy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${other.accountId}:root` },
              Action: 'secretsmanager:DescribeSecret',
              Resource: '*',
            },
          ],
        }),
      }),
    );
    const own = await b.send(new CreateSecretCommand({ Name: uniq('b-own') }));
    await b.send(new DescribeSecretCommand({ SecretId: own.ARN }));
    expect(await awsError(b.send(new DescribeSecretCommand({ SecretId: shared.ARN })))).toMatchObject(THROTTLED);
    // The owner's describe bucket is untouched by B's calls.
    expect((await sm.send(new DescribeSecretCommand({ SecretId: shared.ARN }))).ARN).toBe(shared.ARN);
  });
});

describe('146: secrets per region', () => {
  it('refuses a secret past the configured limit with LimitExceededException, per region', async () => {
    // Earlier tests of this file made secrets in this account and region; fill up to the limit.
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      const e = await sm.send(new CreateSecretCommand({ Name: uniq('fill') })).then(
        (r) => r.Name,
        (err: { name: string }) => err.name,
      );
      made.push(e!);
    }
    expect(made.at(-1)).toBe('LimitExceededException');
    const e = await awsError(sm.send(new CreateSecretCommand({ Name: uniq('over') })));
    expect(e).toMatchObject({
      name: 'LimitExceededException',
      message: 'You have exceeded the maximum number of secrets allowed in this Region.',
      status: 400,
    });
    const west = srv.client(undefined, 'eu-west-1');
    expect((await west.send(new CreateSecretCommand({ Name: uniq('west') }))).ARN).toContain(':eu-west-1:');
  });
});
