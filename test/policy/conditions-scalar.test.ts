import { describe, expect, it } from 'vitest';
import type { RequestContextKeys } from '../../src/policy/index.js';
import { withCondition } from './helpers.js';

/** One row: a Condition block, the request context, and whether the Allow statement applies. */
type Row = { n: string; c: Record<string, unknown>; ctx: RequestContextKeys; ok: boolean };
const row = (n: string, c: Record<string, unknown>, ctx: RequestContextKeys, ok: boolean): Row => ({ n, c, ctx, ok });

const VS = 'secretsmanager:VersionStage';
const T = 'aws:CurrentTime';
const N = 'secretsmanager:RecoveryWindowInDays';

const strings: Row[] = [
  row('StringEquals matches exactly', { StringEquals: { [VS]: 'AWSCURRENT' } }, { [VS]: 'AWSCURRENT' }, true),
  row(
    'StringEquals is case-sensitive on values',
    { StringEquals: { [VS]: 'AWSCURRENT' } },
    { [VS]: 'awscurrent' },
    false,
  ),
  row(
    'StringEquals ORs its values',
    { StringEquals: { [VS]: ['AWSPREVIOUS', 'AWSCURRENT'] } },
    { [VS]: 'AWSCURRENT' },
    true,
  ),
  row('StringEquals fails when no value matches', { StringEquals: { [VS]: ['A', 'B'] } }, { [VS]: 'C' }, false),
  row('StringEquals fails on a missing key', { StringEquals: { [VS]: 'AWSCURRENT' } }, {}, false),
  row('StringEquals treats * literally (no match)', { StringEquals: { [VS]: 'a*' } }, { [VS]: 'abc' }, false),
  row('StringEquals treats * literally (match)', { StringEquals: { [VS]: 'a*' } }, { [VS]: 'a*' }, true),
  row(
    'condition key names are case-insensitive',
    { StringEquals: { 'SecretsManager:versionstage': 'X' } },
    { [VS]: 'X' },
    true,
  ),
  row(
    'context key names are case-insensitive',
    { StringEquals: { [VS]: 'X' } },
    { 'SECRETSMANAGER:VERSIONSTAGE': 'X' },
    true,
  ),
  row('StringEquals compares a number policy value as text', { StringEquals: { [VS]: 5 } }, { [VS]: '5' }, true),
  row('StringEquals compares a number context value as text', { StringEquals: { [VS]: '5' } }, { [VS]: 5 }, true),
  row(
    'StringEquals compares a boolean context value as text',
    { StringEquals: { [VS]: 'true' } },
    { [VS]: true },
    true,
  ),
  row('StringEquals matches the empty string', { StringEquals: { [VS]: '' } }, { [VS]: '' }, true),
  row(
    'StringNotEquals holds for a different value',
    { StringNotEquals: { [VS]: 'AWSCURRENT' } },
    { [VS]: 'AWSPENDING' },
    true,
  ),
  row(
    'StringNotEquals fails for the same value',
    { StringNotEquals: { [VS]: 'AWSCURRENT' } },
    { [VS]: 'AWSCURRENT' },
    false,
  ),
  row('StringNotEquals holds on a missing key', { StringNotEquals: { [VS]: 'AWSCURRENT' } }, {}, true),
  row('StringNotEquals NORs its values (one equal)', { StringNotEquals: { [VS]: ['a', 'b'] } }, { [VS]: 'b' }, false),
  row('StringNotEquals NORs its values (none equal)', { StringNotEquals: { [VS]: ['a', 'b'] } }, { [VS]: 'c' }, true),
  row('StringNotEquals is case-sensitive', { StringNotEquals: { [VS]: 'abc' } }, { [VS]: 'ABC' }, true),
  row(
    'StringEqualsIgnoreCase ignores case',
    { StringEqualsIgnoreCase: { [VS]: 'AWSCURRENT' } },
    { [VS]: 'awsCurrent' },
    true,
  ),
  row(
    'StringEqualsIgnoreCase still compares text',
    { StringEqualsIgnoreCase: { [VS]: 'AWSCURRENT' } },
    { [VS]: 'x' },
    false,
  ),
  row('StringEqualsIgnoreCase fails on a missing key', { StringEqualsIgnoreCase: { [VS]: 'a' } }, {}, false),
  row(
    'StringNotEqualsIgnoreCase fails for a case variant',
    { StringNotEqualsIgnoreCase: { [VS]: 'ABC' } },
    { [VS]: 'abc' },
    false,
  ),
  row(
    'StringNotEqualsIgnoreCase holds for another value',
    { StringNotEqualsIgnoreCase: { [VS]: 'ABC' } },
    { [VS]: 'abd' },
    true,
  ),
  row('StringNotEqualsIgnoreCase holds on a missing key', { StringNotEqualsIgnoreCase: { [VS]: 'ABC' } }, {}, true),
  row('StringLike * matches a run', { StringLike: { [VS]: 'app/*' } }, { [VS]: 'app/db/main' }, true),
  row('StringLike * matches the empty run', { StringLike: { [VS]: 'app/*' } }, { [VS]: 'app/' }, true),
  row('StringLike needs the literal prefix', { StringLike: { [VS]: 'app/*' } }, { [VS]: 'other/db' }, false),
  row('StringLike ? matches one character', { StringLike: { [VS]: 'v?' } }, { [VS]: 'v1' }, true),
  row('StringLike ? matches exactly one character', { StringLike: { [VS]: 'v?' } }, { [VS]: 'v12' }, false),
  row('StringLike ? does not match zero characters', { StringLike: { [VS]: 'v?' } }, { [VS]: 'v' }, false),
  row('StringLike is case-sensitive', { StringLike: { [VS]: 'app/*' } }, { [VS]: 'APP/db' }, false),
  row('StringLike * alone matches the empty string', { StringLike: { [VS]: '*' } }, { [VS]: '' }, true),
  row('StringLike escapes regex metacharacters (.)', { StringLike: { [VS]: 'a.b' } }, { [VS]: 'axb' }, false),
  row(
    'StringLike escapes regex metacharacters (match)',
    { StringLike: { [VS]: 'a+(b)[c]' } },
    { [VS]: 'a+(b)[c]' },
    true,
  ),
  row('StringLike * spans newlines', { StringLike: { [VS]: 'a*b' } }, { [VS]: 'a\nb' }, true),
  row('StringLike ORs its values', { StringLike: { [VS]: ['x*', 'app*'] } }, { [VS]: 'application' }, true),
  row('StringLike fails on a missing key', { StringLike: { [VS]: '*' } }, {}, false),
  row('StringNotLike fails for a match', { StringNotLike: { [VS]: 'app/*' } }, { [VS]: 'app/db' }, false),
  row('StringNotLike holds for a non-match', { StringNotLike: { [VS]: 'app/*' } }, { [VS]: 'web/db' }, true),
  row('StringNotLike holds on a missing key', { StringNotLike: { [VS]: 'app/*' } }, {}, true),
  row('StringNotLike NORs its values', { StringNotLike: { [VS]: ['a*', 'b*'] } }, { [VS]: 'bx' }, false),
];

