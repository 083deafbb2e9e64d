import type { SecretsClient } from './secrets-client.js';

/**
 * A client-side cache with the semantics of AWS's caching libraries (Java/.NET/Python/Go):
 * LRU of 1,024 entries, a refresh interval of one hour, version stage AWSCURRENT; a refresh
 * calls DescribeSecret and fetches the value with GetSecretValue only when the stage moved to
 * another version; when a refresh fails the cached (stale) value keeps being served, and the
 * next attempt waits with exponential backoff (1 s doubling up to the TTL).
 *
 * Works with an AWS SDK v3 SecretsManagerClient (anything with `send`) or Strongroom's own
 * client (`createSecretsClient`).
 *
 * @example
 * import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
 * import { SecretCache } from 'strongroom/client';
 * const cache = new SecretCache({ client: new SecretsManagerClient({}) });
 * const password = await cache.getSecretString('app/db');
 */
export type SdkLikeClient = { send(command: unknown): Promise<unknown> };

export type SecretCacheOptions = {
  client: SdkLikeClient | SecretsClient;
  maxCacheSize?: number;
  cacheItemTtlMs?: number;
  versionStage?: string;
  /** Lets an application transform what is stored and read (e.g. encrypt in memory). */
  hook?: { put(value: CachedValue): CachedValue; get(value: CachedValue): CachedValue };
  now?: () => number;
};

export type CachedValue = { versionId: string; secretString?: string; secretBinary?: Uint8Array };

type Entry = { value?: CachedValue; expiresAt: number; failures: number };

type Api = {
  describe(id: string): Promise<Record<string, string[]>>;
  get(id: string, versionId: string): Promise<CachedValue>;
};

async function sdkApi(client: SdkLikeClient): Promise<Api> {
  const sdk = await import('@aws-sdk/client-secrets-manager');
  return {
    describe: async (id) =>
      (
        (await client.send(new sdk.DescribeSecretCommand({ SecretId: id }))) as {
          VersionIdsToStages?: Record<string, string[]>;
        }
      ).VersionIdsToStages ?? {},
    get: async (id, versionId) => {
      const r = (await client.send(new sdk.GetSecretValueCommand({ SecretId: id, VersionId: versionId }))) as {
        VersionId: string;
        SecretString?: string;
        SecretBinary?: Uint8Array;
      };
      return { versionId: r.VersionId, secretString: r.SecretString, secretBinary: r.SecretBinary };
    },
  };
}

function ownApi(client: SecretsClient): Api {
  return {
    describe: async (id) =>
      (await client.call<{ VersionIdsToStages?: Record<string, string[]> }>('DescribeSecret', { SecretId: id }))
        .VersionIdsToStages ?? {},
    get: async (id, versionId) => {
      const r = await client.call<{ VersionId: string; SecretString?: string; SecretBinary?: string }>(
        'GetSecretValue',
        {
          SecretId: id,
          VersionId: versionId,
        },
      );
      return {
        versionId: r.VersionId,
        secretString: r.SecretString,
        secretBinary: r.SecretBinary === undefined ? undefined : Buffer.from(r.SecretBinary, 'base64'),
      };
    },
  };
}

export class SecretCache {
  readonly maxCacheSize: number;
  readonly cacheItemTtlMs: number;
  readonly versionStage: string;
  readonly #entries = new Map<string, Entry>();
  readonly #options: SecretCacheOptions;
  #api?: Promise<Api>;

  constructor(o: SecretCacheOptions) {
    this.#options = o;
    this.maxCacheSize = o.maxCacheSize ?? 1024;
    this.cacheItemTtlMs = o.cacheItemTtlMs ?? 3_600_000;
    this.versionStage = o.versionStage ?? 'AWSCURRENT';
  }

  #now() {
    return this.#options.now?.() ?? Date.now();
  }

  #getApi(): Promise<Api> {
    const c = this.#options.client;
    this.#api ??= 'send' in c ? sdkApi(c) : Promise.resolve(ownApi(c));
    return this.#api;
  }

  async getSecretString(secretId: string): Promise<string | undefined> {
    return (await this.#get(secretId)).secretString;
  }

  async getSecretBinary(secretId: string): Promise<Uint8Array | undefined> {
    return (await this.#get(secretId)).secretBinary;
  }

  /** Refreshes at once; true when the refresh succeeded (the entry is created if absent). */
  async refreshNow(secretId: string): Promise<boolean> {
    const entry = this.#touch(secretId);
    return this.#refresh(secretId, entry);
  }

  async #get(secretId: string): Promise<CachedValue> {
    const entry = this.#touch(secretId);
    if (!entry.value || this.#now() >= entry.expiresAt) {
      const ok = await this.#refresh(secretId, entry);
      if (!ok && !entry.value) throw entry.lastError ?? new Error(`could not read secret ${secretId}`);
    }
    const v = entry.value!;
    return this.#options.hook ? this.#options.hook.get(v) : v;
  }

  /** Moves the entry to the most-recent end, creating it, and evicts the least recent. */
  #touch(secretId: string): Entry & { lastError?: unknown } {
    let entry = this.#entries.get(secretId);
    if (entry) this.#entries.delete(secretId);
    else entry = { expiresAt: 0, failures: 0 };
    this.#entries.set(secretId, entry);
    if (this.#entries.size > this.maxCacheSize) this.#entries.delete(this.#entries.keys().next().value as string);
    return entry;
  }

  async #refresh(secretId: string, entry: Entry & { lastError?: unknown }): Promise<boolean> {
    try {
      const api = await this.#getApi();
      const stages = await api.describe(secretId);
      const versionId = Object.entries(stages).find(([, s]) => s.includes(this.versionStage))?.[0];
      if (!versionId) throw new Error(`secret ${secretId} has no version labelled ${this.versionStage}`);
      if (entry.value?.versionId !== versionId) {
        const value = await api.get(secretId, versionId);
        entry.value = this.#options.hook ? this.#options.hook.put(value) : value;
      }
      entry.failures = 0;
      entry.expiresAt = this.#now() + this.cacheItemTtlMs;
      return true;
    } catch (e) {
      entry.lastError = e;
      entry.failures++;
      // Keep serving the stale value; retry after 1 s, 2 s, 4 s ... capped at the TTL.
      entry.expiresAt = this.#now() + Math.min(this.cacheItemTtlMs, 1000 * 2 ** (entry.failures - 1));
      return false;
    }
  }
}
