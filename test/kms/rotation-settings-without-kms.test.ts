import {
  CreateSecretCommand,
  DescribeSecretCommand,
  type DescribeSecretResponse,
  GetSecretValueCommand,
  ListSecretsCommand,
  RotateSecretCommand,
  type SecretListEntry,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawCall } from '../helpers/raw.js';
import { awsError, type Credentials, type RunningServer, removeDir, startServer } from '../helpers/server.js';
import { policy, userWithPolicy } from '../iam/helpers.js';
import { addFunction, startWebhook, templateStep, waitFor } from '../rotation/helpers.js';

/**
 * Statement 117: rotation settings, like the name, description and tags, are metadata that
 * Secrets Manager keeps unencrypted, so DescribeSecret and ListSecrets show them to a caller
 * with no KMS permission at all, and while the secret's customer key is disabled. This holds
 * whatever KMS's key policies decide: neither call ever reaches KMS.
 */
let srv: RunningServer;
let admin: Credentials;
let sm: SecretsManagerClient;
let hook: Awaited<ReturnType<typeof startWebhook>>;
let fnArn: string;

async function kms(operation: string, body: object): Promise<Record<string, unknown>> {
  const r = await rawCall(srv.endpoint, operation, JSON.stringify(body), {
    creds: admin,
    service: 'kms',
    target: `TrentService.${operation}`,
  });
  if (r.status !== 200) throw new Error(`${operation} failed: ${r.text}`);
  return r.json ?? {};
}

/** The rotation settings as DescribeSecret and ListSecrets show them. */
const rotationOf = (s: DescribeSecretResponse | SecretListEntry) => ({
  RotationEnabled: s.RotationEnabled,
  RotationLambdaARN: s.RotationLambdaARN,
  RotationRules: s.RotationRules,
  NextRotationDate: s.NextRotationDate,
  LastRotatedDate: s.LastRotatedDate,
});

beforeAll(async () => {
  srv = await startServer({
    env: { STRONGROOM_ROTATION_TICK_MS: '200', STRONGROOM_ROTATION_RETRY_BASE_MS: '200' },
  });
  admin = srv.credentials!;
  sm = srv.client();
  hook = await startWebhook((e) => templateStep(sm, e));
  const fn = await addFunction(srv.dataDir!, 'rotator-117', ['--webhook', hook.url]);
  hook.setKey(fn.signingKey!);
  fnArn = fn.arn;
});
afterAll(async () => {
  await srv?.stop();
  await hook?.close();
  removeDir(srv?.dataDir);
});

describe('117: rotation settings need no KMS permission', () => {
  it('DescribeSecret and ListSecrets show them without kms:Decrypt, and with the key disabled', async () => {
    const key = (await kms('CreateKey', {})).KeyMetadata as { KeyId: string; Arn: string };
    const name = 'rot117/db';
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v1', KmsKeyId: key.Arn }));
    const rules = { ScheduleExpression: 'rate(10 days)', Duration: '3h' };
    await sm.send(new RotateSecretCommand({ SecretId: name, RotationLambdaARN: fnArn, RotationRules: rules }));
    const rotated = await waitFor(async () => {
      const d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
      return (
        d.LastRotatedDate &&
        !Object.values(d.VersionIdsToStages ?? {})
          .flat()
          .includes('AWSPENDING') &&
        d
      );
    });
    const expected = rotationOf(rotated);
    expect(expected).toMatchObject({
      RotationEnabled: true,
      RotationLambdaARN: fnArn,
      RotationRules: { ...rules, AutomaticallyAfterDays: 10 },
    });
    expect(expected.NextRotationDate).toBeInstanceOf(Date);
    expect(expected.LastRotatedDate).toBeInstanceOf(Date);

    const noKms = srv.client(
      await userWithPolicy(
        srv.endpoint,
        admin,
        'no-kms-117',
        policy({ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' }),
      ),
    );
    // The caller really cannot use the key: the value stays out of reach.
    expect((await awsError(noKms.send(new GetSecretValueCommand({ SecretId: name })))).name).toBe(
      'AccessDeniedException',
    );
    const readBy = async (c: SecretsManagerClient) => {
      const d = await c.send(new DescribeSecretCommand({ SecretId: name }));
      const l = await c.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [name] }] }));
      expect(l.SecretList).toHaveLength(1);
      return { described: rotationOf(d), listed: rotationOf(l.SecretList![0]!) };
    };
    expect(await readBy(noKms)).toStrictEqual({ described: expected, listed: expected });

    // A disabled key stops reads of the value, not of the rotation settings.
    await kms('DisableKey', { KeyId: key.KeyId });
    expect((await awsError(sm.send(new GetSecretValueCommand({ SecretId: name })))).name).toBe('DecryptionFailure');
    expect(await readBy(noKms)).toStrictEqual({ described: expected, listed: expected });
    expect(await readBy(sm)).toStrictEqual({ described: expected, listed: expected });
  });
});
