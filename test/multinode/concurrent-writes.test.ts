import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  type ListSecretVersionIdsCommandOutput,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, type RunningServer } from '../helpers/server.js';
import { type Cluster, startCluster } from './cluster.js';

/**
 * Writers of one secret on two nodes of one PostgreSQL database keep every invariant: the row
 * lock (SELECT … FOR UPDATE) serialises them across nodes, and a ClientRequestToken is
 * idempotent whichever nodes the retries reach.
 */
let cluster: Cluster;
let a: SecretsManagerClient;
let b: SecretsManagerClient;

/** A client that retries what the server says is retryable (ServiceUnavailable), as SDKs do by default. */
const clientOf = (n: RunningServer) =>
  new SecretsManagerClient({ endpoint: n.endpoint, region: 'us-east-1', credentials: n.credentials, maxAttempts: 3 });

beforeAll(async () => {
  cluster = await startCluster(2, {
    // 200 writes of one secret queue behind each other: let them wait for the lock as long as
    // they need on a busy test machine (the default bound is 5 s), and let them all stay: the
    // 100-version quota of AWS would reject the 100th new version younger than a day.
    STRONGROOM_DB_STATEMENT_TIMEOUT_MS: '60000',
    STRONGROOM_MAX_VERSIONS_PER_SECRET: '1000',
  });
  [a, b] = cluster.nodes.map(clientOf) as [SecretsManagerClient, SecretsManagerClient];
});

afterAll(async () => {
  await cluster?.stop();
});

/** Records the order in which versions were inserted: under the secret's lock, the commit order. */
async function witnessCommitOrder(): Promise<void> {
  await cluster.db.query(`
    CREATE SEQUENCE test_witness_seq;
    CREATE TABLE test_witness (secret_id TEXT NOT NULL, version_id TEXT NOT NULL, seq BIGINT NOT NULL);
    CREATE FUNCTION test_witness() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO test_witness VALUES (NEW.secret_id, NEW.version_id, nextval('test_witness_seq'));
      RETURN NULL;
    END $$;
    CREATE TRIGGER test_witness AFTER INSERT ON secret_versions FOR EACH ROW EXECUTE FUNCTION test_witness();`);
}

