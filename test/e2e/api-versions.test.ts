import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, type RunningServer, removeDir, startServer } from '../helpers/server.js';

/**
 * Names, addressing, versions, labels and idempotency beyond test/e2e/secrets-core.test.ts
 * (catalog §1-2; statements 1, 4, 10, 12, 13, 18, 20, 22, 24, 35, 36 and the LastChangedDate rules).
 */
let srv: RunningServer;
let sm: SecretsManagerClient;
const uniq = () => `v${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  srv = await startServer();
  sm = srv.client();
});
afterAll(async () => {
  await srv.stop();
  removeDir(srv.dataDir);
});

const stagesOf = async (id: string) =>
  (await sm.send(new DescribeSecretCommand({ SecretId: id }))).VersionIdsToStages ?? {};

describe('names and addressing', () => {
  it('refuses an empty name and a name with a space, and creates nothing (1)', async () => {
    const empty = await awsError(sm.send(new CreateSecretCommand({ Name: '', SecretString: 'x' })));
    expect(empty).toEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1",
      status: 400,
    });
    const name = `${uniq()} spaced`;
    expect((await awsError(sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' })))).name).toBe(
      'ValidationException',
    );
    const listed = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [name.split(' ')[0]!] }] }));
    expect(listed.SecretList).toEqual([]);
  });

  it('accepts every allowed character and a leading slash or digit (1)', async () => {
    for (const name of [`/${uniq()}/x`, `0/${uniq()}`, `${uniq()}_+=.@-/AZaz09`]) {
      const c = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
      expect(c.Name).toBe(name);
      expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('x');
    }
  });

  it('describes a secret by name, full ARN and partial ARN, all reporting one ARN (4)', async () => {
    const name = `d/${uniq()}`;
    const c = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v' }));
    for (const id of [name, c.ARN!, c.ARN!.slice(0, -7)]) {
      const d = await sm.send(new DescribeSecretCommand({ SecretId: id }));
      expect(d).toMatchObject({ ARN: c.ARN, Name: name });
    }
  });
});

describe('versions at creation and on write', () => {
  it('CreateSecret with a value makes exactly one version labelled [AWSCURRENT] (10)', async () => {
    const name = uniq();
    const token = randomUUID();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v', ClientRequestToken: token }));
    expect(await stagesOf(name)).toEqual({ [token]: ['AWSCURRENT'] });
    const all = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }));
    expect(all.Versions!.map((v) => [v.VersionId, v.VersionStages])).toEqual([[token, ['AWSCURRENT']]]);
  });

  it('PutSecretValue with both SecretString and SecretBinary fails and stores nothing (12)', async () => {
    const name = uniq();
    const c = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v' }));
    const e = await awsError(
      sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'x', SecretBinary: new Uint8Array([1]) })),
    );
    expect(e).toEqual({
      name: 'InvalidParameterException',
      message: "You can't specify both a binary secret value and a string secret value in the same secret.",
      status: 400,
    });
    expect(await stagesOf(name)).toEqual({ [c.VersionId!]: ['AWSCURRENT'] });
  });

  it('PutSecretValue without any value fails with InvalidRequestException', async () => {
    const name = uniq();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v' }));
    expect(await awsError(sm.send(new PutSecretValueCommand({ SecretId: name })))).toEqual({
      name: 'InvalidRequestException',
      message: 'You must provide either SecretString or SecretBinary.',
      status: 400,
    });
  });

  it('accepts a 65,536-byte binary value and rejects 65,537 bytes (13)', async () => {
    const name = uniq();
    const big = new Uint8Array(65_536).fill(7);
    await sm.send(new CreateSecretCommand({ Name: name, SecretBinary: big }));
    const e = await awsError(
      sm.send(new PutSecretValueCommand({ SecretId: name, SecretBinary: new Uint8Array(65_537) })),
    );
    expect(e.name).toBe('ValidationException');
    expect(e.message).toContain(
      "at 'secretBinary' failed to satisfy constraint: Member must have length less than or equal to 65536",
    );
    expect(e.message).not.toContain('AAAA'); // the value is never echoed
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretBinary).toHaveLength(65_536);
  });

  it('counts a string value in characters: 65,536 two-byte characters are accepted (13)', async () => {
    const name = uniq();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'é'.repeat(65_536) }));
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('é'.repeat(65_536));
  });
});

describe('first versions, stage lookups and version listing', () => {
  it('gives the first version of a value-less secret AWSCURRENT, even with explicit VersionStages (decision 1)', async () => {
    const a = uniq();
    await sm.send(new CreateSecretCommand({ Name: a }));
    const pa = await sm.send(new PutSecretValueCommand({ SecretId: a, SecretString: 'x' }));
    expect(pa.VersionStages).toEqual(['AWSCURRENT']);
    const b = uniq();
    await sm.send(new CreateSecretCommand({ Name: b }));
    const pb = await sm.send(
      new PutSecretValueCommand({ SecretId: b, SecretString: 'x', VersionStages: ['AWSPENDING'] }),
    );
    expect(pb.VersionStages!.sort()).toEqual(['AWSCURRENT', 'AWSPENDING']);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: b }))).VersionId).toBe(pb.VersionId);
  });

  it('answers a stage no version carries with the stage in the message', async () => {
    const name = uniq();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' }));
    for (const stage of ['AWSPREVIOUS', 'AWSPENDING', 'Custom']) {
      expect(await awsError(sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: stage })))).toEqual({
        name: 'ResourceNotFoundException',
        message: `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
        status: 400,
      });
    }
  });

  it('ListSecretVersionIds pages with MaxResults/NextToken, refuses a garbage token, and dates only read versions', async () => {
    const name = uniq();
    const ids = [(await sm.send(new CreateSecretCommand({ Name: name, SecretString: '0' }))).VersionId!];
    for (let i = 1; i < 5; i++) {
      const stages = [`L${i}`];
      ids.push(
        (await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: `${i}`, VersionStages: stages })))
          .VersionId!,
      );
    }
    const seen: string[] = [];
    let token: string | undefined;
    let calls = 0;
    do {
      const r = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name, MaxResults: 2, NextToken: token }));
      expect(r.Versions!.length).toBeLessThanOrEqual(2);
      seen.push(...r.Versions!.map((v) => v.VersionId!));
      token = r.NextToken;
    } while (token && ++calls < 10);
    expect(seen.sort()).toEqual([...ids].sort());
    expect(
      (await awsError(sm.send(new ListSecretVersionIdsCommand({ SecretId: name, NextToken: 'garbage' })))).name,
    ).toBe('InvalidNextTokenException');

    await sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'L2' }));
    const all = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name }));
    const read = all.Versions!.filter((v) => v.LastAccessedDate !== undefined).map((v) => v.VersionId);
    expect(read).toEqual([ids[2]]);
  });
});

