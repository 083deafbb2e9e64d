import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  type SecretsManagerClient,
  UpdateSecretCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, type RunningServer, removeDir, startServer } from '../helpers/server.js';

let srv: RunningServer;
let sm: SecretsManagerClient;
const uniq = () => `t${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  srv = await startServer();
  sm = srv.client();
});
afterAll(async () => {
  await srv.stop();
  removeDir(srv.dataDir);
});

describe('CreateSecret', () => {
  it('returns ARN with a 6-character suffix, Name and VersionId = ClientRequestToken', async () => {
    const name = `app/${uniq()}`;
    const token = randomUUID();
    const r = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 's3cr3t', ClientRequestToken: token }));
    expect(r.Name).toBe(name);
    expect(r.VersionId).toBe(token);
    expect(r.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:us-east-1:\\d{12}:secret:${name}-[A-Za-z0-9]{6}$`));
  });

  it('without a value returns no VersionId, and GetSecretValue then fails on AWSCURRENT', async () => {
    const name = uniq();
    const r = await sm.send(new CreateSecretCommand({ Name: name }));
    expect(r.VersionId).toBeUndefined();
    const d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(d.VersionIdsToStages).toBeUndefined();
    const e = await awsError(sm.send(new GetSecretValueCommand({ SecretId: name })));
    expect(e).toMatchObject({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
      status: 400,
    });
  });

  it('refuses a name that exists, and the same retried token and value succeeds', async () => {
    const name = uniq();
    const token = randomUUID();
    const first = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'a', ClientRequestToken: token }));
    const again = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'a', ClientRequestToken: token }));
    expect(again).toMatchObject({ ARN: first.ARN, VersionId: token });
    const e = await awsError(sm.send(new CreateSecretCommand({ Name: name, SecretString: 'b' })));
    expect(e).toMatchObject({
      name: 'ResourceExistsException',
      message: `The operation failed because the secret ${name} already exists.`,
    });
  });

  it.each(['Inv Name', 'bad*name', 'a!b'])('rejects invalid name %j with ValidationException', async (bad) => {
    const e = await awsError(sm.send(new CreateSecretCommand({ Name: bad, SecretString: 'x' })));
    expect(e).toMatchObject({
      name: 'ValidationException',
      message:
        'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
      status: 400,
    });
  });

  it('accepts a 512-character name and rejects 513 characters', async () => {
    const ok = `${uniq()}${'n'.repeat(512)}`.slice(0, 512);
    await sm.send(new CreateSecretCommand({ Name: ok, SecretString: 'x' }));
    const e = await awsError(sm.send(new CreateSecretCommand({ Name: `x${ok}`, SecretString: 'x' })));
    expect(e.name).toBe('ValidationException');
    expect(e.message).toContain(
      "at 'name' failed to satisfy constraint: Member must have length less than or equal to 512",
    );
  });

  it('rejects SecretString together with SecretBinary and stores nothing', async () => {
    const name = uniq();
    const e = await awsError(
      sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x', SecretBinary: new Uint8Array([1]) })),
    );
    expect(e.name).toBe('InvalidParameterException');
    expect((await awsError(sm.send(new DescribeSecretCommand({ SecretId: name })))).name).toBe(
      'ResourceNotFoundException',
    );
  });

  it('accepts a 65,536-character value and rejects 65,537', async () => {
    const name = uniq();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v'.repeat(65_536) }));
    const e = await awsError(sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'v'.repeat(65_537) })));
    expect(e.name).toBe('ValidationException');
    const got = await sm.send(new GetSecretValueCommand({ SecretId: name }));
    expect(got.SecretString).toHaveLength(65_536);
  });
});

