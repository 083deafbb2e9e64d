import {
  CreateSecretCommand,
  DescribeSecretCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, type RunningServer, removeDir, startServer, tempDir } from '../helpers/server.js';
import { addFunction, eventsOf, startWebhook, templateStep, waitFor } from './helpers.js';

/**
 * The scheduler in a real dev-mode server: dev mode lowers the minimum interval to one minute,
 * so rate(1 minute) is accepted and rotates when its window opens (the scheduler ticks fast).
 */
let server: RunningServer;
let sm: SecretsManagerClient;
let hook: Awaited<ReturnType<typeof startWebhook>>;
let fnArn: string;
const dataDir = tempDir();

beforeAll(async () => {
  server = await startServer({ mode: 'dev', dataDir, env: { STRONGROOM_ROTATION_TICK_MS: '200' } });
  sm = server.client();
  hook = await startWebhook((e) => templateStep(sm, e));
  const fn = await addFunction(dataDir, 'every-minute', ['--webhook', hook.url]);
  hook.setKey(fn.signingKey!);
  fnArn = fn.arn;
});

afterAll(async () => {
  await server?.stop();
  await hook?.close();
  removeDir(dataDir);
});

describe('scheduled rotation', () => {
  it('rotates a rate(1 minute) schedule when its window opens, in dev mode', { timeout: 120_000 }, async () => {
    const arn = (await sm.send(new CreateSecretCommand({ Name: 'sched/minute', SecretString: 'v0' }))).ARN!;
    const r = await sm.send(
      new RotateSecretCommand({
        SecretId: arn,
        RotationLambdaARN: fnArn,
        RotationRules: { ScheduleExpression: 'rate(1 minute)' },
        RotateImmediately: false,
      }),
    );
    const configured = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
    // A one-minute window: NextRotationDate is its last second, on the next minute boundary + 59 s.
    const next = configured.NextRotationDate!.getTime();
    expect(next % 60_000).toBe(59_000);
    const windowStart = next - 59_000;

    const scheduled = await waitFor(
      () =>
        eventsOf(server).find(
          (e) => e.eventName === 'RotationSucceeded' && e.secretArn === arn && e.token !== r.VersionId,
        ),
      90_000,
    );
    const started = eventsOf(server, scheduled.token).find((e) => e.eventName === 'RotationStarted') as unknown as {
      at: string;
    };
    const at = Date.parse(started.at);
    expect(at).toBeGreaterThanOrEqual(windowStart);
    expect(at).toBeLessThan(windowStart + 60_000);
    expect(hook.steps(scheduled.token)).toEqual(['createSecret', 'setSecret', 'testSecret', 'finishSecret']);
    const after = await sm.send(new DescribeSecretCommand({ SecretId: arn }));
    expect(after.VersionIdsToStages?.[scheduled.token!]).toEqual(['AWSCURRENT']);
    expect(after.NextRotationDate!.getTime()).toBeGreaterThan(next);
  });

  it('still refuses what is below the dev minimum', async () => {
    const arn = (await sm.send(new CreateSecretCommand({ Name: 'sched/too-fast', SecretString: 'v0' }))).ARN!;
    const err = await awsError(
      sm.send(
        new RotateSecretCommand({
          SecretId: arn,
          RotationLambdaARN: fnArn,
          RotationRules: { ScheduleExpression: 'rate(0 minutes)' },
        }),
      ),
    );
    expect(err).toMatchObject({
      name: 'InvalidParameterException',
      message: 'Rate in minute should be least 1 and less than 60.',
    });
  });
});