describe('idempotency of UpdateSecret and CreateSecret (18)', () => {
  it('UpdateSecret with a resent token and the same value creates no version; another value is refused', async () => {
    const name = uniq();
    const c = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'a' }));
    const token = randomUUID();
    const u1 = await sm.send(new UpdateSecretCommand({ SecretId: name, SecretString: 'b', ClientRequestToken: token }));
    const u2 = await sm.send(new UpdateSecretCommand({ SecretId: name, SecretString: 'b', ClientRequestToken: token }));
    expect(u1.VersionId).toBe(token);
    expect(u2.VersionId).toBe(token);
    expect(await stagesOf(name)).toEqual({ [token]: ['AWSCURRENT'], [c.VersionId!]: ['AWSPREVIOUS'] });
    const all = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }));
    expect(all.Versions).toHaveLength(2);

    const e = await awsError(
      sm.send(new UpdateSecretCommand({ SecretId: name, SecretString: 'c', ClientRequestToken: token })),
    );
    expect(e).toEqual({
      name: 'ResourceExistsException',
      message: "You can't modify an existing version, you can only create a new version.",
      status: 400,
    });
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: token }))).SecretString).toBe('b');
    // Refused with a description change in the same request: the description is not changed either.
    const withDescription = await awsError(
      sm.send(
        new UpdateSecretCommand({ SecretId: name, SecretString: 'd', ClientRequestToken: token, Description: 'new' }),
      ),
    );
    expect(withDescription.name).toBe('ResourceExistsException');
    expect((await sm.send(new DescribeSecretCommand({ SecretId: name }))).Description).toBeUndefined();
  });

  it('CreateSecret resent with its token but another value is refused and keeps the first value', async () => {
    const name = uniq();
    const token = randomUUID();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'a', ClientRequestToken: token }));
    const e = await awsError(
      sm.send(new CreateSecretCommand({ Name: name, SecretString: 'b', ClientRequestToken: token })),
    );
    expect(e).toMatchObject({
      name: 'ResourceExistsException',
      message: `The operation failed because the secret ${name} already exists.`,
    });
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('a');
  });
});

