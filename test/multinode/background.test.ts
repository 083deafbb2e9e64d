import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  RotateSecretCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerFunction } from '../../src/cli/functions-register.js';
import { awsError, type RunningServer } from '../helpers/server.js';
import { type RotationEvent, startWebhook, templateStep } from '../rotation/helpers.js';
import { type Cluster, eventually, loggedEvents, startCluster } from './cluster.js';

/**
 * Background work on two nodes of one database runs once: every job is claimed under a lease
 * (rotation runs and replication jobs with FOR UPDATE SKIP LOCKED, scheduled rotations by a
 * compare-and-set on the due time, purges by moving the deletion date under the secret's lock),
 * and the job of a node that died is taken over when its lease runs out.
 */
let cluster: Cluster;
let nodeA: RunningServer;
let nodeB: RunningServer;
let a: SecretsManagerClient;
let b: SecretsManagerClient;

beforeAll(async () => {
  cluster = await startCluster(2, {
    STRONGROOM_PURGE_INTERVAL_MS: '100',
    STRONGROOM_REPLICATION_INTERVAL_MS: '100',
    STRONGROOM_ROTATION_TICK_MS: '200',
    STRONGROOM_ROTATION_LEASE_MS: '1000',
  });
  [nodeA, nodeB] = cluster.nodes as [RunningServer, RunningServer];
  a = nodeA.client();
  b = nodeB.client();
});

afterAll(async () => {
  await cluster?.stop();
});

const bothNodes = () => [...loggedEvents(nodeA), ...loggedEvents(nodeB)];
/** Events of both nodes with this name about this secret (and token, if given). */
const count = (eventName: string, secretArn: string, token?: string) =>
  bothNodes().filter(
    (e) => e.eventName === eventName && e.secretArn === secretArn && (token === undefined || e.token === token),
  ).length;

/** Registers a webhook rotation function in the shared database, as `strongroom functions add` does. */
async function webhookFunction(name: string, url: string): Promise<{ arn: string; signingKey: string }> {
  const store = await cluster.openStore();
  const accountId = (await store.getMeta('default_account_id'))!;
  const r = await registerFunction(
    store,
    Buffer.from(cluster.rootKey, 'hex'),
    { name, kind: 'webhook', target: url, timeoutMs: 3000, accountId, region: 'us-east-1' },
    Date.now(),
  );
  return { arn: r.arn, signingKey: r.signingKey!.toString('hex') };
}

describe('purging secrets past their recovery window', () => {
  it('purges each due secret once, with one Start and one End event per version, whichever node finds it', async () => {
    const secrets: string[] = [];
    for (let i = 0; i < 12; i++) {
      const sm = i % 2 ? a : b;
      const arn = (await sm.send(new CreateSecretCommand({ Name: `purge/s${i}`, SecretString: `v${i}` }))).ARN!;
      await sm.send(new DeleteSecretCommand({ SecretId: arn, RecoveryWindowInDays: 7 }));
      secrets.push(arn);
    }
    // The recovery window is over (days cannot pass in a test): due now for both nodes at once.
    await cluster.db.query('UPDATE secrets SET deletion_date = $1 WHERE arn = ANY ($2)', [Date.now() - 1, secrets]);
    for (const arn of secrets) {
      await eventually(async () => count('EndSecretVersionDelete', arn) > 0);
      expect((await awsError(a.send(new DescribeSecretCommand({ SecretId: arn })))).name).toBe(
        'ResourceNotFoundException',
      );
    }
    for (const arn of secrets) {
      expect(count('StartSecretVersionDelete', arn)).toBe(1);
      expect(count('EndSecretVersionDelete', arn)).toBe(1);
    }
  });

  it('purges a secret a dead node had claimed, once the claim has run out', async () => {
    const arn = (await a.send(new CreateSecretCommand({ Name: 'purge/claimed', SecretString: 'v' }))).ARN!;
    await a.send(new DeleteSecretCommand({ SecretId: arn, RecoveryWindowInDays: 7 }));
    // What a node leaves behind when it dies right after claiming: the deletion date moved to
    // the end of its lease.
    await cluster.db.query('UPDATE secrets SET deletion_date = $1 WHERE arn = $2', [Date.now() + 1500, arn]);
    await eventually(async () => count('EndSecretVersionDelete', arn) > 0);
    expect(count('StartSecretVersionDelete', arn)).toBe(1);
    expect(count('EndSecretVersionDelete', arn)).toBe(1);
  });
});

