import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { adminOnly } from '../../src/app/authorize.js';
import type { Principal, RequestContext } from '../../src/app/context.js';
import type { ServiceEvent } from '../../src/app/events.js';
import { rotationRuntime } from '../../src/app/rotation/wiring.js';
import { createRotationWorker, type RotationWorker } from '../../src/app/rotation/worker.js';
import type { SecretsDeps } from '../../src/app/secrets/deps.js';
import { createAppServices } from '../../src/app/wire.js';
import { registerFunction } from '../../src/cli/functions-register.js';
import { createKeyring } from '../../src/crypto/keyring.js';
import { ServiceError } from '../../src/domain/errors.js';
import { manualClock } from '../../src/lib/clock.js';
import { randomIds } from '../../src/lib/ids.js';
import { silentLogger } from '../../src/lib/json-log.js';
import { Sensitive } from '../../src/lib/sensitive.js';
import type { Store } from '../../src/storage/ports.js';
import { openSqliteStore } from '../../src/storage/sqlite/open-sqlite.js';
import { type RotationEvent, startWebhook } from './helpers.js';

/**
 * The engine in process, over a real store and real app services, with a clock the test moves:
 * when scheduled rotations start (105), what a manual write does to the schedule (106), leases
 * between nodes, idempotent RotateSecret, cancelling a rotation that waits for a retry.
 */
const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const T0 = Date.parse('2025-01-01T12:00:00Z');
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

const admin: Principal = {
  accountId: ACCOUNT,
  arn: `arn:aws:iam::${ACCOUNT}:user/admin`,
  type: 'IAMUser',
  userName: 'admin',
  accessKeyId: 'AKIAENGINETESTENGINE',
  isAdmin: true,
};

type Node = { app: ReturnType<typeof createAppServices>; worker: RotationWorker };

let store: Store;
let rootKey: Buffer;
let deps: SecretsDeps;
let clock: ReturnType<typeof manualClock>;
let events: ServiceEvent[];
let hook: Awaited<ReturnType<typeof startWebhook>>;
let fnArn: string;
let failSet: boolean;
const nodes: Node[] = [];

const ctx = (now = clock.now()): RequestContext => ({
  principal: admin,
  region: REGION,
  requestId: randomUUID(),
  sourceIp: '127.0.0.1',
  secureTransport: true,
  now,
});

function node(nodeId: string): Node {
  const rt = rotationRuntime({
    store,
    rootKey,
    executionRole: () => Promise.reject(new Error('webhooks only here')),
    endpointUrl: () => '',
    events: { emit: async (e) => void events.push(e) },
    settings: { nodeId, leaseMs: 60_000, retryBaseMs: 60_000, retryMaxMs: 600_000, tickMs: 3_600_000 },
    clock,
    log: silentLogger,
  });
  const app = createAppServices(deps, rt.wiring);
  const worker = createRotationWorker(app.rotation.deps, rt.shutdown);
  rt.attach(worker);
  const n = { app, worker };
  nodes.push(n);
  return n;
}

/** The generic template's steps over the in-process services (what the webhook function does). */
async function step(app: Node['app'], e: RotationEvent): Promise<void> {
  const { secret, versionStages } = await app.secrets.describeSecret(ctx(), e.SecretId);
  const stages = versionStages.get(e.ClientRequestToken) ?? [];
  if (stages.includes('AWSCURRENT')) return;
  if (e.Step === 'createSecret') {
    await app.secrets.putSecretValue(ctx(), {
      secretId: secret.arn,
      token: e.ClientRequestToken,
      value: { string: new Sensitive(`rotated-${e.ClientRequestToken}`) },
      stages: ['AWSPENDING'],
      rotationToken: e.RotationToken,
    });
  } else if (e.Step === 'setSecret' && failSet) {
    throw new Error('refused');
  } else if (e.Step === 'finishSecret') {
    const current = [...versionStages].find(([, s]) => s.includes('AWSCURRENT'))?.[0];
    await app.secrets.updateSecretVersionStage(ctx(), {
      secretId: secret.arn,
      stage: 'AWSCURRENT',
      moveTo: e.ClientRequestToken,
      removeFrom: current,
    });
  }
}

beforeEach(async () => {
  store = await openSqliteStore({ path: ':memory:' });
  rootKey = randomBytes(32);
  clock = manualClock(T0);
  deps = { store, keyring: createKeyring(rootKey, store, clock), authorize: adminOnly, ids: randomIds };
  events = [];
  failSet = false;
  const first = node('node-a');
  hook = await startWebhook((e) => step(first.app, e));
  const signingKey = randomBytes(32);
  hook.setKey(signingKey.toString('hex'));
  fnArn = (
    await registerFunction(
      store,
      rootKey,
      {
        name: 'hook',
        kind: 'webhook',
        target: hook.url,
        timeoutMs: 10_000,
        accountId: ACCOUNT,
        region: REGION,
        signingKey,
      },
      T0,
    )
  ).arn;
});