const numbers: Row[] = [
  row('NumericEquals matches a number', { NumericEquals: { [N]: '10' } }, { [N]: 10 }, true),
  row('NumericEquals matches a numeric string', { NumericEquals: { [N]: 10 } }, { [N]: '10' }, true),
  row('NumericEquals compares numerically', { NumericEquals: { [N]: '10' } }, { [N]: '10.0' }, true),
  row('NumericEquals fails for another number', { NumericEquals: { [N]: '10' } }, { [N]: 11 }, false),
  row('NumericEquals fails for a non-number', { NumericEquals: { [N]: '10' } }, { [N]: 'ten' }, false),
  row('NumericEquals fails on a missing key', { NumericEquals: { [N]: '10' } }, {}, false),
  row('NumericEquals ORs its values', { NumericEquals: { [N]: [7, 30] } }, { [N]: 30 }, true),
  row('NumericNotEquals holds for another number', { NumericNotEquals: { [N]: '10' } }, { [N]: 11 }, true),
  row('NumericNotEquals fails for the same number', { NumericNotEquals: { [N]: '10' } }, { [N]: 10 }, false),
  row('NumericNotEquals holds on a missing key', { NumericNotEquals: { [N]: '10' } }, {}, true),
  row('NumericLessThan below', { NumericLessThan: { [N]: '10' } }, { [N]: 9 }, true),
  row('NumericLessThan equal', { NumericLessThan: { [N]: '10' } }, { [N]: 10 }, false),
  row('NumericLessThan above', { NumericLessThan: { [N]: '10' } }, { [N]: 11 }, false),
  row('NumericLessThanEquals equal', { NumericLessThanEquals: { [N]: '10' } }, { [N]: 10 }, true),
  row('NumericLessThanEquals above', { NumericLessThanEquals: { [N]: '10' } }, { [N]: 11 }, false),
  row('NumericGreaterThan above', { NumericGreaterThan: { [N]: '10' } }, { [N]: 11 }, true),
  row('NumericGreaterThan equal', { NumericGreaterThan: { [N]: '10' } }, { [N]: 10 }, false),
  row('NumericGreaterThanEquals equal', { NumericGreaterThanEquals: { [N]: '10' } }, { [N]: 10 }, true),
  row('NumericGreaterThanEquals below', { NumericGreaterThanEquals: { [N]: '10' } }, { [N]: 9 }, false),
  row('NumericLessThan handles decimals', { NumericLessThan: { [N]: '1.5' } }, { [N]: '1.25' }, true),
  row('NumericGreaterThan handles negatives', { NumericGreaterThan: { [N]: '-1' } }, { [N]: 0 }, true),
  row('NumericLessThanIfExists holds on a missing key', { NumericLessThanIfExists: { [N]: '10' } }, {}, true),
  row(
    'NumericLessThanIfExists still compares a present key',
    { NumericLessThanIfExists: { [N]: '10' } },
    { [N]: 12 },
    false,
  ),
];