describe('replication jobs', () => {
  it('syncs each new replica once although both nodes poll the outbox', async () => {
    const replicas: string[] = [];
    for (let i = 0; i < 10; i++) {
      const sm = i % 2 ? a : b;
      const arn = (
        await sm.send(
          new CreateSecretCommand({
            Name: `repl/s${i}`,
            SecretString: `v${i}`,
            AddReplicaRegions: [{ Region: 'eu-west-1' }],
          }),
        )
      ).ARN!;
      replicas.push(arn.replace(':us-east-1:', ':eu-west-1:'));
    }
    for (const arn of replicas) {
      await eventually(async () => count('ReplicationSucceeded', arn) > 0);
    }
    for (const arn of replicas) {
      expect(count('ReplicationStarted', arn)).toBe(1);
      expect(count('ReplicationSucceeded', arn)).toBe(1);
    }
  });

  it('syncs a job a dead node had claimed, once its lease has run out', async () => {
    // What a node leaves behind when it dies mid-job: the job leased to it until some time ahead.
    await cluster.db.query(`
      CREATE FUNCTION test_dead_claim() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.lease_until := (extract(epoch FROM clock_timestamp()) * 1000)::bigint + 1500;
        NEW.attempts := 1;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_dead_claim BEFORE INSERT ON replication_jobs FOR EACH ROW EXECUTE FUNCTION test_dead_claim();`);
    try {
      const arn = (
        await a.send(
          new CreateSecretCommand({
            Name: 'repl/claimed',
            SecretString: 'v',
            AddReplicaRegions: [{ Region: 'eu-west-1' }],
          }),
        )
      ).ARN!;
      const replica = arn.replace(':us-east-1:', ':eu-west-1:');
      await eventually(async () => count('ReplicationSucceeded', replica) > 0);
      expect(count('ReplicationStarted', replica)).toBe(1);
      expect(count('ReplicationSucceeded', replica)).toBe(1);
    } finally {
      await cluster.db.query('DROP TRIGGER test_dead_claim ON replication_jobs; DROP FUNCTION test_dead_claim()');
    }
  });
});

