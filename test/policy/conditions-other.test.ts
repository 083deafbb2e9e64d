import { describe, expect, it } from 'vitest';
import type { RequestContextKeys } from '../../src/policy/index.js';
import { withCondition } from './helpers.js';

/** One row: a Condition block, the request context, and whether the Allow statement applies. */
type Row = { n: string; c: Record<string, unknown>; ctx: RequestContextKeys; ok: boolean };
const row = (n: string, c: Record<string, unknown>, ctx: RequestContextKeys, ok: boolean): Row => ({ n, c, ctx, ok });

const VS = 'secretsmanager:VersionStage';
const IP = 'aws:SourceIp';
const ARN = 'aws:SourceArn';
const KEYS = 'aws:TagKeys';
const B = 'aws:SecureTransport';

const ips: Row[] = [
  row('IpAddress inside an IPv4 block', { IpAddress: { [IP]: '203.0.113.0/24' } }, { [IP]: '203.0.113.7' }, true),
  row('IpAddress outside an IPv4 block', { IpAddress: { [IP]: '203.0.113.0/24' } }, { [IP]: '203.0.114.1' }, false),
  row('IpAddress without prefix is /32 (match)', { IpAddress: { [IP]: '203.0.113.7' } }, { [IP]: '203.0.113.7' }, true),
  row(
    'IpAddress without prefix is /32 (no match)',
    { IpAddress: { [IP]: '203.0.113.7' } },
    { [IP]: '203.0.113.8' },
    false,
  ),
  row('IpAddress /0 matches every IPv4 address', { IpAddress: { [IP]: '0.0.0.0/0' } }, { [IP]: '198.51.100.9' }, true),
  row('IpAddress /25 lower half', { IpAddress: { [IP]: '203.0.113.0/25' } }, { [IP]: '203.0.113.127' }, true),
  row('IpAddress /25 upper half', { IpAddress: { [IP]: '203.0.113.0/25' } }, { [IP]: '203.0.113.128' }, false),
  row(
    'IpAddress inside an IPv6 block',
    { IpAddress: { [IP]: '2001:DB8:1234:5678::/64' } },
    { [IP]: '2001:db8:1234:5678:abcd::1' },
    true,
  ),
  row(
    'IpAddress outside an IPv6 block',
    { IpAddress: { [IP]: '2001:DB8:1234:5678::/64' } },
    { [IP]: '2001:db8:1234:5679::1' },
    false,
  ),
  row('IpAddress IPv6 host (/128)', { IpAddress: { [IP]: '::1' } }, { [IP]: '::1' }, true),
  row('IpAddress IPv6 host (other)', { IpAddress: { [IP]: '::1' } }, { [IP]: '::2' }, false),
  row(
    'IpAddress reads IPv4-mapped IPv6 as IPv4',
    { IpAddress: { [IP]: '203.0.113.0/24' } },
    { [IP]: '::ffff:203.0.113.7' },
    true,
  ),
  row(
    'IpAddress mixes IPv4 and IPv6 values',
    { IpAddress: { [IP]: ['203.0.113.0/24', '2001:db8::/32'] } },
    { [IP]: '2001:db8::5' },
    true,
  ),
  row(
    'IpAddress: an IPv4 block never holds IPv6',
    { IpAddress: { [IP]: '0.0.0.0/0' } },
    { [IP]: '2001:db8::5' },
    false,
  ),
  row('IpAddress: a garbage address never matches', { IpAddress: { [IP]: '0.0.0.0/0' } }, { [IP]: 'not-an-ip' }, false),
  row('IpAddress fails on a missing key', { IpAddress: { [IP]: '0.0.0.0/0' } }, {}, false),
  row(
    'IpAddress with embedded IPv4 in IPv6 form',
    { IpAddress: { [IP]: '64:ff9b::/96' } },
    { [IP]: '64:ff9b::192.0.2.1' },
    true,
  ),
  row(
    'NotIpAddress holds outside the block',
    { NotIpAddress: { [IP]: '203.0.113.0/24' } },
    { [IP]: '198.51.100.1' },
    true,
  ),
  row(
    'NotIpAddress fails inside the block',
    { NotIpAddress: { [IP]: '203.0.113.0/24' } },
    { [IP]: '203.0.113.5' },
    false,
  ),
  row('NotIpAddress holds on a missing key', { NotIpAddress: { [IP]: '203.0.113.0/24' } }, {}, true),
  row('IpAddressIfExists holds on a missing key', { IpAddressIfExists: { [IP]: '10.0.0.0/8' } }, {}, true),
];

