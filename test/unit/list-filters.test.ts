import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../src/domain/errors.js';
import {
  compileFilters,
  type FilterInput,
  type ListFilter,
  splitWords,
  validateFilters,
} from '../../src/domain/list-filters.js';
import type { SecretRecord, Tag } from '../../src/domain/secret.js';

type Spec = {
  name: string;
  description?: string;
  tags?: Record<string, string>;
  owningService?: string;
  primaryRegion?: string;
  region?: string;
};

function secret(spec: Spec): SecretRecord {
  const tags: Tag[] = Object.entries(spec.tags ?? {}).map(([Key, Value]) => ({ Key, Value }));
  const region = spec.region ?? 'us-east-1';
  return {
    id: spec.name,
    accountId: '123456789012',
    region,
    name: spec.name,
    arn: `arn:aws:secretsmanager:${region}:123456789012:secret:${spec.name}-abcdef`,
    description: spec.description,
    createdAt: 0,
    rotationEnabled: false,
    tags,
    owningService: spec.owningService,
    primaryRegion: spec.primaryRegion,
    replicas: [],
  };
}

/** Names of the secrets the filters keep, in input order. */
function run(filters: ListFilter[], specs: Spec[]): string[] {
  const keep = compileFilters(filters);
  return specs
    .map(secret)
    .filter(keep)
    .map((s) => s.name);
}

const f = (Key: string, ...Values: string[]): ListFilter => ({ Key, Values });

describe('splitWords (catalog §2.7 word splitting)', () => {
  it.each([
    ['credsDatabase#892', ['creds', 'database', '892']],
    ['My_Secret', ['my', 'secret']],
    ['HTTPServer', ['http', 'server']],
    ['a1b2', ['a', '1', 'b', '2']],
    ['testing1/one-12345', ['testing', '1', 'one', '12345']],
    ['prod DB=2 @x.y+z', ['prod', 'db', '2', 'x', 'y', 'z']],
    ['ALLCAPS', ['allcaps']],
    ['', []],
    ['/_=#', []],
    ['café Über', ['café', 'über']],
  ])('%j → %j', (text, words) => {
    expect(splitWords(text)).toEqual(words);
  });
});

describe('name: case-sensitive prefix', () => {
  const names = [{ name: 'DatabaseSecret' }, { name: 'databaseSecret' }, { name: 'MyData' }];
  it.each<[ListFilter, string[]]>([
    [f('name', 'Data'), ['DatabaseSecret']], // statement 37
    [f('name', 'data'), ['databaseSecret']],
    [f('name', 'My'), ['MyData']],
    [f('name', 'DatabaseSecret'), ['DatabaseSecret']],
    [f('name', 'DatabaseSecretX'), []],
    [f('name', ''), ['DatabaseSecret', 'databaseSecret', 'MyData']],
    [f('name', '!Data'), ['databaseSecret', 'MyData']],
    [f('name', 'Data', 'My'), ['DatabaseSecret', 'MyData']],
  ])('%j', (filter, expected) => {
    expect(run([filter], names)).toEqual(expected);
  });

  // LocalStack test_list_secrets_filtering, recorded against AWS.
  const paths = [
    { name: 'testing1/one-1' },
    { name: '/testing2/two-1' },
    { name: 'testing3/three-1' },
    { name: '/testing4/four-1' },
  ];
  it.each<[ListFilter, string[]]>([
    [f('name', '/'), ['/testing2/two-1', '/testing4/four-1']],
    [f('name', '!/'), ['testing1/one-1', 'testing3/three-1']],
    [f('name', 'testing1 one'), []],
  ])('LocalStack-recorded %j', (filter, expected) => {
    expect(run([filter], paths)).toEqual(expected);
  });
});

describe('description: every word a case-insensitive word prefix', () => {
  const descs: Spec[] = [
    { name: 'a', description: 'My Description' },
    { name: 'b', description: 'my description' },
    { name: 'c', description: 'My basic description' },
    { name: 'd', description: 'Description of my secret' },
    { name: 'e', description: 'Mystery, undescribed' },
    { name: 'f' },
  ];
  it.each<[ListFilter, string[]]>([
    [f('description', 'My Description'), ['a', 'b', 'c', 'd']], // statement 38
    [f('description', 'MY DESCRIPTION'), ['a', 'b', 'c', 'd']],
    [f('description', 'desc'), ['a', 'b', 'c', 'd']],
    [f('description', 'my'), ['a', 'b', 'c', 'd', 'e']],
    [f('description', 'scription'), []],
    [f('description', 'basic my'), ['c']],
    [f('description', '!my'), ['f']],
    [f('description', 'basic', 'secret'), ['c', 'd']],
  ])('%j', (filter, expected) => {
    expect(run([filter], descs)).toEqual(expected);
  });

  // LocalStack test_list_secrets_filtering, recorded against AWS.
  const recorded: Spec[] = [
    { name: '1', description: 'a secret' },
    { name: '2', description: 'an secret' },
    { name: '3', description: 'asecret' },
    { name: '4', description: 'thesecret' },
  ];
  it.each<[ListFilter[], string[]]>([
    [[f('description', 'a')], ['1', '2', '3']],
    [[f('description', '!a')], ['4']],
    [[f('description', 'a secret')], ['1', '2']],
    [[f('description', '!c')], ['1', '2', '3', '4']],
    [[f('description', 'a'), f('name', 'secret')], []],
    [[f('description', 'a'), f('name', '2')], ['2']],
  ])('LocalStack-recorded %j', (filters, expected) => {
    expect(run(filters, recorded)).toEqual(expected);
  });
});

