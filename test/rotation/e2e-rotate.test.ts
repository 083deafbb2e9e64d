import {
  CancelRotateSecretCommand,
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rawCall } from '../helpers/raw.js';
import { awsError, type RunningServer, removeDir, startServer } from '../helpers/server.js';
import { addFunction, eventNames, type RotationEvent, startWebhook, templateStep, waitFor } from './helpers.js';

/**
 * RotateSecret / CancelRotateSecret end to end: the real server, the real SDK, and a rotation
 * function served by this test as a webhook running the logic of AWS's generic template.
 * Catalog §16 H statements 89-94, 97, 100, 107.
 */
let server: RunningServer;
let sm: SecretsManagerClient;
let hook: Awaited<ReturnType<typeof startWebhook>>;
let fnArn: string;
const hooks: Record<string, (e: RotationEvent) => Promise<void>> = {};

beforeAll(async () => {
  server = await startServer({
    env: { STRONGROOM_ROTATION_TICK_MS: '200', STRONGROOM_ROTATION_RETRY_BASE_MS: '200' },
  });
  sm = server.client();
  hook = await startWebhook((e) => templateStep(sm, e, { [e.Step]: () => hooks[e.Step]?.(e) ?? Promise.resolve() }));
  const fn = await addFunction(server.dataDir!, 'generic-rotator', ['--webhook', hook.url]);
  hook.setKey(fn.signingKey!);
  fnArn = fn.arn;
});

afterEach(() => {
  for (const k of Object.keys(hooks)) delete hooks[k];
});

afterAll(async () => {
  await server?.stop();
  await hook?.close();
  removeDir(server?.dataDir);
});

const create = async (name: string) =>
  (await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'initial-value' }))).ARN!;
const describeSecret = (id: string) => sm.send(new DescribeSecretCommand({ SecretId: id }));
const succeeded = (token: string) => waitFor(() => eventNames(server, token).includes('RotationSucceeded'));

