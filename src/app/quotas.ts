import { Errors } from '../domain/errors.js';
import type { RequestContext } from './context.js';

/**
 * Secrets Manager's quotas (catalog §9.1): request rates per account, region and operation group
 * (token buckets refilled continuously at the group's TPS, holding at most one second of it),
 * and secrets per region. Cross-account calls spend the calling account's bucket.
 *
 * Rates are off unless STRONGROOM_QUOTAS turns them on (`on` = AWS's values, or overrides like
 * `write=5,get=200`); the secrets-per-region limit is always on (STRONGROOM_MAX_SECRETS_PER_REGION,
 * default 500,000). Why rates default off: docs/kms.md "Quotas".
 *
 * Cost on the hot path: one Map lookup and a few arithmetic operations per call.
 */
export type QuotaGroup =
  | 'policy'
  | 'write'
  | 'restore'
  | 'rotate'
  | 'tag'
  | 'batch-get'
  | 'create'
  | 'delete'
  | 'describe'
  | 'password'
  | 'get'
  | 'list-versions'
  | 'list';

/** AWS's rates (TPS), none adjustable there. */
export const AWS_RATES: Readonly<Record<QuotaGroup, number>> = {
  policy: 50,
  write: 50,
  restore: 50,
  rotate: 50,
  tag: 50,
  'batch-get': 100,
  create: 50,
  delete: 50,
  describe: 40_000,
  password: 50,
  get: 10_000,
  'list-versions': 50,
  list: 100,
};

export const OPERATION_GROUPS: Readonly<Record<string, QuotaGroup>> = {
  DeleteResourcePolicy: 'policy',
  GetResourcePolicy: 'policy',
  PutResourcePolicy: 'policy',
  ValidateResourcePolicy: 'policy',
  PutSecretValue: 'write',
  RemoveRegionsFromReplication: 'write',
  ReplicateSecretToRegions: 'write',
  StopReplicationToReplica: 'write',
  UpdateSecret: 'write',
  UpdateSecretVersionStage: 'write',
  RestoreSecret: 'restore',
  RotateSecret: 'rotate',
  CancelRotateSecret: 'rotate',
  TagResource: 'tag',
  UntagResource: 'tag',
  BatchGetSecretValue: 'batch-get',
  CreateSecret: 'create',
  DeleteSecret: 'delete',
  DescribeSecret: 'describe',
  GetRandomPassword: 'password',
  GetSecretValue: 'get',
  ListSecretVersionIds: 'list-versions',
  ListSecrets: 'list',
};

export const DEFAULT_MAX_SECRETS_PER_REGION = 500_000;

export type QuotaConfig = {
  /** TPS per group; undefined = rates are not limited. */
  rates?: Readonly<Record<QuotaGroup, number>>;
  maxSecretsPerRegion: number;
};

/** STRONGROOM_QUOTAS (`off` | `on` | `group=tps,…`) and STRONGROOM_MAX_SECRETS_PER_REGION. */
export function parseQuotaConfig(quotas: string | undefined, maxSecrets: string | undefined): QuotaConfig {
  const max = maxSecrets === undefined || maxSecrets === '' ? DEFAULT_MAX_SECRETS_PER_REGION : Number(maxSecrets);
  if (!Number.isSafeInteger(max) || max < 1) {
    throw new Error(`invalid STRONGROOM_MAX_SECRETS_PER_REGION: ${maxSecrets} (a positive integer)`);
  }
  const text = (quotas ?? 'off').trim();
  if (text === 'off' || text === '') return { maxSecretsPerRegion: max };
  if (text === 'on') return { rates: AWS_RATES, maxSecretsPerRegion: max };
  const rates: Record<string, number> = { ...AWS_RATES };
  for (const part of text.split(',')) {
    const [group, value] = part.split('=').map((s) => s.trim());
    const tps = Number(value);
    if (!group || !(group in AWS_RATES) || !Number.isFinite(tps) || tps <= 0) {
      throw new Error(
        `invalid STRONGROOM_QUOTAS: ${quotas} (off, on, or group=tps pairs; groups: ${Object.keys(AWS_RATES).join(', ')})`,
      );
    }
    rates[group] = tps;
  }
  return { rates: rates as Record<QuotaGroup, number>, maxSecretsPerRegion: max };
}

type Bucket = { tokens: number; at: number };

/** Token buckets: `take` spends one token of the bucket `key` at time `now` (ms), or returns false. */
export function createBuckets() {
  const buckets = new Map<string, Bucket>();
  return (key: string, tps: number, now: number): boolean => {
    const capacity = Math.max(1, tps);
    const b = buckets.get(key);
    if (!b) {
      buckets.set(key, { tokens: capacity - 1, at: now });
      return true;
    }
    const tokens = Math.min(capacity, b.tokens + ((now - b.at) * tps) / 1000);
    b.at = now;
    if (tokens < 1) {
      b.tokens = tokens;
      return false;
    }
    b.tokens = tokens - 1;
    return true;
  };
}

/** How far below the limit a cached count is trusted without counting again, and for how long. */
const COUNT_MARGIN = 1_000;
const COUNT_TTL_MS = 60_000;

/**
 * The secrets-per-region limit. Counting 500,000 rows on every CreateSecret would cost more than
 * the create, so a count is cached per account and region and bumped by each admitted create;
 * it is counted again after a minute or once within COUNT_MARGIN of the limit (deletes only
 * lower the real count, so the cache errs on the side of counting).
 */
function createSecretsLimit(max: number, count: (accountId: string, region: string) => Promise<number>) {
  const cached = new Map<string, { count: number; at: number }>();
  return async (ctx: RequestContext): Promise<void> => {
    const key = `${ctx.principal.accountId}\u0000${ctx.region}`;
    let c = cached.get(key);
    if (!c || ctx.now - c.at > COUNT_TTL_MS || c.count >= max - COUNT_MARGIN) {
      c = { count: await count(ctx.principal.accountId, ctx.region), at: ctx.now };
      cached.set(key, c);
    }
    if (c.count >= max) throw Errors.secretsPerRegion();
    c.count += 1;
  };
}

export type Quotas = {
  /** Before an operation runs; returns a promise only when it must wait (CreateSecret's count). */
  admit(ctx: RequestContext, operation: string): Promise<void> | undefined;
};

export function createQuotas(
  config: QuotaConfig,
  count: (accountId: string, region: string) => Promise<number>,
): Quotas {
  const take = createBuckets();
  const rates = config.rates;
  const secretsLimit = createSecretsLimit(config.maxSecretsPerRegion, count);
  return {
    admit(ctx, operation) {
      const group = OPERATION_GROUPS[operation];
      if (rates && group) {
        const key = `${ctx.principal.accountId}\u0000${ctx.region}\u0000${group}`;
        if (!take(key, rates[group], ctx.now)) throw Errors.throttled();
      }
      return operation === 'CreateSecret' ? secretsLimit(ctx) : undefined;
    },
  };
}