describe('tag-key / tag-value: case-sensitive prefix of any tag', () => {
  const byKey: Spec[] = [
    { name: 'production', tags: { Production: 'x' } },
    { name: 'prod1', tags: { Prod1: 'x' } },
    { name: 'lower', tags: { prod: 'x' } },
    { name: 'spaced', tags: { '1 Prod': 'x' } },
    { name: 'second', tags: { Env: 'x', ProdOwner: 'y' } },
    { name: 'untagged' },
  ];
  it.each<[ListFilter, string[]]>([
    [f('tag-key', 'Prod'), ['production', 'prod1', 'second']], // statement 39
    [f('tag-key', 'prod'), ['lower']],
    [f('tag-key', '!Prod'), ['lower', 'spaced', 'untagged']],
    [f('tag-key', 'x'), []],
  ])('tag-key %j', (filter, expected) => {
    expect(run([filter], byKey)).toEqual(expected);
  });

  const byValue: Spec[] = [
    { name: 'production', tags: { Env: 'Production' } },
    { name: 'prod1', tags: { Env: 'Prod1' } },
    { name: 'lower', tags: { Env: 'prod' } },
    { name: 'spaced', tags: { Env: '1 Prod' } },
    { name: 'emptyValue', tags: { Env: '' } },
  ];
  it.each<[ListFilter, string[]]>([
    [f('tag-value', 'Prod'), ['production', 'prod1']], // statement 39, same for values
    [f('tag-value', 'Env'), []],
    [f('tag-value', ''), ['production', 'prod1', 'lower', 'spaced', 'emptyValue']],
  ])('tag-value %j', (filter, expected) => {
    expect(run([filter], byValue)).toEqual(expected);
  });

  it('a record with no tags array matches no tag prefix and every tag negation', () => {
    const bare: SecretRecord = { ...secret({ name: 'bare' }), tags: undefined };
    expect(compileFilters([f('tag-key', '')])(bare)).toBe(false);
    expect(compileFilters([f('tag-value', '!x')])(bare)).toBe(true);
    expect(compileFilters([f('all', 'bare')])(bare)).toBe(true);
  });

  it('tag-key and tag-value filters are independent (any tag each)', () => {
    const specs: Spec[] = [
      { name: 'rr', tags: { right: 'right' } },
      { name: 'rw', tags: { right: 'wrong' } },
      { name: 'wr', tags: { wrong: 'right' } },
      { name: 'split', tags: { right: 'wrong', wrong: 'right' } },
    ];
    expect(run([f('tag-key', 'right'), f('tag-value', 'right')], specs)).toEqual(['rr', 'split']);
  });
});

describe('owning-service and primary-region: case-sensitive prefix', () => {
  const owned: Spec[] = [
    { name: 'serv', owningService: 'my-serv' },
    { name: 'service', owningService: 'my-service' },
    { name: 'upper', owningService: 'My-Service' },
    { name: 'rds', owningService: 'rds' },
    { name: 'plain' },
  ];
  it.each<[ListFilter, string[]]>([
    // statement 40; decision 12 makes it case-sensitive, so My-Service is not matched
    [f('owning-service', 'my-ser'), ['serv', 'service']],
    [f('owning-service', 'My-'), ['upper']],
    [f('owning-service', '!my-ser'), ['upper', 'rds', 'plain']],
  ])('%j', (filter, expected) => {
    expect(run([filter], owned)).toEqual(expected);
  });

  // statement 42: primaries and replicas carry PrimaryRegion, unreplicated secrets do not
  const replicated: Spec[] = [
    { name: 'primary', region: 'us-east-1', primaryRegion: 'us-east-1' },
    { name: 'replica', region: 'eu-west-1', primaryRegion: 'us-east-1' },
    { name: 'otherPrimary', region: 'eu-west-1', primaryRegion: 'eu-west-1' },
    { name: 'single', region: 'us-east-1' },
  ];
  it.each<[ListFilter, string[]]>([
    [f('primary-region', 'us-east-1'), ['primary', 'replica']],
    [f('primary-region', 'us-'), ['primary', 'replica']],
    [f('primary-region', ''), ['primary', 'replica', 'otherPrimary']],
    [f('primary-region', '!'), ['single']],
    [f('primary-region', 'US-EAST-1'), []],
  ])('%j', (filter, expected) => {
    expect(run([filter], replicated)).toEqual(expected);
  });
});

