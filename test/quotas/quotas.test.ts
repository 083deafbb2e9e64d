import { describe, expect, it } from 'vitest';
import type { RequestContext } from '../../src/app/context.js';
import {
  AWS_RATES,
  createBuckets,
  createQuotas,
  OPERATION_GROUPS,
  parseQuotaConfig,
  type QuotaConfig,
} from '../../src/app/quotas.js';
import { ServiceError } from '../../src/domain/errors.js';

const ctx = (accountId: string, now: number, region = 'us-east-1'): RequestContext => ({
  principal: {
    accountId,
    arn: `arn:aws:iam::${accountId}:root`,
    type: 'Root',
    userName: 'root',
    accessKeyId: 'AK',
    isAdmin: true,
  },
  region,
  requestId: 'r',
  sourceIp: '127.0.0.1',
  secureTransport: false,
  now,
});

const noCount = async () => 0;
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof ServiceError ? `${e.code}: ${e.message}` : String(e);
  }
};

describe('parseQuotaConfig', () => {
  it('leaves rates off by default and with "off"; the secrets limit defaults to 500,000', () => {
    expect(parseQuotaConfig(undefined, undefined)).toEqual({ maxSecretsPerRegion: 500_000 });
    expect(parseQuotaConfig('off', '12')).toEqual({ maxSecretsPerRegion: 12 });
  });

  it('"on" uses AWS rates; pairs override single groups', () => {
    expect(parseQuotaConfig('on', undefined).rates).toBe(AWS_RATES);
    const c = parseQuotaConfig('write=5, get=200', undefined);
    expect(c.rates).toMatchObject({ write: 5, get: 200, create: 50, describe: 40_000 });
  });

  it('refuses unknown groups, bad rates and bad limits', () => {
    expect(() => parseQuotaConfig('writes=5', undefined)).toThrow('invalid STRONGROOM_QUOTAS');
    expect(() => parseQuotaConfig('write=0', undefined)).toThrow('invalid STRONGROOM_QUOTAS');
    expect(() => parseQuotaConfig('write', undefined)).toThrow('invalid STRONGROOM_QUOTAS');
    expect(() => parseQuotaConfig(undefined, '0')).toThrow('invalid STRONGROOM_MAX_SECRETS_PER_REGION');
    expect(() => parseQuotaConfig(undefined, 'many')).toThrow('invalid STRONGROOM_MAX_SECRETS_PER_REGION');
  });

  it('groups the operations as AWS does (catalog §9.1)', () => {
    const write = Object.keys(OPERATION_GROUPS).filter((op) => OPERATION_GROUPS[op] === 'write');
    expect(write.sort()).toEqual([
      'PutSecretValue',
      'RemoveRegionsFromReplication',
      'ReplicateSecretToRegions',
      'StopReplicationToReplica',
      'UpdateSecret',
      'UpdateSecretVersionStage',
    ]);
    expect(Object.keys(OPERATION_GROUPS)).toHaveLength(23);
  });
});

describe('token buckets', () => {
  it('allow a second of the rate at once, then refill continuously', () => {
    const take = createBuckets();
    for (let i = 0; i < 5; i++) expect(take('k', 5, 1000)).toBe(true);
    expect(take('k', 5, 1000)).toBe(false);
    expect(take('k', 5, 1100)).toBe(false); // half a token back
    expect(take('k', 5, 1200)).toBe(true); // one token after 200 ms at 5/s
    expect(take('k', 5, 1200)).toBe(false);
    expect(take('k', 5, 60_000)).toBe(true); // never more than capacity after a long pause
    for (let i = 0; i < 4; i++) expect(take('k', 5, 60_000)).toBe(true);
    expect(take('k', 5, 60_000)).toBe(false);
  });

  it('keeps one bucket per key', () => {
    const take = createBuckets();
    expect(take('a', 1, 0)).toBe(true);
    expect(take('a', 1, 0)).toBe(false);
    expect(take('b', 1, 0)).toBe(true);
  });
});

describe('createQuotas', () => {
  const config: QuotaConfig = { rates: { ...AWS_RATES, write: 2, get: 3 }, maxSecretsPerRegion: 1_000_000 };

  it('throttles with ThrottlingException "Rate exceeded"; the write group shares one bucket (145)', () => {
    const q = createQuotas(config, noCount);
    expect(q.admit(ctx('111111111111', 0), 'PutSecretValue')).toBeUndefined();
    q.admit(ctx('111111111111', 0), 'UpdateSecretVersionStage');
    expect(codeOf(() => q.admit(ctx('111111111111', 0), 'UpdateSecret'))).toBe('ThrottlingException: Rate exceeded');
    expect(codeOf(() => q.admit(ctx('111111111111', 0), 'ReplicateSecretToRegions'))).toBe(
      'ThrottlingException: Rate exceeded',
    );
    // Other groups, accounts and regions have their own buckets.
    expect(codeOf(() => q.admit(ctx('111111111111', 0), 'GetSecretValue'))).toBeUndefined();
    expect(codeOf(() => q.admit(ctx('222222222222', 0), 'PutSecretValue'))).toBeUndefined();
    expect(codeOf(() => q.admit(ctx('111111111111', 0, 'eu-west-1'), 'PutSecretValue'))).toBeUndefined();
    // Half a second later one write fits again (2 TPS).
    expect(codeOf(() => q.admit(ctx('111111111111', 500), 'PutSecretValue'))).toBeUndefined();
  });

  it('limits nothing when rates are off, but still counts secrets', async () => {
    const q = createQuotas({ maxSecretsPerRegion: 2 }, async () => 2);
    for (let i = 0; i < 1000; i++) expect(q.admit(ctx('111111111111', 0), 'GetSecretValue')).toBeUndefined();
    await expect(q.admit(ctx('111111111111', 0), 'CreateSecret')).rejects.toMatchObject({
      code: 'LimitExceededException',
      message: 'You have exceeded the maximum number of secrets allowed in this Region.',
    });
  });

  it('refuses the secret past the per-region limit, counting per account and region (146)', async () => {
    const counts = new Map<string, number>([['111111111111/us-east-1', 0]]);
    let queries = 0;
    const count = async (a: string, r: string) => {
      queries += 1;
      return counts.get(`${a}/${r}`) ?? 0;
    };
    const q = createQuotas({ maxSecretsPerRegion: 3 }, count);
    for (let i = 0; i < 3; i++) {
      await q.admit(ctx('111111111111', i), 'CreateSecret');
      counts.set('111111111111/us-east-1', i + 1);
    }
    await expect(q.admit(ctx('111111111111', 10), 'CreateSecret')).rejects.toMatchObject({
      code: 'LimitExceededException',
    });
    await q.admit(ctx('111111111111', 10, 'eu-west-1'), 'CreateSecret');
    await q.admit(ctx('222222222222', 10), 'CreateSecret');
    // Near the limit every create counts again, so a deletion frees a slot at once.
    counts.set('111111111111/us-east-1', 2);
    await q.admit(ctx('111111111111', 11), 'CreateSecret');
    expect(queries).toBeGreaterThanOrEqual(6);
  });

  it('far from the limit, counts once a minute and bumps the cached count in between', async () => {
    let queries = 0;
    const q = createQuotas({ maxSecretsPerRegion: 500_000 }, async () => {
      queries += 1;
      return 10;
    });
    for (let i = 0; i < 100; i++) await q.admit(ctx('111111111111', i), 'CreateSecret');
    expect(queries).toBe(1);
    await q.admit(ctx('111111111111', 61_000), 'CreateSecret');
    expect(queries).toBe(2);
  });
});