const dates: Row[] = [
  row(
    'DateGreaterThan after',
    { DateGreaterThan: { [T]: '2020-01-01T00:00:00Z' } },
    { [T]: '2021-06-01T00:00:00Z' },
    true,
  ),
  row(
    'DateGreaterThan before',
    { DateGreaterThan: { [T]: '2020-01-01T00:00:00Z' } },
    { [T]: '2019-06-01T00:00:00Z' },
    false,
  ),
  row(
    'DateGreaterThan equal',
    { DateGreaterThan: { [T]: '2020-01-01T00:00:00Z' } },
    { [T]: '2020-01-01T00:00:00Z' },
    false,
  ),
  row(
    'DateGreaterThanEquals equal',
    { DateGreaterThanEquals: { [T]: '2020-01-01T00:00:00Z' } },
    { [T]: '2020-01-01T00:00:00Z' },
    true,
  ),
  row('DateLessThan before', { DateLessThan: { [T]: '2020-01-01T00:00:00Z' } }, { [T]: '2019-12-31T23:59:59Z' }, true),
  row('DateLessThan after', { DateLessThan: { [T]: '2020-01-01T00:00:00Z' } }, { [T]: '2020-01-01T00:00:01Z' }, false),
  row(
    'DateLessThanEquals equal',
    { DateLessThanEquals: { [T]: '2020-01-01T00:00:00Z' } },
    { [T]: '2020-01-01T00:00:00Z' },
    true,
  ),
  row(
    'DateEquals compares instants across zones',
    { DateEquals: { [T]: '2020-01-01T01:00:00+01:00' } },
    { [T]: '2020-01-01T00:00:00Z' },
    true,
  ),
  row(
    'DateEquals fails for another instant',
    { DateEquals: { [T]: '2020-01-01T00:00:00Z' } },
    { [T]: '2020-01-01T00:00:01Z' },
    false,
  ),
  row(
    'DateNotEquals holds for another instant',
    { DateNotEquals: { [T]: '2020-01-01T00:00:00Z' } },
    { [T]: '2021-01-01T00:00:00Z' },
    true,
  ),
  row(
    'DateNotEquals fails for the same instant',
    { DateNotEquals: { [T]: '2020-01-01T00:00:00Z' } },
    { [T]: '2020-01-01T00:00:00Z' },
    false,
  ),
  row('DateNotEquals holds on a missing key', { DateNotEquals: { [T]: '2020-01-01T00:00:00Z' } }, {}, true),
  row('DateLessThan fails on a missing key', { DateLessThan: { [T]: '2020-01-01T00:00:00Z' } }, {}, false),
  row(
    'a policy date in epoch seconds',
    { DateGreaterThan: { 'aws:EpochTime': '1577836800' } },
    { 'aws:EpochTime': 1600000000 },
    true,
  ),
  row(
    'a context date in epoch seconds (string)',
    { DateLessThan: { 'aws:EpochTime': '2021-01-01T00:00:00Z' } },
    { 'aws:EpochTime': '1577836800' },
    true,
  ),
  row(
    'a date-only policy value is midnight UTC',
    { DateLessThan: { [T]: '2020-01-02' } },
    { [T]: '2020-01-01T23:59:59Z' },
    true,
  ),
  row(
    'fractional seconds count',
    { DateGreaterThan: { [T]: '2020-01-01T00:00:00Z' } },
    { [T]: '2020-01-01T00:00:00.500Z' },
    true,
  ),
  row(
    'an unparsable context date never matches',
    { DateGreaterThan: { [T]: '2020-01-01T00:00:00Z' } },
    { [T]: 'tomorrow' },
    false,
  ),
  row(
    'DateLessThanIfExists holds on a missing key',
    { DateLessThanIfExists: { [T]: '2020-01-01T00:00:00Z' } },
    {},
    true,
  ),
];