afterEach(async () => {
  for (const n of nodes.splice(0)) await n.worker.stop();
  await hook.close();
  await store.close();
});

async function tickAt(when: string, ...which: Node[]) {
  clock.set(at(when));
  const ws = which.length ? which : [nodes[0]!];
  await Promise.all(ws.map((n) => n.worker.tick()));
  for (const n of ws) await n.worker.idle();
}

async function createSecret(name: string) {
  return nodes[0]!.app.secrets.createSecret(ctx(), {
    name,
    token: randomUUID(),
    value: { string: new Sensitive('v1') },
  });
}

const describeNow = async (id: string) => (await nodes[0]!.app.secrets.describeSecret(ctx(), id)).secret;
const names = (token?: string) =>
  events.filter((e) => token === undefined || e.token === token).map((e) => e.eventName);

describe('the scheduler (105)', () => {
  it('starts a scheduled rotation only once its window has opened, and plans the next one', async () => {
    const { arn } = await createSecret('engine/days');
    const a = nodes[0]!;
    await a.app.rotation.rotateSecret(ctx(), {
      secretId: arn,
      token: randomUUID(),
      lambdaArn: fnArn,
      rules: { AutomaticallyAfterDays: 2 },
      rotateImmediately: false,
    });
    expect(iso((await describeNow(arn)).nextRotationAt)).toBe('2025-01-03T23:59:59.000Z');
    await tickAt('2025-01-01T12:00:01Z');
    expect(names()).toEqual(['TestRotationStarted', 'TestRotationSucceeded']);

    await tickAt('2025-01-02T23:59:59Z');
    expect(names()).not.toContain('RotationStarted');

    await tickAt('2025-01-03T00:00:05Z');
    const started = events.find((e) => e.eventName === 'RotationStarted')!;
    expect(iso(started.at)).toBe('2025-01-03T00:00:05.000Z');
    expect(names(started.token)).toEqual(['RotationStarted', 'RotationSucceeded']);
    const after = await describeNow(arn);
    expect(iso(after.lastRotatedAt)).toBe('2025-01-03T00:00:05.000Z');
    expect(iso(after.nextRotationAt)).toBe('2025-01-05T23:59:59.000Z');
  });

  it('lets a window missed while down go, and takes the next one', async () => {
    const { arn } = await createSecret('engine/missed');
    await nodes[0]!.app.rotation.rotateSecret(ctx(), {
      secretId: arn,
      token: randomUUID(),
      lambdaArn: fnArn,
      rules: { ScheduleExpression: 'cron(0 10 * * ? *)', Duration: '2h' },
      rotateImmediately: false,
    });
    await tickAt('2025-01-01T12:00:01Z'); // the function test
    expect(iso((await describeNow(arn)).nextRotationAt)).toBe('2025-01-02T11:59:59.000Z');
    await tickAt('2025-01-02T13:00:00Z');
    expect(names()).not.toContain('RotationStarted');
    expect(iso((await describeNow(arn)).nextRotationAt)).toBe('2025-01-03T11:59:59.000Z');
    await tickAt('2025-01-03T10:30:00Z');
    expect(names()).toContain('RotationSucceeded');
  });

  it('starts a due rotation on one node only, however many nodes tick', async () => {
    const { arn } = await createSecret('engine/two-nodes');
    const b = node('node-b');
    await nodes[0]!.app.rotation.rotateSecret(ctx(), {
      secretId: arn,
      token: randomUUID(),
      lambdaArn: fnArn,
      rules: { ScheduleExpression: 'rate(4 hours)' },
      rotateImmediately: false,
    });
    await tickAt('2025-01-01T12:00:01Z', nodes[0]!, b);
    expect(names().filter((n) => n === 'TestRotationStarted')).toHaveLength(1);
    await tickAt('2025-01-01T16:00:01Z', nodes[0]!, b);
    expect(names().filter((n) => n === 'RotationStarted')).toHaveLength(1);
    expect(names().filter((n) => n === 'RotationSucceeded')).toHaveLength(1);
  });
});