/** Every version, page after page. */
async function allVersions(sm: SecretsManagerClient, arn: string) {
  const out: NonNullable<ListSecretVersionIdsCommandOutput['Versions']> = [];
  let NextToken: string | undefined;
  do {
    const page = await sm.send(new ListSecretVersionIdsCommand({ SecretId: arn, IncludeDeprecated: true, NextToken }));
    out.push(...(page.Versions ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return out;
}

describe('concurrent writes to one secret through two nodes', () => {
  it('200 PutSecretValue calls split across the nodes leave exactly 200 new versions and consistent labels', async () => {
    const arn = (await a.send(new CreateSecretCommand({ Name: 'multi/hot', SecretString: 'v-initial' }))).ARN!;
    await witnessCommitOrder();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2 === 0 ? a : b).send(
          new PutSecretValueCommand({ SecretId: arn, SecretString: `v-${i}`, ClientRequestToken: randomUUID() }),
        ),
      ),
    );
    const written = results.map((r) => r.VersionId!);
    expect(new Set(written).size).toBe(200);
    for (const r of results) expect(r.VersionStages).toEqual(['AWSCURRENT']);

    const versions = await allVersions(b, arn);
    expect(versions).toHaveLength(201);
    for (const id of written) expect(versions.some((v) => v.VersionId === id)).toBe(true);

    // Exactly one AWSCURRENT and one AWSPREVIOUS: on the last committed write and the one before it.
    const holders = (stage: string) => versions.filter((v) => v.VersionStages?.includes(stage)).map((v) => v.VersionId);
    const order = (
      await cluster.db.query(
        'SELECT w.version_id FROM test_witness w JOIN secrets s ON s.id = w.secret_id WHERE s.arn = $1 ORDER BY w.seq',
        [arn],
      )
    ).rows.map((r: { version_id: string }) => r.version_id);
    await cluster.db.query('DROP TRIGGER test_witness ON secret_versions');
    expect(order).toHaveLength(200);
    expect(new Set(order)).toEqual(new Set(written));
    expect(holders('AWSCURRENT')).toEqual([order[199]]);
    expect(holders('AWSPREVIOUS')).toEqual([order[198]]);
    expect(versions.filter((v) => (v.VersionStages ?? []).length > 0)).toHaveLength(2);

    // Each node reads the same current value, the one the last write put there.
    const last = written.indexOf(order[199]!);
    for (const sm of [a, b]) {
      expect((await sm.send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe(`v-${last}`);
    }
  });

  it('the same ClientRequestToken and value sent to both nodes at once makes one version, and both succeed', async () => {
    const arn = (await a.send(new CreateSecretCommand({ Name: 'multi/idempotent', SecretString: 'v0' }))).ARN!;
    for (let round = 0; round < 10; round++) {
      const token = randomUUID();
      const put = (sm: SecretsManagerClient) =>
        sm.send(new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: token, SecretString: `same-${round}` }));
      const [ra, rb] = await Promise.all([put(a), put(b)]);
      expect(ra.VersionId).toBe(token);
      expect(rb.VersionId).toBe(token);
      const got = await b.send(new GetSecretValueCommand({ SecretId: arn, VersionId: token }));
      expect(got.SecretString).toBe(`same-${round}`);
      expect(got.VersionStages).toEqual(['AWSCURRENT']);
    }
    const listed = await a.send(new ListSecretVersionIdsCommand({ SecretId: arn, IncludeDeprecated: true }));
    expect(listed.Versions).toHaveLength(11);
  });

  it('the same ClientRequestToken with two values: one node succeeds, the other gets ResourceExistsException', async () => {
    const arn = (await a.send(new CreateSecretCommand({ Name: 'multi/conflict', SecretString: 'v0' }))).ARN!;
    for (let round = 0; round < 10; round++) {
      const token = randomUUID();
      const outcomes = await Promise.allSettled([
        a.send(
          new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: token, SecretString: `from-a-${round}` }),
        ),
        b.send(
          new PutSecretValueCommand({ SecretId: arn, ClientRequestToken: token, SecretString: `from-b-${round}` }),
        ),
      ]);
      const won = outcomes.findIndex((o) => o.status === 'fulfilled');
      const lost = outcomes.findIndex((o) => o.status === 'rejected');
      expect(won).toBeGreaterThanOrEqual(0);
      expect(lost).toBeGreaterThanOrEqual(0);
      expect(await awsError(Promise.reject((outcomes[lost] as PromiseRejectedResult).reason))).toMatchObject({
        name: 'ResourceExistsException',
        message: "You can't modify an existing version, you can only create a new version.",
      });
      const stored = await a.send(new GetSecretValueCommand({ SecretId: arn, VersionId: token }));
      expect(stored.SecretString).toBe(`from-${won === 0 ? 'a' : 'b'}-${round}`);
    }
  });

  it('CreateSecret raced on both nodes: the same token and value succeed twice with one secret; another value fails', async () => {
    for (let round = 0; round < 10; round++) {
      const token = randomUUID();
      const create = (sm: SecretsManagerClient, value: string) =>
        sm.send(
          new CreateSecretCommand({ Name: `multi/create-${round}`, ClientRequestToken: token, SecretString: value }),
        );
      const [ra, rb] = await Promise.all([create(a, 'same'), create(b, 'same')]);
      expect(ra.ARN).toBe(rb.ARN);
      expect(ra.VersionId).toBe(token);
      expect(rb.VersionId).toBe(token);
      const d = await b.send(new DescribeSecretCommand({ SecretId: ra.ARN }));
      expect(d.VersionIdsToStages).toEqual({ [token]: ['AWSCURRENT'] });

      const other = `multi/create-other-${round}`;
      const outcomes = await Promise.allSettled([
        a.send(new CreateSecretCommand({ Name: other, ClientRequestToken: token, SecretString: 'from-a' })),
        b.send(new CreateSecretCommand({ Name: other, ClientRequestToken: token, SecretString: 'from-b' })),
      ]);
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(lost.length, lost.map((o) => String(o.reason)).join('; ')).toBe(1);
      expect(await awsError(Promise.reject(lost[0]!.reason))).toMatchObject({
        name: 'ResourceExistsException',
        message: `The operation failed because the secret ${other} already exists.`,
      });
    }
  });
});