describe('GetSecretValue', () => {
  it('finds a secret by name, full ARN and partial ARN, reporting one ARN', async () => {
    const name = `svc/${uniq()}`;
    const c = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v' }));
    const partial = c.ARN!.slice(0, -7);
    for (const id of [name, c.ARN!, partial]) {
      const g = await sm.send(new GetSecretValueCommand({ SecretId: id }));
      expect(g).toMatchObject({ ARN: c.ARN, Name: name, SecretString: 'v', VersionStages: ['AWSCURRENT'] });
      expect(g.CreatedDate).toBeInstanceOf(Date);
      expect(g.SecretBinary).toBeUndefined();
    }
  });

  it('does not resolve a partial ARN when the name ends like a suffix (AWS pitfall), but name and full ARN work', async () => {
    const name = `${uniq()}-abcdef`;
    const c = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v' }));
    expect((await sm.send(new GetSecretValueCommand({ SecretId: c.ARN! }))).Name).toBe(name);
    const partial = c.ARN!.slice(0, -7);
    expect((await awsError(sm.send(new GetSecretValueCommand({ SecretId: partial })))).name).toBe(
      'ResourceNotFoundException',
    );
  });

  it('round-trips binary values byte for byte', async () => {
    const name = uniq();
    const bytes = new Uint8Array(Array.from({ length: 256 }, (_, i) => i));
    await sm.send(new CreateSecretCommand({ Name: name, SecretBinary: bytes }));
    const g = await sm.send(new GetSecretValueCommand({ SecretId: name }));
    expect(Buffer.from(g.SecretBinary!)).toEqual(Buffer.from(bytes));
    expect(g.SecretString).toBeUndefined();
  });

  it('selects by VersionStage and VersionId, and refuses a mismatched pair', async () => {
    const name = uniq();
    const v1 = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'one' }));
    const v2 = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'two' }));
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('two');
    const prev = await sm.send(new GetSecretValueCommand({ SecretId: name, VersionStage: 'AWSPREVIOUS' }));
    expect(prev).toMatchObject({ SecretString: 'one', VersionId: v1.VersionId, VersionStages: ['AWSPREVIOUS'] });
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: v2.VersionId }))).SecretString).toBe(
      'two',
    );
    const e = await awsError(
      sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: v2.VersionId, VersionStage: 'AWSPREVIOUS' })),
    );
    expect(e).toMatchObject({
      name: 'InvalidRequestException',
      message: 'You provided a VersionStage that is not associated to the provided VersionId.',
    });
    const missing = randomUUID();
    expect(await awsError(sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: missing })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Secrets Manager can't find the specified secret value for VersionId: ${missing}`,
    });
  });

  it('answers ResourceNotFoundException with HTTP 400 for an unknown secret', async () => {
    expect(await awsError(sm.send(new GetSecretValueCommand({ SecretId: uniq() })))).toEqual({
      name: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
      status: 400,
    });
  });

  it('sets LastAccessedDate to midnight UTC of the read day', async () => {
    const name = uniq();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v' }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: name }))).LastAccessedDate).toBeUndefined();
    await sm.send(new GetSecretValueCommand({ SecretId: name }));
    const d = (await sm.send(new DescribeSecretCommand({ SecretId: name }))).LastAccessedDate!;
    const today = new Date();
    expect(d.toISOString()).toBe(`${today.toISOString().slice(0, 10)}T00:00:00.000Z`);
  });
});

describe('PutSecretValue and labels', () => {
  it('moves AWSCURRENT and AWSPREVIOUS; the third version leaves the first unlabelled', async () => {
    const name = uniq();
    const v1 = await sm.send(new CreateSecretCommand({ Name: name, SecretString: '1' }));
    const v2 = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: '2' }));
    expect(v2.VersionStages).toEqual(['AWSCURRENT']);
    const v3 = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: '3' }));
    const d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(d.VersionIdsToStages).toEqual({ [v3.VersionId!]: ['AWSCURRENT'], [v2.VersionId!]: ['AWSPREVIOUS'] });
    const all = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }));
    const first = all.Versions!.find((v) => v.VersionId === v1.VersionId)!;
    expect(first.VersionStages).toBeUndefined();
    const visible = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name }));
    expect(visible.Versions!.map((v) => v.VersionId).sort()).toEqual([v2.VersionId, v3.VersionId].sort());
    expect(visible.Versions![0]!.KmsKeyIds).toEqual(['DefaultEncryptionKey']);
  });

  it('with VersionStages=[AWSPENDING] leaves AWSCURRENT where it was', async () => {
    const name = uniq();
    const v1 = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'cur' }));
    const p = await sm.send(
      new PutSecretValueCommand({ SecretId: name, SecretString: 'pend', VersionStages: ['AWSPENDING'] }),
    );
    expect(p.VersionStages).toEqual(['AWSPENDING']);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).VersionId).toBe(v1.VersionId);
  });

  it('is idempotent for a resent token with the same value and refuses a different value', async () => {
    const name = uniq();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'a' }));
    const token = randomUUID();
    const p1 = await sm.send(
      new PutSecretValueCommand({ SecretId: name, SecretString: 'b', ClientRequestToken: token }),
    );
    const p2 = await sm.send(
      new PutSecretValueCommand({ SecretId: name, SecretString: 'b', ClientRequestToken: token }),
    );
    expect(p2.VersionId).toBe(p1.VersionId);
    const versions = await sm.send(new ListSecretVersionIdsCommand({ SecretId: name, IncludeDeprecated: true }));
    expect(versions.Versions).toHaveLength(2);
    const e = await awsError(
      sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'c', ClientRequestToken: token })),
    );
    expect(e.name).toBe('ResourceExistsException');
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name, VersionId: token }))).SecretString).toBe('b');
  });

  it('moves a custom label between versions', async () => {
    const name = uniq();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'a' }));
    const a = await sm.send(
      new PutSecretValueCommand({ SecretId: name, SecretString: 'b', VersionStages: ['MyLabel'] }),
    );
    const b = await sm.send(
      new PutSecretValueCommand({ SecretId: name, SecretString: 'c', VersionStages: ['MyLabel'] }),
    );
    const d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    const holders = Object.entries(d.VersionIdsToStages!).filter(([, s]) => s.includes('MyLabel'));
    expect(holders).toEqual([[b.VersionId, ['MyLabel']]]);
    expect(d.VersionIdsToStages![a.VersionId!]).toBeUndefined();
  });

  it('refuses a 21st staging label', async () => {
    const name = uniq();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'a' }));
    const labels = Array.from({ length: 19 }, (_, i) => `L${i}`);
    await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'b', VersionStages: labels }));
    const e = await awsError(
      sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'c', VersionStages: ['L20'] })),
    );
    expect(e.name).toBe('LimitExceededException');
  });
});

