import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIN, type RunningServer, removeDir, startServer, tempDir } from '../helpers/server.js';

const TOKEN = 'ssrf-token-for-tests';
let srv: RunningServer;
let sm: SecretsManagerClient;
let proxy: Server;
let upstreamCalls = 0;
const upstreamUserAgents = new Set<string>();
const agents: ChildProcess[] = [];
let work: string;

/** A pass-through proxy in front of the real server that counts GetSecretValue calls. */
function startCountingProxy(target: number): Promise<number> {
  proxy = createServer((req, res) => {
    if (req.headers['x-amz-target'] === 'secretsmanager.GetSecretValue') {
      upstreamCalls++;
      upstreamUserAgents.add(String(req.headers['user-agent']));
    }
    const up = request(
      { host: '127.0.0.1', port: target, method: req.method, path: req.url, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      },
    );
    req.pipe(up);
  });
  return new Promise((ok) => proxy.listen(0, '127.0.0.1', () => ok((proxy.address() as AddressInfo).port)));
}

async function startAgent(upstreamPort: number, toml = 'log_to_file = false'): Promise<string> {
  const file = join(work, `agent-${agents.length}.toml`);
  writeFileSync(file, toml);
  const p = spawn(
    process.execPath,
    [MAIN, 'agent', '--config', file, '--port', '0', '--endpoint-url', `http://127.0.0.1:${upstreamPort}`],
    {
      env: {
        PATH: process.env.PATH,
        AWS_TOKEN: TOKEN,
        AWS_ACCESS_KEY_ID: '111122223333',
        AWS_SECRET_ACCESS_KEY: 'x',
        AWS_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      },
    },
  );
  agents.push(p);
  return new Promise((ok, fail) => {
    let out = '';
    p.stdout.on('data', (c) => {
      out += c;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) ok(m[1]!);
    });
    p.on('exit', (code) => fail(new Error(`agent exited ${code}`)));
  });
}

const get = (
  base: string,
  path: string,
  headers: Record<string, string> = { 'X-Aws-Parameters-Secrets-Token': TOKEN },
) => fetch(`${base}${path}`, { headers }).then(async (r) => ({ status: r.status, text: await r.text() }));

let agent: string;
let arn: string;
beforeAll(async () => {
  work = tempDir();
  srv = await startServer({ mode: 'dev' });
  sm = srv.client({ accessKeyId: '111122223333', secretAccessKey: 'x' });
  arn = (await sm.send(new CreateSecretCommand({ Name: 'agent/db', SecretString: 'v1' }))).ARN!;
  await sm.send(new PutSecretValueCommand({ SecretId: 'agent/db', SecretString: 'v2' }));
  const proxyPort = await startCountingProxy(srv.port);
  agent = await startAgent(proxyPort);
});
afterAll(async () => {
  for (const a of agents) a.kill('SIGKILL');
  proxy.close();
  await srv.stop();
  removeDir(work);
});