describe('UpdateSecretVersionStage', () => {
  it('moving AWSCURRENT from A to B gives B [AWSCURRENT], A [AWSPREVIOUS] and unlabels the former AWSPREVIOUS (22)', async () => {
    const name = uniq();
    const v1 = await sm.send(new CreateSecretCommand({ Name: name, SecretString: '1' }));
    const v2 = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: '2' }));
    const v3 = await sm.send(
      new PutSecretValueCommand({ SecretId: name, SecretString: '3', VersionStages: ['AWSPENDING'] }),
    );
    // v1 [AWSPREVIOUS], v2 [AWSCURRENT], v3 [AWSPENDING]
    await sm.send(
      new UpdateSecretVersionStageCommand({
        SecretId: name,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: v3.VersionId,
        RemoveFromVersionId: v2.VersionId,
      }),
    );
    const s = await stagesOf(name);
    expect(s[v3.VersionId!]!.sort()).toEqual(['AWSCURRENT', 'AWSPENDING']);
    expect(s[v2.VersionId!]).toEqual(['AWSPREVIOUS']);
    expect(s[v1.VersionId!]).toBeUndefined();
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('3');
  });

  it('removing the last label of a version deprecates it: hidden by default, listed with IncludeDeprecated (24, 31)', async () => {
    const name = uniq();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'a' }));
    const b = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'b', VersionStages: ['X'] }));
    await sm.send(
      new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'X', RemoveFromVersionId: b.VersionId }),
    );
    const visible = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name }));
    expect(visible.Versions!.map((v) => v.VersionId)).not.toContain(b.VersionId);
    const all = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }));
    const deprecated = all.Versions!.find((v) => v.VersionId === b.VersionId)!;
    expect(deprecated).toBeDefined();
    expect(deprecated.VersionStages).toBeUndefined();
    // A deprecated version is still readable by its id.
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: b.VersionId }))).SecretString).toBe(
      'b',
    );
  });

  it('refuses a RemoveFromVersionId that does not hold the label, saying so, and changes nothing', async () => {
    const name = uniq();
    const a = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'a' }));
    const b = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'b', VersionStages: ['X'] }));
    const c = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'c', VersionStages: ['Y'] }));
    const before = await stagesOf(name);
    const e = await awsError(
      sm.send(
        new UpdateSecretVersionStageCommand({
          SecretId: name,
          VersionStage: 'X',
          MoveToVersionId: a.VersionId,
          RemoveFromVersionId: c.VersionId,
        }),
      ),
    );
    expect(e).toEqual({
      name: 'InvalidParameterException',
      message: `Version stage X not found in version ${c.VersionId}`,
      status: 400,
    });
    expect(await stagesOf(name)).toEqual(before);
    expect(before[b.VersionId!]).toEqual(['X']);
  });

  it('refuses to remove AWSCURRENT outright and to name a version that does not exist', async () => {
    const name = uniq();
    const a = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'a' }));
    const e = await awsError(
      sm.send(
        new UpdateSecretVersionStageCommand({
          SecretId: name,
          VersionStage: 'AWSCURRENT',
          RemoveFromVersionId: a.VersionId,
        }),
      ),
    );
    expect(e.name).toBe('InvalidParameterException');
    const ghost = randomUUID();
    expect(
      await awsError(
        sm.send(
          new UpdateSecretVersionStageCommand({
            SecretId: name,
            VersionStage: 'X',
            MoveToVersionId: ghost,
          }),
        ),
      ),
    ).toEqual({ name: 'InvalidParameterException', message: `Not a valid version: ${ghost}`, status: 400 });
    expect(await stagesOf(name)).toEqual({ [a.VersionId!]: ['AWSCURRENT'] });
  });
});