describe('UpdateSecret and UpdateSecretVersionStage', () => {
  it('changes the description without a version, and a value with one', async () => {
    const name = uniq();
    const c = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'a', Description: 'first' }));
    const u = await sm.send(new UpdateSecretCommand({ SecretId: name, Description: 'second' }));
    expect(u.VersionId).toBeUndefined();
    let d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(d.Description).toBe('second');
    expect(Object.keys(d.VersionIdsToStages!)).toEqual([c.VersionId]);
    const u2 = await sm.send(new UpdateSecretCommand({ SecretId: c.ARN, SecretString: 'b' }));
    d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(d.VersionIdsToStages).toEqual({ [u2.VersionId!]: ['AWSCURRENT'], [c.VersionId!]: ['AWSPREVIOUS'] });
    expect(d.Description).toBe('second');
  });

  it('rolls back AWSCURRENT and swaps it back', async () => {
    const name = uniq();
    const a = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'a' }));
    const b = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'b' }));
    const r = await sm.send(
      new UpdateSecretVersionStageCommand({
        SecretId: name,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: a.VersionId,
        RemoveFromVersionId: b.VersionId,
      }),
    );
    expect(r).toMatchObject({ Name: name });
    let d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(d.VersionIdsToStages).toEqual({ [a.VersionId!]: ['AWSCURRENT'], [b.VersionId!]: ['AWSPREVIOUS'] });
    await sm.send(
      new UpdateSecretVersionStageCommand({
        SecretId: name,
        VersionStage: 'AWSCURRENT',
        MoveToVersionId: b.VersionId,
        RemoveFromVersionId: a.VersionId,
      }),
    );
    d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(d.VersionIdsToStages).toEqual({ [b.VersionId!]: ['AWSCURRENT'], [a.VersionId!]: ['AWSPREVIOUS'] });
  });

  it('refuses to move a label attached elsewhere without RemoveFromVersionId, changing nothing', async () => {
    const name = uniq();
    const a = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'a' }));
    const b = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'b', VersionStages: ['X'] }));
    const e = await awsError(
      sm.send(
        new UpdateSecretVersionStageCommand({
          SecretId: name,
          VersionStage: 'AWSCURRENT',
          MoveToVersionId: b.VersionId,
        }),
      ),
    );
    expect(e.name).toBe('InvalidParameterException');
    const d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(d.VersionIdsToStages![a.VersionId!]).toEqual(['AWSCURRENT']);
  });

  it('removes a custom label with only RemoveFromVersionId', async () => {
    const name = uniq();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'a' }));
    const b = await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'b', VersionStages: ['X'] }));
    await sm.send(
      new UpdateSecretVersionStageCommand({ SecretId: name, VersionStage: 'X', RemoveFromVersionId: b.VersionId }),
    );
    const d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(d.VersionIdsToStages![b.VersionId!]).toBeUndefined();
  });
});