describe('strongroom agent (statements 127-129)', () => {
  it('answers /ping without a token', async () => {
    expect(await get(agent, '/ping', {})).toEqual({ status: 200, text: 'healthy' });
  });

  it('refuses a missing or wrong token with 403 and calls nothing upstream', async () => {
    const before = upstreamCalls;
    expect(await get(agent, '/secretsmanager/get?secretId=agent/db', {})).toEqual({ status: 403, text: 'Bad Token' });
    expect(
      await get(agent, '/secretsmanager/get?secretId=agent/db', { 'X-Aws-Parameters-Secrets-Token': 'wrong' }),
    ).toEqual({ status: 403, text: 'Bad Token' });
    expect(upstreamCalls).toBe(before);
  });

  it('returns the GetSecretValue body, selects versions, and accepts X-Vault-Token', async () => {
    const r = await get(agent, '/secretsmanager/get?secretId=agent/db');
    const body = JSON.parse(r.text);
    const direct = await sm.send(new GetSecretValueCommand({ SecretId: 'agent/db' }));
    expect(body).toMatchObject({
      ARN: arn,
      Name: 'agent/db',
      SecretString: 'v2',
      VersionId: direct.VersionId,
      VersionStages: ['AWSCURRENT'],
    });
    expect(typeof body.CreatedDate).toBe('number');
    const prev = JSON.parse((await get(agent, '/secretsmanager/get?secretId=agent/db&versionStage=AWSPREVIOUS')).text);
    expect(prev.SecretString).toBe('v1');
    const byId = JSON.parse(
      (await get(agent, `/v1/agent/db?versionId=${prev.VersionId}`, { 'X-Vault-Token': TOKEN })).text,
    );
    expect(byId.SecretString).toBe('v1');
  });

  it('serves repeats from the cache and refreshNow=true from upstream', async () => {
    await get(agent, '/secretsmanager/get?secretId=agent/db&versionStage=AWSCURRENT');
    const before = upstreamCalls;
    await get(agent, '/secretsmanager/get?secretId=agent/db&versionStage=AWSCURRENT');
    expect(upstreamCalls).toBe(before);
    await get(agent, '/secretsmanager/get?secretId=agent/db&versionStage=AWSCURRENT&refreshNow=true');
    expect(upstreamCalls).toBe(before + 1);
  });

  it('calls upstream with a user agent naming aws-secrets-manager-agent (statement 132)', async () => {
    await get(agent, '/secretsmanager/get?secretId=agent/db&refreshNow=true');
    expect(upstreamUserAgents.size).toBeGreaterThan(0);
    for (const ua of upstreamUserAgents) expect(ua).toContain('aws-secrets-manager-agent');
  });

  it('passes upstream errors through with their status', async () => {
    const r = await get(agent, '/secretsmanager/get?secretId=agent/missing');
    expect(r.status).toBe(400);
    expect(JSON.parse(r.text)).toEqual({
      __type: 'ResourceNotFoundException',
      message: "Secrets Manager can't find the specified secret.",
    });
  });

  it.each([
    ['/secretsmanager/get', 400, 'missing parameter secretId'],
    ['/secretsmanager/get?secretId=a&bogus=1', 400, 'unknown parameter: bogus'],
    ['/secretsmanager/get?secretId=a&refreshNow=maybe', 400, 'invalid refreshNow value'],
    ['/elsewhere', 404, 'Not found'],
  ])('answers %s with %i %s', async (path, status, text) => {
    expect(await get(agent, path)).toEqual({ status, text });
  });

  it('drops a changed secret from the cache within a second (change feed)', async () => {
    await get(agent, '/secretsmanager/get?secretId=agent/db');
    await sm.send(new PutSecretValueCommand({ SecretId: 'agent/db', SecretString: 'v3' }));
    await expect
      .poll(async () => JSON.parse((await get(agent, '/secretsmanager/get?secretId=agent/db')).text).SecretString, {
        timeout: 1500,
        interval: 100,
      })
      .toBe('v3');
  });

  it('does not cache with ttl_seconds = 0', async () => {
    const noCache = await startAgent((proxy.address() as AddressInfo).port, 'log_to_file = false\nttl_seconds = 0');
    const before = upstreamCalls;
    await get(noCache, '/secretsmanager/get?secretId=agent/db');
    await get(noCache, '/secretsmanager/get?secretId=agent/db');
    expect(upstreamCalls).toBe(before + 2);
  });

  it('expires entries after ttl_seconds, and refreshNow=true starts the TTL again (statement 129)', async () => {
    const TTL = 4_000;
    const short = await startAgent((proxy.address() as AddressInfo).port, 'log_to_file = false\nttl_seconds = 4');
    const path = '/secretsmanager/get?secretId=agent/db&versionStage=AWSPREVIOUS';
    const sleepUntil = async (t: number) => {
      const wait = t - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    };
    const calls = upstreamCalls;
    // An entry's TTL starts when its upstream answer arrives: the times taken are those after each call.
    await get(short, path);
    const firstCached = Date.now();
    await sleepUntil(firstCached + TTL / 2);
    await get(short, `${path}&refreshNow=true`);
    const refreshed = Date.now();
    expect(upstreamCalls).toBe(calls + 2);
    // Past the first entry's TTL, well inside the refreshed one: served from the cache.
    await sleepUntil(firstCached + TTL + 300);
    // (~1.7 s of margin before the refreshed entry expires.)
    expect(Date.now()).toBeLessThan(refreshed + TTL);
    await get(short, path);
    expect(upstreamCalls).toBe(calls + 2);
    // Past the refreshed entry's TTL: from upstream again.
    await sleepUntil(refreshed + TTL + 300);
    await get(short, path);
    expect(upstreamCalls).toBe(calls + 3);
  }, 20_000);
});