describe('all: any word, word prefixes, every searchable field, not case-sensitive', () => {
  const specs: Spec[] = [
    { name: 'app/db', description: 'The main Database' },
    { name: 'numbered', tags: { build: '892' } },
    { name: 'CredsStore' },
    { name: 'keyed', tags: { DatabaseOwner: 'ops' } },
    { name: 'unrelated', description: 'nothing here' },
  ];
  it.each<[ListFilter, string[]]>([
    // statement 41 (the API's pattern has no '#', so the wire form uses '/', same words)
    [f('all', 'credsDatabase/892'), ['app/db', 'numbered', 'CredsStore', 'keyed']],
    [f('all', 'credsDatabase#892'), ['app/db', 'numbered', 'CredsStore', 'keyed']],
    [f('all', 'DATABASE'), ['app/db', 'keyed']],
    [f('all', 'data'), ['app/db', 'keyed']],
    [f('all', 'store'), ['CredsStore']],
    [f('all', 'ops'), ['keyed']],
    [f('all', 'app'), ['app/db']],
    [f('all', 'tabase'), []],
    [f('all', '!database'), ['numbered', 'CredsStore', 'unrelated']],
    [f('all', '/_='), ['app/db', 'numbered', 'CredsStore', 'keyed', 'unrelated']],
  ])('%j', (filter, expected) => {
    expect(run([filter], specs)).toEqual(expected);
  });
});

describe('combining values and filters', () => {
  // moto's test_with_filter_with_negation fixtures
  const descs: Spec[] = [
    { name: 'foo', description: 'one two' },
    { name: 'bar', description: 'one and two' },
    { name: 'baz', description: 'one' },
    { name: 'qux', description: 'two' },
    { name: 'none', description: 'unrelated' },
  ];
  it.each<[ListFilter[], string[]]>([
    [[], ['foo', 'bar', 'baz', 'qux', 'none']],
    [[f('description', 'one two')], ['foo', 'bar']],
    [[f('description', 'one', 'two')], ['foo', 'bar', 'baz', 'qux']],
    // values of one filter are OR'ed, a negated value included: one OR NOT two
    [[f('description', 'one', '!two')], ['foo', 'bar', 'baz', 'none']],
    [[f('description', '!one', '!two')], ['baz', 'qux', 'none']],
    // separate filters are AND'ed, also for the same key
    [
      [f('description', 'one'), f('description', 'two')],
      ['foo', 'bar'],
    ],
    [[f('description', 'one'), f('description', '!two')], ['baz']],
    [[f('description', '!one'), f('description', '!two')], ['none']],
    [[f('description', '!o')], ['qux', 'none']],
    [
      [f('description', 'one'), f('name', 'b')],
      ['bar', 'baz'],
    ],
  ])('%j', (filters, expected) => {
    expect(run(filters, descs)).toEqual(expected);
  });

  it('a value of just "!" negates the empty prefix and matches nothing', () => {
    expect(run([f('name', '!')], descs)).toEqual([]);
  });

  it('only the first "!" negates', () => {
    const specs = [{ name: '!bang' }, { name: 'plain' }];
    expect(run([f('name', '!!')], specs)).toEqual(['plain']);
    expect(run([f('name', '!')], specs)).toEqual([]);
  });
});

describe('validateFilters', () => {
  function error(filters: FilterInput[]): ServiceError {
    try {
      validateFilters(filters);
    } catch (e) {
      if (e instanceof ServiceError) return e;
      throw e;
    }
    throw new Error('expected a ServiceError');
  }

  it.each<[FilterInput[], string, string]>([
    [[{ Values: ['foo'] }], 'InvalidParameterException', 'Invalid filter key'],
    [[{ Key: 'description' }], 'InvalidParameterException', 'Invalid filter values for key: description'],
    [[f('name', 'x'), { Key: 'tag-key' }], 'InvalidParameterException', 'Invalid filter values for key: tag-key'],
    [
      [{ Key: 'invalid', Values: ['foo'] }],
      'ValidationException',
      "1 validation error detected: Value 'invalid' at 'filters.1.member.key' failed to satisfy constraint: " +
        'Member must satisfy enum value set: [description, name, tag-key, tag-value, primary-region, owning-service, all]',
    ],
    [
      [f('name', 'x'), { Key: 'Name', Values: ['x'] }],
      'ValidationException',
      "1 validation error detected: Value 'Name' at 'filters.2.member.key' failed to satisfy constraint: " +
        'Member must satisfy enum value set: [description, name, tag-key, tag-value, primary-region, owning-service, all]',
    ],
  ])('%j → %s', (filters, code, message) => {
    const e = error(filters);
    expect(e.code).toBe(code);
    expect(e.status).toBe(400);
    expect(e.message).toBe(message);
  });

  it('passes well-formed filters through, typed', () => {
    const filters = [f('name', 'a'), f('all', 'b', '!c')];
    expect(validateFilters(filters)).toEqual(filters);
    expect(validateFilters(undefined)).toEqual([]);
  });

  it('compileFilters refuses an unknown key with the same enum error', () => {
    expect(() => compileFilters([f('nope', 'x')])).toThrow(/Value 'nope' at 'filters.1.member.key'/);
  });
});
