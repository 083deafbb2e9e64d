import { CreateSecretCommand, PutSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretCache } from '../../src/client/secret-cache.js';
import { type RunningServer, startServer } from '../helpers/server.js';

let srv: RunningServer;
let sm: SecretsManagerClient;
const calls: string[] = [];
/** Forwards to the real SDK client and records which operations reached the server. */
const counting = () => ({
  send: (cmd: { constructor: { name: string } }) => {
    calls.push(cmd.constructor.name.replace('Command', ''));
    return sm.send(cmd as never);
  },
});

beforeAll(async () => {
  srv = await startServer({ mode: 'dev' });
  sm = srv.client();
  await sm.send(new CreateSecretCommand({ Name: 'cache/a', SecretString: 'a1' }));
  await sm.send(new CreateSecretCommand({ Name: 'cache/b', SecretString: 'b1' }));
  await sm.send(new CreateSecretCommand({ Name: 'cache/c', SecretString: 'c1' }));
});
afterAll(async () => {
  await srv.stop();
});

describe('SecretCache with an AWS SDK v3 client (statement 133)', () => {
  it('has the AWS caching libraries defaults', () => {
    const c = new SecretCache({ client: counting() });
    expect([c.maxCacheSize, c.cacheItemTtlMs, c.versionStage]).toEqual([1024, 3_600_000, 'AWSCURRENT']);
  });

  it('serves from memory within the TTL and refreshes synchronously after it, fetching only on a new version', async () => {
    let now = 0;
    const cache = new SecretCache({ client: counting(), now: () => now });
    calls.length = 0;
    expect(await cache.getSecretString('cache/a')).toBe('a1');
    expect(calls).toEqual(['DescribeSecret', 'GetSecretValue']);
    await sm.send(new PutSecretValueCommand({ SecretId: 'cache/a', SecretString: 'a2' }));
    expect(await cache.getSecretString('cache/a')).toBe('a1');
    now = 3_600_000;
    calls.length = 0;
    expect(await cache.getSecretString('cache/a')).toBe('a2');
    expect(calls).toEqual(['DescribeSecret', 'GetSecretValue']);
    now = 7_200_000;
    calls.length = 0;
    expect(await cache.getSecretString('cache/a')).toBe('a2');
    expect(calls).toEqual(['DescribeSecret']);
  });

  it('evicts the least recently used entry', async () => {
    const cache = new SecretCache({ client: counting(), maxCacheSize: 2 });
    await cache.getSecretString('cache/a');
    await cache.getSecretString('cache/b');
    await cache.getSecretString('cache/a');
    await cache.getSecretString('cache/c');
    calls.length = 0;
    await cache.getSecretString('cache/a');
    expect(calls).toEqual([]);
    await cache.getSecretString('cache/b');
    expect(calls).toEqual(['DescribeSecret', 'GetSecretValue']);
  });

  it('keeps serving the stale value when a refresh fails, and refreshNow reports it', async () => {
    let now = 0;
    const failing = { send: async () => Promise.reject(new Error('network down')) };
    let client: { send(c: unknown): Promise<unknown> } = counting() as never;
    const cache = new SecretCache({ client: { send: (c: unknown) => client.send(c) }, now: () => now });
    const v = await cache.getSecretString('cache/c');
    client = failing;
    now = 4_000_000;
    expect(await cache.getSecretString('cache/c')).toBe(v);
    expect(await cache.refreshNow('cache/c')).toBe(false);
    client = counting() as never;
    expect(await cache.refreshNow('cache/c')).toBe(true);
  });

  it('throws when the first read fails', async () => {
    const cache = new SecretCache({ client: counting() });
    await expect(cache.getSecretString('cache/missing')).rejects.toThrow("can't find the specified secret");
  });
});