const B = 'aws:SecureTransport';
const bools: Row[] = [
  row('Bool true matches boolean true', { Bool: { [B]: 'true' } }, { [B]: true }, true),
  row('Bool true matches the string true', { Bool: { [B]: 'true' } }, { [B]: 'true' }, true),
  row('Bool is case-insensitive on the value', { Bool: { [B]: 'TRUE' } }, { [B]: 'True' }, true),
  row('Bool true fails for false', { Bool: { [B]: 'true' } }, { [B]: false }, false),
  row('Bool true fails for the string false', { Bool: { [B]: 'true' } }, { [B]: 'false' }, false),
  row('Bool false matches false', { Bool: { [B]: 'false' } }, { [B]: false }, true),
  row('Bool accepts a JSON boolean in the policy', { Bool: { [B]: true } }, { [B]: true }, true),
  row('Bool fails on a missing key', { Bool: { [B]: 'true' } }, {}, false),
  row('BoolIfExists holds on a missing key', { BoolIfExists: { [B]: 'true' } }, {}, true),
  row('BoolIfExists still compares a present key', { BoolIfExists: { [B]: 'true' } }, { [B]: false }, false),
];

const BIN = 'aws:SomeBinaryKey';
const binary: Row[] = [
  row(
    'BinaryEquals compares bytes',
    { BinaryEquals: { [BIN]: 'QmluYXJ5VmFsdWU=' } },
    { [BIN]: 'QmluYXJ5VmFsdWU=' },
    true,
  ),
  row(
    'BinaryEquals fails for other bytes',
    { BinaryEquals: { [BIN]: 'QmluYXJ5VmFsdWU=' } },
    { [BIN]: 'QmluYXJ5VmFsdWF=' },
    false,
  ),
  row('BinaryEquals fails for a prefix', { BinaryEquals: { [BIN]: 'AQID' } }, { [BIN]: 'AQI=' }, false),
  row('BinaryEquals fails on a missing key', { BinaryEquals: { [BIN]: 'AQID' } }, {}, false),
  row('BinaryEqualsIfExists holds on a missing key', { BinaryEqualsIfExists: { [BIN]: 'AQID' } }, {}, true),
];

describe.each([
  ['string', strings],
  ['numeric', numbers],
  ['date', dates],
  ['bool', bools],
  ['binary', binary],
])('condition operators: %s', (_name, rows) => {
  it.each(rows)('$n', ({ c, ctx, ok }) => {
    expect(withCondition(c, { context: ctx })).toBe(ok ? 'Allow' : 'ImplicitDeny');
  });
});