const src = 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt';
const arns: Row[] = [
  row(
    'ArnEquals matches exactly',
    { ArnEquals: { [ARN]: 'arn:aws:sns:us-east-1:111122223333:topic' } },
    { [ARN]: 'arn:aws:sns:us-east-1:111122223333:topic' },
    true,
  ),
  row(
    'ArnEquals takes wildcards like ArnLike',
    { ArnEquals: { [ARN]: 'arn:aws:sns:*:111122223333:topic' } },
    { [ARN]: 'arn:aws:sns:eu-west-1:111122223333:topic' },
    true,
  ),
  row(
    'ArnLike * within a segment',
    { ArnLike: { [ARN]: 'arn:aws:iam::111122223333:role/*' } },
    { [ARN]: 'arn:aws:iam::111122223333:role/admin' },
    true,
  ),
  row(
    'ArnLike segments are checked separately (doc example)',
    { ArnLike: { [ARN]: 'arn:aws:someservice:*:111122223333:finance/*' } },
    { [ARN]: src },
    false,
  ),
  row(
    'StringLike matches the same value across colons (doc example)',
    { StringLike: { [ARN]: 'arn:aws:someservice:*:111122223333:finance/*' } },
    { [ARN]: src },
    true,
  ),
  row(
    'ArnLike ? is one character',
    { ArnLike: { [ARN]: 'arn:aws:sns:us-east-?:111122223333:t' } },
    { [ARN]: 'arn:aws:sns:us-east-1:111122223333:t' },
    true,
  ),
  row(
    'ArnLike is case-sensitive',
    { ArnLike: { [ARN]: 'arn:aws:iam::111122223333:role/Admin' } },
    { [ARN]: 'arn:aws:iam::111122223333:role/admin' },
    false,
  ),
  row(
    'ArnLike: the resource segment may contain colons',
    { ArnLike: { [ARN]: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:*' } },
    { [ARN]: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:a:b' },
    true,
  ),
  row(
    'ArnLike * alone matches any ARN',
    { ArnLike: { [ARN]: '*' } },
    { [ARN]: 'arn:aws:sns:us-east-1:111122223333:t' },
    true,
  ),
  row(
    'ArnLike: a pattern-ending * runs past colons',
    { ArnLike: { [ARN]: 'arn:aws:sns:*' } },
    { [ARN]: 'arn:aws:sns:us-east-1:111122223333:t' },
    true,
  ),
  row(
    'ArnLike: an inner * stays within its segment',
    { ArnLike: { [ARN]: 'arn:aws:sns:*:t' } },
    { [ARN]: 'arn:aws:sns:us-east-1:111122223333:t' },
    false,
  ),
  row('ArnLike never matches a non-string value', { ArnLike: { [ARN]: '*' } }, { [ARN]: 5 }, false),
  row('ArnLike needs all six segments', { ArnLike: { [ARN]: 'arn:aws:sns:*:*:*' } }, { [ARN]: 'arn:aws:sns' }, false),
  row(
    'ArnNotEquals holds for another ARN',
    { ArnNotEquals: { [ARN]: 'arn:aws:sns:us-east-1:111122223333:t' } },
    { [ARN]: 'arn:aws:sns:us-east-1:111122223333:u' },
    true,
  ),
  row(
    'ArnNotEquals fails for the same ARN',
    { ArnNotEquals: { [ARN]: 'arn:aws:sns:us-east-1:111122223333:t' } },
    { [ARN]: 'arn:aws:sns:us-east-1:111122223333:t' },
    false,
  ),
  row(
    'ArnNotLike fails for a match',
    { ArnNotLike: { [ARN]: 'arn:aws:sns:*:111122223333:*' } },
    { [ARN]: 'arn:aws:sns:us-east-1:111122223333:t' },
    false,
  ),
  row('ArnNotLike holds on a missing key', { ArnNotLike: { [ARN]: 'arn:aws:sns:*:111122223333:*' } }, {}, true),
  row('ArnLike fails on a missing key', { ArnLike: { [ARN]: '*' } }, {}, false),
  row('ArnLikeIfExists holds on a missing key', { ArnLikeIfExists: { [ARN]: 'arn:aws:sns:*:*:*' } }, {}, true),
];

const K = 'secretsmanager:KmsKeyArn';
const nulls: Row[] = [
  row('Null true holds when the key is missing', { Null: { [K]: 'true' } }, {}, true),
  row(
    'Null true fails when the key is present',
    { Null: { [K]: 'true' } },
    { [K]: 'arn:aws:kms:us-east-1:111122223333:key/1' },
    false,
  ),
  row('Null false holds when the key is present', { Null: { [K]: 'false' } }, { [K]: 'x' }, true),
  row('Null false fails when the key is missing', { Null: { [K]: 'false' } }, {}, false),
  row('Null true holds for an empty string', { Null: { [K]: 'true' } }, { [K]: '' }, true),
  row('Null true holds for an empty list', { Null: { [KEYS]: 'true' } }, { [KEYS]: [] }, true),
  row('Null accepts a JSON boolean', { Null: { [K]: true } }, {}, true),
  row('Null with both values always holds', { Null: { [K]: ['true', 'false'] } }, { [K]: 'x' }, true),
];

const ifExists: Row[] = [
  row('StringEqualsIfExists holds on a missing key', { StringEqualsIfExists: { [VS]: 'AWSCURRENT' } }, {}, true),
  row(
    'StringEqualsIfExists compares a present key (match)',
    { StringEqualsIfExists: { [VS]: 'AWSCURRENT' } },
    { [VS]: 'AWSCURRENT' },
    true,
  ),
  row(
    'StringEqualsIfExists compares a present key (no match)',
    { StringEqualsIfExists: { [VS]: 'AWSCURRENT' } },
    { [VS]: 'AWSPREVIOUS' },
    false,
  ),
  row('StringNotEqualsIfExists holds on a missing key', { StringNotEqualsIfExists: { [VS]: 'X' } }, {}, true),
  row(
    'StringNotEqualsIfExists fails for an equal present key',
    { StringNotEqualsIfExists: { [VS]: 'X' } },
    { [VS]: 'X' },
    false,
  ),
  row('StringLikeIfExists holds on a missing key', { StringLikeIfExists: { [VS]: 'x*' } }, {}, true),
  row('StringLikeIfExists compares a present key', { StringLikeIfExists: { [VS]: 'x*' } }, { [VS]: 'y' }, false),
  row('IfExists suffix is case-insensitive', { StringEqualsifexists: { [VS]: 'X' } }, {}, true),
];

const sets: Row[] = [
  row(
    'ForAllValues: every request value listed',
    { 'ForAllValues:StringEquals': { [KEYS]: ['a', 'b'] } },
    { [KEYS]: ['a', 'b'] },
    true,
  ),
  row(
    'ForAllValues: a subset is enough',
    { 'ForAllValues:StringEquals': { [KEYS]: ['a', 'b'] } },
    { [KEYS]: ['a'] },
    true,
  ),
  row(
    'ForAllValues: one unlisted value fails',
    { 'ForAllValues:StringEquals': { [KEYS]: ['a', 'b'] } },
    { [KEYS]: ['a', 'c'] },
    false,
  ),
  row('ForAllValues: an empty set is true', { 'ForAllValues:StringEquals': { [KEYS]: ['a'] } }, { [KEYS]: [] }, true),
  row('ForAllValues: a missing key is true', { 'ForAllValues:StringEquals': { [KEYS]: ['a'] } }, {}, true),
  row(
    'ForAllValues: an empty string is an empty set',
    { 'ForAllValues:StringEquals': { [KEYS]: ['a'] } },
    { [KEYS]: '' },
    true,
  ),
  row(
    'ForAnyValue: one listed value is enough',
    { 'ForAnyValue:StringEquals': { [KEYS]: ['a', 'b'] } },
    { [KEYS]: ['c', 'a'] },
    true,
  ),
  row(
    'ForAnyValue: no listed value fails',
    { 'ForAnyValue:StringEquals': { [KEYS]: ['a', 'b'] } },
    { [KEYS]: ['c'] },
    false,
  ),
  row('ForAnyValue: an empty set is false', { 'ForAnyValue:StringEquals': { [KEYS]: ['a'] } }, { [KEYS]: [] }, false),
  row('ForAnyValue: a missing key is false', { 'ForAnyValue:StringEquals': { [KEYS]: ['a'] } }, {}, false),
  row(
    'ForAnyValue…IfExists: a missing key is true',
    { 'ForAnyValue:StringEqualsIfExists': { [KEYS]: ['a'] } },
    {},
    true,
  ),
  row(
    'ForAnyValue: a scalar is a one-element set',
    { 'ForAnyValue:StringEquals': { [KEYS]: 'a' } },
    { [KEYS]: 'a' },
    true,
  ),
  row(
    'ForAllValues:StringLike inside the list',
    { 'ForAllValues:StringLike': { [KEYS]: ['us-*', 'ca-*'] } },
    { [KEYS]: ['us-east-2'] },
    true,
  ),
  row(
    'ForAllValues:StringLike outside the list',
    { 'ForAllValues:StringLike': { [KEYS]: ['us-*', 'ca-*'] } },
    { [KEYS]: ['eu-west-1'] },
    false,
  ),
  row(
    'ForAllValues:StringLike mixed',
    { 'ForAllValues:StringLike': { [KEYS]: ['us-*', 'ca-*'] } },
    { [KEYS]: ['us-east-1', 'eu-west-1'] },
    false,
  ),
  row(
    'ForAllValues:StringNotEquals: none listed',
    { 'ForAllValues:StringNotEquals': { [KEYS]: ['x'] } },
    { [KEYS]: ['a', 'b'] },
    true,
  ),
  row(
    'ForAllValues:StringNotEquals: one listed',
    { 'ForAllValues:StringNotEquals': { [KEYS]: ['x'] } },
    { [KEYS]: ['a', 'x'] },
    false,
  ),
  row(
    'ForAnyValue:StringNotEquals: one unlisted',
    { 'ForAnyValue:StringNotEquals': { [KEYS]: ['x'] } },
    { [KEYS]: ['x', 'a'] },
    true,
  ),
  row(
    'ForAnyValue:StringNotEquals: all listed',
    { 'ForAnyValue:StringNotEquals': { [KEYS]: ['x'] } },
    { [KEYS]: ['x'] },
    false,
  ),
  row(
    'ForAllValues:NumericLessThan all below',
    { 'ForAllValues:NumericLessThan': { [KEYS]: 10 } },
    { [KEYS]: ['1', '2'] },
    true,
  ),
  row(
    'ForAllValues:NumericLessThan one above',
    { 'ForAllValues:NumericLessThan': { [KEYS]: 10 } },
    { [KEYS]: ['1', '20'] },
    false,
  ),
  row(
    'set operator prefixes are case-insensitive',
    { 'forallvalues:StringEquals': { [KEYS]: ['a'] } },
    { [KEYS]: ['a'] },
    true,
  ),
  row(
    'no set operator on a list: any value matching holds',
    { StringEquals: { [KEYS]: 'a' } },
    { [KEYS]: ['a', 'b'] },
    true,
  ),
  row(
    'no set operator on a list: no value matching fails',
    { StringEquals: { [KEYS]: 'a' } },
    { [KEYS]: ['b', 'c'] },
    false,
  ),
  row(
    'no set operator, negated, on a list: none equal holds',
    { StringNotEquals: { [KEYS]: 'a' } },
    { [KEYS]: ['b', 'c'] },
    true,
  ),
  row(
    'no set operator, negated, on a list: one equal fails',
    { StringNotEquals: { [KEYS]: 'a' } },
    { [KEYS]: ['a', 'b'] },
    false,
  ),
];

const logic: Row[] = [
  row(
    'keys under one operator AND (both hold)',
    { StringEquals: { [VS]: 'A', [KEYS]: 'k' } },
    { [VS]: 'A', [KEYS]: 'k' },
    true,
  ),
  row(
    'keys under one operator AND (one fails)',
    { StringEquals: { [VS]: 'A', [KEYS]: 'k' } },
    { [VS]: 'A', [KEYS]: 'x' },
    false,
  ),
  row(
    'operators AND (both hold)',
    { StringEquals: { [VS]: 'A' }, Bool: { [B]: 'true' } },
    { [VS]: 'A', [B]: true },
    true,
  ),
  row(
    'operators AND (one fails)',
    { StringEquals: { [VS]: 'A' }, Bool: { [B]: 'true' } },
    { [VS]: 'A', [B]: false },
    false,
  ),
  row('an empty Condition block always holds', {}, {}, true),
];

describe.each([
  ['ip address', ips],
  ['arn', arns],
  ['null', nulls],
  ['IfExists', ifExists],
  ['set operators', sets],
  ['combination', logic],
])('condition operators: %s', (_name, rows) => {
  it.each(rows)('$n', ({ c, ctx, ok }) => {
    expect(withCondition(c, { context: ctx })).toBe(ok ? 'Allow' : 'ImplicitDeny');
  });
});
