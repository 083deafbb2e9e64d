import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  type CreateSecretCommandInput,
  GetSecretValueCommand,
  ListSecretsCommand,
  type ListSecretsCommandInput,
  type SecretsManagerClient,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, type RunningServer, removeDir, startServer } from '../helpers/server.js';

/**
 * ListSecrets filters, sort orders and validation (catalog §2.7 and decision 12; statements 37-41,
 * 43-45). Filters such as `name=Data` are prefixes of whole names, so each test works in a region
 * of its own: a region is an isolated namespace, and no other test's secrets can match.
 */
let srv: RunningServer;
let regionSeq = 0;
const REGIONS = [
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'ap-south-1',
  'ap-east-1',
  'sa-east-1',
  'ca-central-1',
  'me-south-1',
];

beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await srv.stop();
  removeDir(srv.dataDir);
});

/** A client in a region no other test uses. */
function isolated(): SecretsManagerClient {
  const region = REGIONS[regionSeq++];
  if (!region) throw new Error('add a region to REGIONS');
  return srv.client(undefined, region);
}

async function create(sm: SecretsManagerClient, inputs: CreateSecretCommandInput[]) {
  for (const i of inputs) await sm.send(new CreateSecretCommand({ SecretString: 'v', ...i }));
}

const names = async (sm: SecretsManagerClient, input: ListSecretsCommandInput) =>
  ((await sm.send(new ListSecretsCommand(input))).SecretList ?? []).map((s) => s.Name!).sort();

describe('ListSecrets filters', () => {
  it('name is a case-sensitive prefix of the whole name (37)', async () => {
    const sm = isolated();
    await create(sm, [{ Name: 'DatabaseSecret' }, { Name: 'databaseSecret' }, { Name: 'MyData' }, { Name: 'Data' }]);
    expect(await names(sm, { Filters: [{ Key: 'name', Values: ['Data'] }] })).toEqual(['Data', 'DatabaseSecret']);
    expect(await names(sm, { Filters: [{ Key: 'name', Values: ['!Data'] }] })).toEqual(['MyData', 'databaseSecret']);
    expect(await names(sm, { Filters: [{ Key: 'name', Values: ['Data', 'My'] }] })).toEqual([
      'Data',
      'DatabaseSecret',
      'MyData',
    ]);
    // Two filters AND: both prefixes must hold.
    expect(
      await names(sm, {
        Filters: [
          { Key: 'name', Values: ['Data'] },
          { Key: 'name', Values: ['Datab'] },
        ],
      }),
    ).toEqual(['DatabaseSecret']);
  });

  it('description matches word prefixes, case-insensitively, every word of the value (38)', async () => {
    const sm = isolated();
    await create(sm, [
      { Name: 'a', Description: 'My Description' },
      { Name: 'b', Description: 'my description' },
      { Name: 'c', Description: 'My basic description' },
      { Name: 'd', Description: 'Description of my secret' },
      { Name: 'e', Description: 'Mystery' },
      { Name: 'f' },
    ]);
    expect(await names(sm, { Filters: [{ Key: 'description', Values: ['My Description'] }] })).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    expect(await names(sm, { Filters: [{ Key: 'description', Values: ['my'] }] })).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await names(sm, { Filters: [{ Key: 'description', Values: ['!desc'] }] })).toEqual(['e', 'f']);
  });

  it('tag-key and tag-value are case-sensitive prefixes (39)', async () => {
    const sm = isolated();
    await create(sm, [
      { Name: 'production', Tags: [{ Key: 'Production', Value: 'Production' }] },
      { Name: 'prod1', Tags: [{ Key: 'Prod1', Value: 'Prod1' }] },
      { Name: 'lower', Tags: [{ Key: 'prod', Value: 'prod' }] },
      { Name: 'spaced', Tags: [{ Key: '1 Prod', Value: '1 Prod' }] },
      { Name: 'untagged' },
    ]);
    for (const key of ['tag-key', 'tag-value'] as const) {
      expect(await names(sm, { Filters: [{ Key: key, Values: ['Prod'] }] })).toEqual(['prod1', 'production']);
    }
    expect(await names(sm, { Filters: [{ Key: 'tag-key', Values: ['!Prod'] }] })).toEqual([
      'lower',
      'spaced',
      'untagged',
    ]);
  });

  it('all searches name, description, tag keys and values by words, case-insensitively (41)', async () => {
    const sm = isolated();
    await create(sm, [
      { Name: 'first', Description: 'The DATABASE of record' },
      { Name: 'second', Tags: [{ Key: 'build', Value: '892' }] },
      { Name: 'credsThing' },
      { Name: 'unrelated', Description: 'nothing here', Tags: [{ Key: 'k', Value: 'v' }] },
    ]);
    // "credsDatabase/892" splits into creds, database, 892; a secret matching any word is listed.
    expect(await names(sm, { Filters: [{ Key: 'all', Values: ['credsDatabase/892'] }] })).toEqual([
      'credsThing',
      'first',
      'second',
    ]);
    expect(await names(sm, { Filters: [{ Key: 'all', Values: ['DATAB'] }] })).toEqual(['first']);
    // The model's pattern for filter values has no '#': the console splits such text itself.
    const e = await awsError(sm.send(new ListSecretsCommand({ Filters: [{ Key: 'all', Values: ['creds#892'] }] })));
    expect(e.name).toBe('ValidationException');
    expect(e.message).toContain("at 'filters.1.member.values.1.member' failed to satisfy constraint");
  });

  it('refuses a filter without Values or Key, an unknown key, and too many filters or values', async () => {
    const sm = isolated();
    const list = (f: unknown) => sm.send(new ListSecretsCommand({ Filters: f as ListSecretsCommandInput['Filters'] }));
    expect(await awsError(list([{ Key: 'name' }]))).toEqual({
      name: 'InvalidParameterException',
      message: 'Invalid filter values for key: name',
      status: 400,
    });
    expect(await awsError(list([{ Values: ['x'] }]))).toEqual({
      name: 'InvalidParameterException',
      message: 'Invalid filter key',
      status: 400,
    });
    expect(await awsError(list([{ Key: 'colour', Values: ['x'] }]))).toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'colour' at 'filters.1.member.key' failed to satisfy constraint: Member must satisfy enum value set: [description, name, tag-key, tag-value, primary-region, owning-service, all]",
    });
    const eleven = Array.from({ length: 11 }, () => ({ Key: 'name', Values: ['x'] }));
    expect((await awsError(list(eleven))).message).toContain(
      "at 'filters' failed to satisfy constraint: Member must have length less than or equal to 10",
    );
    const manyValues = [{ Key: 'name', Values: Array.from({ length: 11 }, (_, i) => `v${i}`) }];
    expect((await awsError(list(manyValues))).message).toContain(
      "at 'filters.1.member.values' failed to satisfy constraint: Member must have length less than or equal to 10",
    );
  });
});