describe('DeleteSecret and RestoreSecret', () => {
  it('schedules deletion with a 30-day default window; reads fail; restore brings it back', async () => {
    const name = uniq();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v' }));
    const before = Date.now();
    const del = await sm.send(new DeleteSecretCommand({ SecretId: name }));
    const days = (del.DeletionDate!.getTime() - before) / 86_400_000;
    expect(days).toBeGreaterThan(29.99);
    expect(days).toBeLessThan(30.01);
    const d = await sm.send(new DescribeSecretCommand({ SecretId: name }));
    expect(d.DeletedDate).toBeInstanceOf(Date);
    expect(await awsError(sm.send(new GetSecretValueCommand({ SecretId: name })))).toMatchObject({
      name: 'InvalidRequestException',
      message: "You can't perform this operation on the secret because it was marked for deletion.",
    });
    expect((await awsError(sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: 'x' })))).name).toBe(
      'InvalidRequestException',
    );
    expect(await awsError(sm.send(new CreateSecretCommand({ Name: name, SecretString: 'x' })))).toMatchObject({
      name: 'InvalidRequestException',
      message: "You can't create this secret because a secret with this name is already scheduled for deletion.",
    });
    const listed = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [name] }] }));
    expect(listed.SecretList).toEqual([]);
    const planned = await sm.send(
      new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [name] }], IncludePlannedDeletion: true }),
    );
    expect(planned.SecretList!.map((s) => s.Name)).toEqual([name]);
    await sm.send(new RestoreSecretCommand({ SecretId: name }));
    expect((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString).toBe('v');
    expect((await sm.send(new DescribeSecretCommand({ SecretId: name }))).DeletedDate).toBeUndefined();
  });

  it.each([6, 31])('rejects RecoveryWindowInDays=%i', async (days) => {
    const name = uniq();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v' }));
    expect(
      await awsError(sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: days }))),
    ).toMatchObject({
      name: 'InvalidParameterException',
      message: 'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).',
    });
  });

  it('accepts 7 days and refuses force together with a window', async () => {
    const name = uniq();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v' }));
    const e = await awsError(
      sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true })),
    );
    expect(e).toMatchObject({
      name: 'InvalidParameterException',
      message: "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    });
    const r = await sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    expect((r.DeletionDate!.getTime() - Date.now()) / 86_400_000).toBeCloseTo(7, 1);
  });

  it('force-deletes at once; the name is reusable with a new suffix and the old ARN is gone', async () => {
    const name = uniq();
    const c1 = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v' }));
    const del = await sm.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
    expect(del.DeletionDate).toBeInstanceOf(Date);
    expect((await awsError(sm.send(new RestoreSecretCommand({ SecretId: name })))).name).toBe(
      'ResourceNotFoundException',
    );
    const c2 = await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'w' }));
    expect(c2.ARN).not.toBe(c1.ARN);
    expect((await awsError(sm.send(new GetSecretValueCommand({ SecretId: c1.ARN })))).name).toBe(
      'ResourceNotFoundException',
    );
  });

  it('force-deleting a secret that does not exist succeeds', async () => {
    const name = uniq();
    const r = await sm.send(new DeleteSecretCommand({ SecretId: name, ForceDeleteWithoutRecovery: true }));
    expect(r.Name).toBe(name);
    expect(r.DeletionDate).toBeInstanceOf(Date);
  });
});

describe('ListSecrets', () => {
  it('pages with MaxResults and NextToken, each secret exactly once, and refuses a garbage token', async () => {
    const prefix = `page${uniq()}/`;
    const names = [];
    for (let i = 0; i < 7; i++) {
      names.push(`${prefix}${i}`);
      await sm.send(
        new CreateSecretCommand({ Name: `${prefix}${i}`, SecretString: 'v', Tags: [{ Key: 'k', Value: String(i) }] }),
      );
    }
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const r = await sm.send(
        new ListSecretsCommand({ MaxResults: 3, NextToken: token, Filters: [{ Key: 'name', Values: [prefix] }] }),
      );
      for (const s of r.SecretList!) {
        seen.push(s.Name!);
        expect(s.SecretVersionsToStages).toBeDefined();
        expect(s.Tags).toHaveLength(1);
        expect(s.KmsKeyId).toBeUndefined();
      }
      token = r.NextToken;
    } while (token);
    expect(seen).toEqual(names);
    expect((await awsError(sm.send(new ListSecretsCommand({ NextToken: 'garbage' })))).name).toBe(
      'InvalidNextTokenException',
    );
  });

  it('sorts by name descending when asked', async () => {
    const prefix = `sort${uniq()}/`;
    for (const n of ['b', 'a', 'c'])
      await sm.send(new CreateSecretCommand({ Name: `${prefix}${n}`, SecretString: 'v' }));
    const r = await sm.send(
      new ListSecretsCommand({ SortBy: 'name', SortOrder: 'desc', Filters: [{ Key: 'name', Values: [prefix] }] }),
    );
    expect(r.SecretList!.map((s) => s.Name)).toEqual([`${prefix}c`, `${prefix}b`, `${prefix}a`]);
  });

  it('does not show secrets of another region', async () => {
    const name = uniq();
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: 'v' }));
    const west = srv.client(undefined, 'eu-west-1');
    const r = await west.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [name] }] }));
    expect(r.SecretList).toEqual([]);
    expect((await awsError(west.send(new GetSecretValueCommand({ SecretId: name })))).name).toBe(
      'ResourceNotFoundException',
    );
  });
});