describe('rotation', () => {
  it('runs a rotation that falls due on its schedule exactly once with both nodes running', async () => {
    const hook = await startWebhook((e) => templateStep(a, e));
    try {
      const fn = await webhookFunction('scheduled', hook.url);
      hook.setKey(fn.signingKey);
      const arns: string[] = [];
      for (let i = 0; i < 4; i++) {
        const arn = (await a.send(new CreateSecretCommand({ Name: `rot/sched-${i}`, SecretString: 'v0' }))).ARN!;
        await a.send(
          new RotateSecretCommand({
            SecretId: arn,
            RotationLambdaARN: fn.arn,
            RotationRules: { ScheduleExpression: 'rate(1 day)' },
            RotateImmediately: false,
          }),
        );
        arns.push(arn);
      }
      // RotateImmediately=false tested the function: let those runs end (a secret runs one at a time).
      await eventually(async () => {
        const running = await cluster.db.query(
          "SELECT count(*)::int AS n FROM rotation_runs r JOIN secrets s ON s.id = r.secret_id WHERE s.arn = ANY ($1) AND r.status = 'running'",
          [arns],
        );
        return running.rows[0].n === 0;
      });
      // Today's window is open (days cannot pass in a test): both schedulers see it due at once.
      const today = Math.floor(Date.now() / 86_400_000) * 86_400_000;
      await cluster.db.query('UPDATE secrets SET rotation_due_at = $1 WHERE arn = ANY ($2)', [today, arns]);
      const scheduledOf = (arn: string) =>
        hook.received.filter((e: RotationEvent) => e.SecretId === arn && e.Step === 'createSecret');
      for (const arn of arns) {
        await eventually(async () =>
          scheduledOf(arn).some((e) => count('RotationSucceeded', arn, e.ClientRequestToken)),
        );
      }
      for (const arn of arns) {
        const scheduled = scheduledOf(arn);
        expect(scheduled).toHaveLength(1);
        const token = scheduled[0]!.ClientRequestToken;
        expect(hook.steps(token)).toEqual(['createSecret', 'setSecret', 'testSecret', 'finishSecret']);
        expect(count('RotationStarted', arn, token)).toBe(1);
        expect(count('RotationSucceeded', arn, token)).toBe(1);
        const runs = await cluster.db.query(
          "SELECT r.status FROM rotation_runs r JOIN secrets s ON s.id = r.secret_id WHERE s.arn = $1 AND r.kind = 'rotate'",
          [arn],
        );
        expect(runs.rows).toEqual([{ status: 'succeeded' }]);
        const d = await b.send(new DescribeSecretCommand({ SecretId: arn }));
        expect(d.VersionIdsToStages?.[token]).toEqual(['AWSCURRENT']);
      }
    } finally {
      await hook.close();
    }
  });

  it('takes over the rotation of a node killed mid-step once its lease runs out, and finishes it once', async () => {
    let survivor: SecretsManagerClient | undefined;
    let arrived!: () => void;
    const firstCall = new Promise<void>((r) => {
      arrived = r;
    });
    const hook = await startWebhook(async (e) => {
      if (!survivor) {
        // The node running the rotation is killed while it waits for this step.
        arrived();
        await new Promise(() => {});
      }
      await templateStep(survivor!, e);
    });
    try {
      const fn = await webhookFunction('killed', hook.url);
      hook.setKey(fn.signingKey);
      const arn = (await a.send(new CreateSecretCommand({ Name: 'rot/killed', SecretString: 'v0' }))).ARN!;
      const before = (await a.send(new GetSecretValueCommand({ SecretId: arn }))).VersionId;
      const { VersionId: token } = await a.send(
        new RotateSecretCommand({ SecretId: arn, RotationLambdaARN: fn.arn, RotateImmediately: true }),
      );
      await firstCall;
      const owner = (
        await cluster.db.query(
          "SELECT r.lease_owner FROM rotation_runs r JOIN secrets s ON s.id = r.secret_id WHERE s.arn = $1 AND r.status = 'running'",
          [arn],
        )
      ).rows[0]?.lease_owner as string;
      expect(['node-1', 'node-2']).toContain(owner);
      const [victim, other] = owner === 'node-1' ? [nodeA, nodeB] : [nodeB, nodeA];
      survivor = other === nodeA ? a : b;
      expect(await victim.stop('SIGKILL')).toBe('SIGKILL');

      await eventually(async () => count('RotationSucceeded', arn, token) > 0, 30_000);
      const d = await survivor.send(new DescribeSecretCommand({ SecretId: arn }));
      expect(d.VersionIdsToStages).toEqual({ [token!]: ['AWSCURRENT'], [before!]: ['AWSPREVIOUS'] });
      // The killed node's createSecret never answered; the survivor redid it, then the rest once.
      expect(hook.steps(token)).toEqual(['createSecret', 'createSecret', 'setSecret', 'testSecret', 'finishSecret']);
      const runs = await cluster.db.query(
        'SELECT r.status, r.lease_owner FROM rotation_runs r JOIN secrets s ON s.id = r.secret_id WHERE s.arn = $1',
        [arn],
      );
      expect(runs.rows).toEqual([{ status: 'succeeded', lease_owner: null }]);
      expect(
        loggedEvents(other).filter((e) => e.eventName === 'RotationSucceeded' && e.secretArn === arn),
      ).toHaveLength(1);
    } finally {
      await hook.close();
    }
  });
});