/** A small deterministic PRNG (mulberry32) so a failing sequence can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('label invariants under a random sequence of writes (20)', () => {
  it.each([1, 2, 3])('no label on two versions and AWSCURRENT exactly once (seed %i)', async (seed) => {
    const rand = prng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    const name = uniq();
    const versions = [(await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v0' }))).VersionId!];
    const labels = ['AWSCURRENT', 'AWSPREVIOUS', 'AWSPENDING', 'L1', 'L2'];
    for (let step = 0; step < 40; step++) {
      const before = await stagesOf(name);
      const holder = (label: string) => Object.entries(before).find(([, s]) => s.includes(label))?.[0];
      const op = pick(['put', 'put-stages', 'update', 'move', 'move-unnamed', 'remove']);
      let failed = false;
      try {
        if (op === 'put' || op === 'update') {
          const r =
            op === 'put'
              ? await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: `s${step}` }))
              : await sm.send(new UpdateSecretCommand({ SecretId: name, SecretString: `s${step}` }));
          versions.push(r.VersionId!);
          const after = await stagesOf(name);
          expect(after[r.VersionId!]).toEqual(['AWSCURRENT']);
          const prev = holder('AWSCURRENT')!;
          expect(after[prev]).toContain('AWSPREVIOUS');
        } else if (op === 'put-stages') {
          const stages = [...new Set([pick(labels.slice(2)), pick(labels)])];
          const r = await sm.send(
            new PutSecretValueCommand({ SecretId: name, SecretString: `s${step}`, VersionStages: stages }),
          );
          versions.push(r.VersionId!);
          expect(r.VersionStages!.sort()).toEqual(stages.sort());
        } else {
          const stage = pick(labels);
          const target = pick(versions);
          const from = holder(stage);
          await sm.send(
            new UpdateSecretVersionStageCommand({
              SecretId: name,
              VersionStage: stage,
              MoveToVersionId: op === 'remove' ? undefined : target,
              RemoveFromVersionId: op === 'move-unnamed' ? undefined : from,
            }),
          );
        }
      } catch (e) {
        failed = true;
        expect((e as { name: string }).name).toBe('InvalidParameterException');
      }
      const after = await stagesOf(name);
      if (failed) expect(after).toEqual(before);
      const all = Object.values(after).flat();
      expect(new Set(all).size).toBe(all.length);
      expect(all.filter((l) => l === 'AWSCURRENT')).toHaveLength(1);
      for (const stages of Object.values(after)) expect(stages.length).toBeGreaterThan(0);
    }
    const listed = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name }));
    const fromList = Object.fromEntries(listed.Versions!.map((v) => [v.VersionId, v.VersionStages!.sort()]));
    const described = Object.fromEntries(Object.entries(await stagesOf(name)).map(([k, v]) => [k, v.sort()]));
    expect(fromList).toEqual(described);
  });
});

describe('DescribeSecret fields (35, 36) and LastChangedDate', () => {
  it('never carries a value; KmsKeyId, rotation fields, Tags, Description and LastAccessedDate are absent until they apply', async () => {
    const name = uniq();
    const c = await sm.send(
      new CreateSecretCommand({ Name: name, SecretString: 'top-secret-value', KmsKeyId: 'alias/aws/secretsmanager' }),
    );
    const d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(JSON.stringify(d)).not.toContain('top-secret-value');
    expect(d).toMatchObject({ ARN: c.ARN, Name: name, VersionIdsToStages: { [c.VersionId!]: ['AWSCURRENT'] } });
    for (const absent of [
      'KmsKeyId',
      'RotationEnabled',
      'RotationLambdaARN',
      'RotationRules',
      'Tags',
      'Description',
      'LastAccessedDate',
      'DeletedDate',
      'OwningService',
      'PrimaryRegion',
      'ReplicationStatus',
    ] as const) {
      expect(d[absent], absent).toBeUndefined();
    }
    expect(d.CreatedDate).toBeInstanceOf(Date);
  });

  it('stores Type (managed external secrets) and returns it from DescribeSecret and ListSecrets', async () => {
    const name = uniq();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: '{}', Type: 'SalesforceClientSecret' }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: name }))).Type).toBe('SalesforceClientSecret');
    await sm.send(new UpdateSecretCommand({ SecretId: name, Type: 'BigQueryOAuth' }));
    const listed = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [name] }] }));
    expect(listed.SecretList!.map((s) => [s.Name, s.Type])).toEqual([[name, 'BigQueryOAuth']]);
    const plain = uniq();
    await sm.send(new CreateSecretCommand({ Name: plain, SecretString: 'v' }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: plain }))).Type).toBeUndefined();
  });

  it('sets LastChangedDate at creation and moves it forward on every value write, even an identical value', async () => {
    const name = uniq();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'same' }));
    const d0 = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(d0.LastChangedDate!.getTime()).toBe(d0.CreatedDate!.getTime());
    let last = d0.LastChangedDate!.getTime();
    for (const write of [
      () => sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'same' })),
      () => sm.send(new UpdateSecretCommand({ SecretId: name, SecretString: 'same' })),
      () => sm.send(new UpdateSecretCommand({ SecretId: name, Description: 'described' })),
    ]) {
      await new Promise((r) => setTimeout(r, 5)); // let the millisecond clock move
      await write();
      const now = (await sm.send(new DescribeSecretCommand({ SecretId: name }))).LastChangedDate!.getTime();
      expect(now).toBeGreaterThan(last);
      last = now;
    }
    await sm.send(new GetSecretValueCommand({ SecretId: name }));
    const afterRead = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(afterRead.LastChangedDate!.getTime()).toBe(last);
    expect(afterRead.CreatedDate!.getTime()).toBe(d0.CreatedDate!.getTime());
  });
});
