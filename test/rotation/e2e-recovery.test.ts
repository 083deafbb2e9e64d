import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { awsError, type RunningServer, removeDir, startServer, tempDir } from '../helpers/server.js';
import {
  addFunction,
  eventNames,
  eventsOf,
  gate,
  type RotationEvent,
  startWebhook,
  templateStep,
  waitFor,
} from './helpers.js';

/**
 * What goes wrong during a rotation: a failing step (96: retried with the same token, AWSPENDING
 * kept, fixed later), a write that abandons it (98), a RotationToken that does not match, and a
 * server killed between setSecret and testSecret that finishes after restart (the write-ahead
 * record).
 */
const FAST = {
  STRONGROOM_ROTATION_TICK_MS: '200',
  STRONGROOM_ROTATION_RETRY_BASE_MS: '300',
  STRONGROOM_ROTATION_RETRY_MAX_MS: '600',
  STRONGROOM_ROTATION_MAX_ATTEMPTS: '50',
};

let server: RunningServer;
let sm: SecretsManagerClient;
let hook: Awaited<ReturnType<typeof startWebhook>>;
let fnArn: string;
const hooks: Record<string, (e: RotationEvent) => Promise<void>> = {};

beforeAll(async () => {
  server = await startServer({ env: FAST });
  sm = server.client();
  hook = await startWebhook((e) => templateStep(sm, e, { [e.Step]: () => hooks[e.Step]?.(e) ?? Promise.resolve() }));
  const fn = await addFunction(server.dataDir!, 'flaky', ['--webhook', hook.url]);
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
  (await sm.send(new CreateSecretCommand({ Name: name, SecretString: `value-of-${name}` }))).ARN!;
const stagesOf = async (arn: string) =>
  (await sm.send(new DescribeSecretCommand({ SecretId: arn }))).VersionIdsToStages!;
const rotate = async (arn: string) =>
  (
    await sm.send(
      new RotateSecretCommand({
        SecretId: arn,
        RotationLambdaARN: fnArn,
        RotationRules: { AutomaticallyAfterDays: 1 },
      }),
    )
  ).VersionId!;

describe('rotation failures', () => {
  it('retries a failing rotation with the same token, keeps AWSPENDING, and succeeds once fixed (96)', async () => {
    const arn = await create('rec/flaky');
    const original = Object.keys(await stagesOf(arn))[0]!;
    let broken = true;
    hooks.setSecret = async () => {
      if (broken) throw new Error('target refused the new password');
    };
    const token = await rotate(arn);
    await waitFor(() => eventNames(server, token).filter((n) => n === 'RotationFailed').length >= 2);
    expect(hook.steps(token).filter((s) => s === 'createSecret').length).toBeGreaterThanOrEqual(2);
    expect(hook.steps(token)).not.toContain('testSecret');
    expect(new Set(hook.received.filter((e) => e.SecretId === arn).map((e) => e.ClientRequestToken))).toEqual(
      new Set([token]),
    );
    const during = await stagesOf(arn);
    expect(during[original]).toEqual(['AWSCURRENT']);
    expect(during[token]).toEqual(['AWSPENDING']);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe('value-of-rec/flaky');
    const failure = eventsOf(server, token).find((e) => e.eventName === 'RotationFailed')!;
    expect(failure.message).toBe('setSecret: webhook answered HTTP 500');

    broken = false;
    await waitFor(() => eventNames(server, token).includes('RotationSucceeded'));
    const names = eventNames(server, token);
    expect(names[0]).toBe('RotationStarted');
    expect(names.at(-1)).toBe('RotationSucceeded');
    expect(names.filter((n) => n === 'RotationStarted').length).toBe(
      names.filter((n) => n === 'RotationFailed').length + 1,
    );
    expect(await stagesOf(arn)).toEqual({ [token]: ['AWSCURRENT'], [original]: ['AWSPREVIOUS'] });
  });

  it('abandons the rotation when a PutSecretValue without VersionStages lands during it (98)', async () => {
    const arn = await create('rec/abandoned');
    const held = gate();
    const reached = gate();
    hooks.setSecret = async () => {
      reached.open();
      await held.promise;
    };
    const token = await rotate(arn);
    await reached.promise;
    const put = await sm.send(new PutSecretValueCommand({ SecretId: arn, SecretString: 'written by hand' }));
    await waitFor(() => eventNames(server, token).includes('RotationAbandoned'));
    held.open();
    const stages = await stagesOf(arn);
    expect(stages[put.VersionId!]).toEqual(['AWSCURRENT']);
    expect(Object.values(stages).flat()).not.toContain('AWSPENDING');
    // The run stops: the function is not asked for testSecret or finishSecret.
    await new Promise((r) => setTimeout(r, 1000));
    expect(hook.steps(token)).toEqual(['createSecret', 'setSecret']);
    expect(eventNames(server, token)).toEqual(['RotationStarted', 'RotationAbandoned']);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe('written by hand');
  });

  it('refuses a PutSecretValue whose RotationToken is not the running rotation’s', async () => {
    const arn = await create('rec/token');
    const held = gate();
    const reached = gate();
    hooks.createSecret = async () => {
      reached.open();
      await held.promise;
    };
    const token = await rotate(arn);
    await reached.promise;
    const wrong = await awsError(
      sm.send(
        new PutSecretValueCommand({
          SecretId: arn,
          ClientRequestToken: token,
          SecretString: 'forged',
          VersionStages: ['AWSPENDING'],
          RotationToken: '00000000-0000-4000-8000-000000000000',
        }),
      ),
    );
    expect(wrong).toEqual({
      name: 'InvalidRequestException',
      message: `Pending secret version ${token} for Secret ${arn} was not created by Lambda ${fnArn}. Remove the AWSPENDING staging label and restart rotation`,
      status: 400,
    });
    held.open();
    await waitFor(() => eventNames(server, token).includes('RotationSucceeded'));
    expect((await sm.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).not.toBe('forged');
  });
});

describe('crash recovery', () => {
  it('finishes a rotation killed between setSecret and testSecret after a restart, without redoing steps', async () => {
    const dataDir = tempDir();
    let first: RunningServer | undefined = await startServer({ dataDir, env: FAST });
    let second: RunningServer | undefined;
    const stuck = gate();
    const reachedTest = gate();
    let testCalls = 0;
    let client = first.client();
    const local = await startWebhook(async (e) => {
      if (e.Step === 'testSecret' && ++testCalls === 1) {
        reachedTest.open();
        await stuck.promise; // the server is killed while this step is in flight
      }
      await templateStep(client, e);
    });
    try {
      const fn = await addFunction(dataDir, 'crash', ['--webhook', local.url]);
      local.setKey(fn.signingKey!);
      const arn = (await client.send(new CreateSecretCommand({ Name: 'rec/crash', SecretString: 'v1' }))).ARN!;
      const token = (
        await client.send(
          new RotateSecretCommand({
            SecretId: arn,
            RotationLambdaARN: fn.arn,
            RotationRules: { AutomaticallyAfterDays: 5 },
          }),
        )
      ).VersionId!;
      await reachedTest.promise;
      expect(await first.stop('SIGKILL')).toBe('SIGKILL');
      first = undefined;

      second = await startServer({ dataDir, env: FAST });
      client = second.client();
      await waitFor(() => eventNames(second!, token).includes('RotationSucceeded'));
      expect(local.steps(token)).toEqual(['createSecret', 'setSecret', 'testSecret', 'testSecret', 'finishSecret']);
      expect(eventNames(second, token)).toEqual(['RotationSucceeded']);
      const d = await client.send(new DescribeSecretCommand({ SecretId: arn }));
      expect(d.VersionIdsToStages?.[token]).toEqual(['AWSCURRENT']);
      expect(d.LastRotatedDate).toBeInstanceOf(Date);
    } finally {
      stuck.open();
      await first?.stop('SIGKILL');
      await second?.stop();
      await local.close();
      removeDir(dataDir);
    }
  });
});