describe('manual writes and the schedule (106)', () => {
  it('counts an interval schedule from a manual PutSecretValue, without touching LastRotatedDate', async () => {
    const { arn } = await createSecret('engine/manual');
    const a = nodes[0]!;
    await a.app.rotation.rotateSecret(ctx(), {
      secretId: arn,
      token: randomUUID(),
      lambdaArn: fnArn,
      rules: { AutomaticallyAfterDays: 3 },
      rotateImmediately: false,
    });
    await tickAt('2025-01-01T12:00:01Z');
    expect(iso((await describeNow(arn)).nextRotationAt)).toBe('2025-01-04T23:59:59.000Z');
    clock.set(at('2025-01-02T10:00:00Z'));
    await a.app.secrets.putSecretValue(ctx(), {
      secretId: arn,
      token: randomUUID(),
      value: { string: new Sensitive('by hand') },
    });
    const after = await describeNow(arn);
    expect(iso(after.nextRotationAt)).toBe('2025-01-05T23:59:59.000Z');
    expect(after.lastRotatedAt).toBeUndefined();
    // A write under a custom label is not a new current value: nothing moves.
    clock.set(at('2025-01-03T10:00:00Z'));
    await a.app.secrets.putSecretValue(ctx(), {
      secretId: arn,
      token: randomUUID(),
      value: { string: new Sensitive('staged') },
      stages: ['STAGED'],
    });
    expect(iso((await describeNow(arn)).nextRotationAt)).toBe('2025-01-05T23:59:59.000Z');
  });

  it('leaves a cron schedule where it is', async () => {
    const { arn } = await createSecret('engine/manual-cron');
    const a = nodes[0]!;
    await a.app.rotation.rotateSecret(ctx(), {
      secretId: arn,
      token: randomUUID(),
      lambdaArn: fnArn,
      rules: { ScheduleExpression: 'cron(0 8 1 * ? *)' },
      rotateImmediately: false,
    });
    const before = (await describeNow(arn)).nextRotationAt;
    clock.set(at('2025-01-20T10:00:00Z'));
    await a.app.secrets.updateSecret(ctx(), {
      secretId: arn,
      token: randomUUID(),
      value: { string: new Sensitive('x') },
    });
    expect((await describeNow(arn)).nextRotationAt).toBe(before);
  });
});

describe('RotateSecret and CancelRotateSecret', () => {
  it('is idempotent for a repeated ClientRequestToken: one version, one run', async () => {
    const { arn } = await createSecret('engine/idempotent');
    const a = nodes[0]!;
    const token = randomUUID();
    const c = { secretId: arn, token, lambdaArn: fnArn, rules: { AutomaticallyAfterDays: 5 } };
    expect((await a.app.rotation.rotateSecret(ctx(), c)).versionId).toBe(token);
    expect((await a.app.rotation.rotateSecret(ctx(), c)).versionId).toBe(token);
    expect(await store.listRotationRuns((await describeNow(arn)).id, 10)).toHaveLength(1);
    await tickAt('2025-01-01T12:00:01Z');
    expect(names(token)).toEqual(['RotationStarted', 'RotationSucceeded']);
    expect((await a.app.rotation.rotateSecret(ctx(), c)).versionId).toBe(token);
    await tickAt('2025-01-01T12:00:02Z');
    expect(names(token)).toEqual(['RotationStarted', 'RotationSucceeded']);
  });

  it('accepts the built-in rotators by name in any account, and refuses unknown names', async () => {
    const { arn } = await createSecret('engine/builtin');
    const a = nodes[0]!;
    await a.app.rotation.rotateSecret(ctx(), {
      secretId: arn,
      token: randomUUID(),
      lambdaArn: 'strongroom-postgres-single-user',
      rules: { AutomaticallyAfterDays: 30 },
      rotateImmediately: false,
    });
    expect((await describeNow(arn)).rotationLambdaArn).toBe(
      `arn:aws:lambda:${REGION}:${ACCOUNT}:function:strongroom-postgres-single-user`,
    );
    await a.app.rotation.cancelRotateSecret(ctx(), arn);
    await a.app.rotation.rotateSecret(ctx(), {
      secretId: arn,
      token: randomUUID(),
      lambdaArn: 'arn:aws:lambda:eu-west-1:999999999999:function:strongroom-mysql-alternating-users',
      rotateImmediately: false,
    });
    const err = await a.app.rotation
      .rotateSecret(ctx(), { secretId: arn, token: randomUUID(), lambdaArn: 'strongroom-oracle-single-user' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceError);
    expect((err as ServiceError).code).toBe('AccessDeniedException');
  });

  it('cancels a rotation waiting for a retry: the run stops, AWSPENDING stays and is returned', async () => {
    failSet = true;
    const { arn } = await createSecret('engine/cancel-running');
    const a = nodes[0]!;
    const token = randomUUID();
    await a.app.rotation.rotateSecret(ctx(), {
      secretId: arn,
      token,
      lambdaArn: fnArn,
      rules: { AutomaticallyAfterDays: 5 },
    });
    await tickAt('2025-01-01T12:00:01Z');
    expect(names(token)).toEqual(['RotationStarted', 'RotationFailed']);
    const r = await a.app.rotation.cancelRotateSecret(ctx(), arn);
    expect(r.versionId).toBe(token);
    failSet = false;
    await tickAt('2025-01-02T12:00:00Z');
    expect(names(token)).toEqual(['RotationStarted', 'RotationFailed']);
    const d = await a.app.secrets.describeSecret(ctx(), arn);
    expect(d.secret.rotationEnabled).toBe(false);
    expect(d.versionStages.get(token)).toEqual(['AWSPENDING']);
    const runs = await store.listRotationRuns(d.secret.id, 10);
    expect(runs.map((run) => [run.status, run.lastError])).toEqual([
      ['cancelled', 'setSecret: webhook answered HTTP 500'],
    ]);
  });
});