describe('ListSecrets entries, paging and order', () => {
  it('lists entries with SecretVersionsToStages (not VersionIdsToStages), Tags only when tagged, LastAccessedDate once read (44)', async () => {
    const sm = isolated();
    const c = await sm.send(
      new CreateSecretCommand({ Name: 'tagged', SecretString: 'v', Tags: [{ Key: 'a', Value: 'b' }] }),
    );
    await sm.send(new CreateSecretCommand({ Name: 'bare', SecretString: 'v', Description: 'described' }));
    await sm.send(new CreateSecretCommand({ Name: 'valueless' }));
    await sm.send(new GetSecretValueCommand({ SecretId: 'bare' }));
    const list = (await sm.send(new ListSecretsCommand({}))).SecretList!;
    const byName = Object.fromEntries(list.map((s) => [s.Name, s]));
    expect(byName.tagged).toMatchObject({
      ARN: c.ARN,
      Tags: [{ Key: 'a', Value: 'b' }],
      SecretVersionsToStages: { [c.VersionId!]: ['AWSCURRENT'] },
    });
    expect(byName.tagged!.LastAccessedDate).toBeUndefined();
    expect(byName.tagged!.Description).toBeUndefined();
    expect(byName.bare!.Tags).toBeUndefined();
    expect(byName.bare!.Description).toBe('described');
    expect(byName.bare!.LastAccessedDate).toBeInstanceOf(Date);
    expect(byName.valueless!.SecretVersionsToStages).toBeUndefined();
    for (const s of list) {
      expect(s.CreatedDate).toBeInstanceOf(Date);
      expect(s.LastChangedDate).toBeInstanceOf(Date);
      expect(s.KmsKeyId).toBeUndefined();
      expect((s as Record<string, unknown>).VersionIdsToStages).toBeUndefined();
    }
  });

  it('sorts by created-date (the default), name and last-changed-date, in both directions', async () => {
    const sm = isolated();
    for (const n of ['c', 'a', 'b']) {
      await sm.send(new CreateSecretCommand({ Name: n, SecretString: 'v' }));
      await new Promise((r) => setTimeout(r, 5)); // distinct creation times
    }
    const order = async (input: ListSecretsCommandInput) =>
      ((await sm.send(new ListSecretsCommand(input))).SecretList ?? []).map((s) => s.Name);
    expect(await order({})).toEqual(['c', 'a', 'b']);
    expect(await order({ SortBy: 'created-date', SortOrder: 'desc' })).toEqual(['b', 'a', 'c']);
    expect(await order({ SortBy: 'name' })).toEqual(['a', 'b', 'c']);
    expect(await order({ SortBy: 'name', SortOrder: 'desc' })).toEqual(['c', 'b', 'a']);
    await sm.send(new UpdateSecretCommand({ SecretId: 'c', Description: 'changed last' }));
    expect(await order({ SortBy: 'last-changed-date' })).toEqual(['a', 'b', 'c']);
    expect(await order({ SortBy: 'last-changed-date', SortOrder: 'desc' })).toEqual(['c', 'b', 'a']);
  });

  it('pages with MaxResults=1 through every secret once, and refuses MaxResults 0 and 101 (43)', async () => {
    const sm = isolated();
    const made = Array.from({ length: 4 }, () => `p${randomUUID().slice(0, 6)}`);
    for (const n of made) await sm.send(new CreateSecretCommand({ Name: n, SecretString: 'v' }));
    const seen: string[] = [];
    let token: string | undefined;
    let calls = 0;
    do {
      const r = await sm.send(new ListSecretsCommand({ MaxResults: 1, NextToken: token }));
      expect(r.SecretList!.length).toBeLessThanOrEqual(1);
      seen.push(...r.SecretList!.map((s) => s.Name!));
      token = r.NextToken;
    } while (token && ++calls < 10);
    expect(seen).toEqual(made);
    for (const bad of [0, 101]) {
      expect((await awsError(sm.send(new ListSecretsCommand({ MaxResults: bad })))).name).toBe('ValidationException');
    }
    // A token only continues the listing that made it.
    const first = await sm.send(new ListSecretsCommand({ MaxResults: 1 }));
    const e = await awsError(
      sm.send(new ListSecretsCommand({ MaxResults: 1, NextToken: first.NextToken, SortBy: 'name' })),
    );
    expect(e.name).toBe('InvalidNextTokenException');
  });
});
