import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawCall } from '../helpers/raw.js';
import { awsError, type RunningServer, removeDir, startServer } from '../helpers/server.js';

/**
 * UpdateSecret carrying metadata and a value is one change: when the new version is refused, the
 * description, the key and the re-wrapped versions stay as they were (bad input gets the AWS error
 * and nothing stored is half-written). The server keeps at most 2 versions per secret, so a third
 * one, younger than 24 hours like every version here, cannot be made room for: the version quota
 * refuses it (behaviour catalog §1, "Quota: 100 versions per secret") after the metadata change
 * would have been applied.
 */
let srv: RunningServer;
let sm: SecretsManagerClient;
const uniq = () => `a${randomUUID().slice(0, 8)}`;

const QUOTA_ERROR = {
  name: 'LimitExceededException',
  message: 'You have exceeded the maximum number of versions allowed for a secret.',
  status: 400,
};

/** A customer-managed key made through the server's KMS API; returns its ARN. */
async function newKeyArn(): Promise<string> {
  const r = await rawCall(srv.endpoint, 'CreateKey', '{}', {
    creds: srv.credentials,
    service: 'kms',
    target: 'TrentService.CreateKey',
  });
  if (r.status !== 200) throw new Error(`CreateKey failed: ${r.text}`);
  return (r.json!.KeyMetadata as { Arn: string }).Arn;
}

const versions = async (SecretId: string) =>
  (await sm.send(new ListSecretVersionIdsCommand({ SecretId, IncludeDeprecated: true }))).Versions ?? [];

beforeAll(async () => {
  srv = await startServer({ env: { STRONGROOM_MAX_VERSIONS_PER_SECRET: '2' } });
  sm = srv.client();
});
afterAll(async () => {
  await srv.stop();
  removeDir(srv.dataDir);
});

describe('UpdateSecret with metadata and a value refused by the version quota', () => {
  it('keeps the old Description and KmsKeyId, and the versions under the old key only', async () => {
    const [before, after] = [await newKeyArn(), await newKeyArn()];
    const name = uniq();
    const first = await sm.send(
      new CreateSecretCommand({ Name: name, SecretString: 'a', Description: 'before', KmsKeyId: before }),
    );
    const second = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'b' }));
    const described = await sm.send(new DescribeSecretCommand({ SecretId: name }));

    const e = await awsError(
      sm.send(new UpdateSecretCommand({ SecretId: name, Description: 'after', KmsKeyId: after, SecretString: 'c' })),
    );
    expect(e).toEqual(QUOTA_ERROR);

    const d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(d.Description).toBe('before');
    expect(d.KmsKeyId).toBe(before);
    expect(d.LastChangedDate).toEqual(described.LastChangedDate);
    expect(d.VersionIdsToStages).toEqual({
      [second.VersionId!]: ['AWSCURRENT'],
      [first.VersionId!]: ['AWSPREVIOUS'],
    });
    // The key change would have re-wrapped AWSCURRENT and AWSPREVIOUS under the new key as well.
    for (const v of await versions(name)) expect(v.KmsKeyIds).toEqual([before]);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('b');
  });

  it('keeps the old Description when only the description changes with the value', async () => {
    const name = uniq();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'a', Description: 'before' }));
    await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'b' }));

    const e = await awsError(
      sm.send(new UpdateSecretCommand({ SecretId: name, Description: 'after', SecretString: 'c' })),
    );
    expect(e).toEqual(QUOTA_ERROR);
    const d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(d.Description).toBe('before');
    expect(d.KmsKeyId).toBeUndefined();
    expect(Object.keys(d.VersionIdsToStages ?? {})).toHaveLength(2);
  });

  it('applies both when the version fits: new Description, new key, value under the new key', async () => {
    const [before, after] = [await newKeyArn(), await newKeyArn()];
    const name = uniq();
    const first = await sm.send(
      new CreateSecretCommand({ Name: name, SecretString: 'a', Description: 'before', KmsKeyId: before }),
    );
    const u = await sm.send(
      new UpdateSecretCommand({ SecretId: name, Description: 'after', KmsKeyId: after, SecretString: 'b' }),
    );
    const d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(d.Description).toBe('after');
    expect(d.KmsKeyId).toBe(after);
    expect(d.VersionIdsToStages).toEqual({ [u.VersionId!]: ['AWSCURRENT'], [first.VersionId!]: ['AWSPREVIOUS'] });
    const byId = Object.fromEntries((await versions(name)).map((v) => [v.VersionId, v.KmsKeyIds]));
    expect(byId).toEqual({ [u.VersionId!]: [after], [first.VersionId!]: [before, after] });
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('b');
  });
});