describe('RotateSecret with a webhook function', () => {
  it('rotates: placeholder first, four steps in order with one token, then AWSCURRENT moves (89-94)', async () => {
    const arn = await create('rot/happy');
    let atCreate: { stages?: string[]; pendingRead?: string } = {};
    let atSet: string | undefined;
    hooks.createSecret = async (e) => {
      const d = await describeSecret(arn);
      const read = await awsError(
        sm.send(
          new GetSecretValueCommand({ SecretId: arn, VersionId: e.ClientRequestToken, VersionStage: 'AWSPENDING' }),
        ),
      );
      atCreate = { stages: d.VersionIdsToStages?.[e.ClientRequestToken], pendingRead: read.name };
    };
    hooks.setSecret = async (e) => {
      const v = await sm.send(
        new GetSecretValueCommand({ SecretId: arn, VersionId: e.ClientRequestToken, VersionStage: 'AWSPENDING' }),
      );
      atSet = v.SecretString;
    };
    const before = await describeSecret(arn);
    const oldVersion = Object.keys(before.VersionIdsToStages!)[0]!;
    const r = await sm.send(
      new RotateSecretCommand({
        SecretId: 'rot/happy',
        RotationLambdaARN: fnArn,
        RotationRules: { AutomaticallyAfterDays: 7 },
      }),
    );
    expect(r.ARN).toBe(arn);
    expect(r.Name).toBe('rot/happy');
    const token = r.VersionId!;
    await succeeded(token);

    const events = hook.received.filter((e) => e.ClientRequestToken === token);
    expect(events.map((e) => e.Step)).toEqual(['createSecret', 'setSecret', 'testSecret', 'finishSecret']);
    expect(new Set(events.map((e) => e.SecretId))).toEqual(new Set([arn]));
    expect(new Set(events.map((e) => e.RotationToken)).size).toBe(1);
    expect(events[0]!.RotationToken).toMatch(/^[a-zA-Z0-9-]{36,256}$/);
    expect(atCreate).toEqual({ stages: ['AWSPENDING'], pendingRead: 'ResourceNotFoundException' });
    expect(atSet).toMatch(/^.{32}$/);

    const after = await describeSecret(arn);
    expect(after.VersionIdsToStages).toEqual({ [token]: ['AWSCURRENT'], [oldVersion]: ['AWSPREVIOUS'] });
    expect(after.RotationEnabled).toBe(true);
    expect(after.RotationLambdaARN).toBe(fnArn);
    expect(after.RotationRules).toEqual({ AutomaticallyAfterDays: 7 });
    expect(after.LastRotatedDate).toBeInstanceOf(Date);
    // AWS shows the window's last second: the UTC day, 7 days after the rotation, at 23:59:59.
    const next = after.NextRotationDate!;
    expect(next.toISOString()).toMatch(/T23:59:59\.000Z$/);
    const days = (next.getTime() - after.LastRotatedDate!.getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(7);
    expect(days).toBeLessThan(8);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe(atSet);
    expect(eventNames(server, token)).toEqual(['RotationStarted', 'RotationSucceeded']);
    expect(hook.badSignatures()).toBe(0);
  });

  it('fails without a function configured or given, and configures nothing (89)', async () => {
    const arn = await create('rot/no-function');
    const err = await awsError(sm.send(new RotateSecretCommand({ SecretId: arn })));
    expect(err).toEqual({
      name: 'InvalidRequestException',
      message:
        "You tried to enable rotation on a secret that doesn't already have a Lambda function ARN configured and you didn't include such an ARN as a parameter in this call.",
      status: 400,
    });
    const d = await describeSecret(arn);
    expect(d.RotationEnabled).toBeUndefined();
    expect(Object.keys(d.VersionIdsToStages!)).toHaveLength(1);
  });

  it('refuses a function nobody registered with AccessDeniedException, and nothing changes', async () => {
    const arn = await create('rot/unknown-function');
    const err = await awsError(
      sm.send(
        new RotateSecretCommand({
          SecretId: arn,
          RotationLambdaARN: 'arn:aws:lambda:us-east-1:123456789012:function:nobody',
          RotationRules: { AutomaticallyAfterDays: 1 },
        }),
      ),
    );
    expect(err).toEqual({
      name: 'AccessDeniedException',
      message:
        'Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com.',
      status: 400,
    });
    const d = await describeSecret(arn);
    expect(d.RotationEnabled).toBeUndefined();
    expect(d.RotationLambdaARN).toBeUndefined();
    expect(d.RotationRules).toBeUndefined();
    expect(Object.values(d.VersionIdsToStages!)).toEqual([['AWSCURRENT']]);
  });

  it('answers a raw call without ClientRequestToken with InvalidParameterException (parity §1.3)', async () => {
    const res = await rawCall(server.endpoint, 'RotateSecret', JSON.stringify({ SecretId: 'rot/happy' }), {
      creds: server.credentials,
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      __type: 'InvalidParameterException',
      Message: 'You must provide a ClientRequestToken value. We recommend a UUID-type value.',
    });
  });

  it('refuses a new rotation while AWSPENDING is on another version, then accepts it once removed (97)', async () => {
    const arn = await create('rot/in-progress');
    const pending = await sm.send(
      new PutSecretValueCommand({ SecretId: arn, SecretString: 'half-done', VersionStages: ['AWSPENDING'] }),
    );
    const err = await awsError(
      sm.send(
        new RotateSecretCommand({
          SecretId: arn,
          RotationLambdaARN: fnArn,
          RotationRules: { AutomaticallyAfterDays: 2 },
        }),
      ),
    );
    expect(err).toEqual({
      name: 'InvalidRequestException',
      message: "A previous rotation isn't complete. That rotation will be reattempted.",
      status: 400,
    });
    expect((await describeSecret(arn)).RotationEnabled).toBeUndefined();
    await sm.send(
      new UpdateSecretVersionStageCommand({
        SecretId: arn,
        VersionStage: 'AWSPENDING',
        RemoveFromVersionId: pending.VersionId,
      }),
    );
    const r = await sm.send(
      new RotateSecretCommand({
        SecretId: arn,
        RotationLambdaARN: fnArn,
        RotationRules: { AutomaticallyAfterDays: 2 },
      }),
    );
    await succeeded(r.VersionId!);
  });

  it('with RotateImmediately=false only tests the function and sets the schedule (100)', async () => {
    const arn = await create('rot/test-only');
    const before = await describeSecret(arn);
    const r = await sm.send(
      new RotateSecretCommand({
        SecretId: arn,
        RotationLambdaARN: fnArn,
        RotationRules: { ScheduleExpression: 'cron(0 16 ? * MON-FRI *)', Duration: '2h' },
        RotateImmediately: false,
      }),
    );
    const token = r.VersionId!;
    await waitFor(() => eventNames(server, token).includes('TestRotationSucceeded'));
    expect(eventNames(server, token)).toEqual(['TestRotationStarted', 'TestRotationSucceeded']);
    expect(hook.steps(token)).toEqual(['testSecret']);
    const after = await describeSecret(arn);
    expect(after.VersionIdsToStages).toEqual(before.VersionIdsToStages);
    expect(after.RotationEnabled).toBe(true);
    expect(after.RotationRules).toEqual({
      AutomaticallyAfterDays: 1,
      ScheduleExpression: 'cron(0 16 ? * MON-FRI *)',
      Duration: '2h',
    });
    expect(after.LastRotatedDate).toBeUndefined();
    expect(after.NextRotationDate!.toISOString()).toMatch(/T17:59:59\.000Z$/);
    expect([1, 2, 3, 4, 5]).toContain(after.NextRotationDate!.getUTCDay()); // JS: 1 = Monday
  });

  it('cancels: RotationEnabled=false with the configuration kept; RotateSecret without ARN re-enables (107)', async () => {
    const arn = await create('rot/cancel');
    const first = await sm.send(
      new RotateSecretCommand({
        SecretId: arn,
        RotationLambdaARN: fnArn,
        RotationRules: { AutomaticallyAfterDays: 30 },
      }),
    );
    await succeeded(first.VersionId!);
    const c = await sm.send(new CancelRotateSecretCommand({ SecretId: arn }));
    expect(c.ARN).toBe(arn);
    expect(c.Name).toBe('rot/cancel');
    expect(c.VersionId).toBeUndefined();
    const off = await describeSecret(arn);
    expect(off.RotationEnabled).toBe(false);
    expect(off.RotationLambdaARN).toBe(fnArn);
    expect(off.RotationRules).toEqual({ AutomaticallyAfterDays: 30 });
    expect(off.NextRotationDate).toBeUndefined();
    expect(off.LastRotatedDate).toBeInstanceOf(Date);
    const again = await sm.send(new RotateSecretCommand({ SecretId: arn }));
    await succeeded(again.VersionId!);
    const on = await describeSecret(arn);
    expect(on.RotationEnabled).toBe(true);
    expect(on.RotationRules).toEqual({ AutomaticallyAfterDays: 30 });
    expect(on.NextRotationDate).toBeInstanceOf(Date);
  });

  it('refuses CancelRotateSecret on a secret that never had rotation', async () => {
    const arn = await create('rot/never');
    const err = await awsError(sm.send(new CancelRotateSecretCommand({ SecretId: arn })));
    expect(err.name).toBe('InvalidRequestException');
  });

  it('refuses schedules AWS refuses, with its messages', async () => {
    const arn = await create('rot/bad-schedule');
    const rotate = (RotationRules: Record<string, unknown>) =>
      awsError(sm.send(new RotateSecretCommand({ SecretId: arn, RotationLambdaARN: fnArn, RotationRules })));
    expect(await rotate({ ScheduleExpression: 'rate(3 hours)' })).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Rate in hour should be least 4 and less than 24.',
    });
    expect(await rotate({ ScheduleExpression: 'cron(30 8 * * ? *)' })).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid schedule expression.',
    });
    expect(await rotate({ AutomaticallyAfterDays: 3, ScheduleExpression: 'rate(3 days)' })).toMatchObject({
      message: 'You cannot specify both rotation frequency and schedule expression together.',
    });
    expect(await rotate({ ScheduleExpression: 'cron(0 22 * * ? *)', Duration: '3h' })).toMatchObject({
      message: 'Starting hour and duration must be within a day.',
    });
    expect(await rotate({ AutomaticallyAfterDays: 1001 })).toMatchObject({ name: 'ValidationException' });
    expect((await describeSecret(arn)).RotationEnabled).toBeUndefined();
  });
});
