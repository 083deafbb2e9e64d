import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { SecretsClient } from '../client/secrets-client.js';
import { type ChangeEvent, subscribeChanges } from './change-feed.js';
import type { AgentConfig } from './config.js';
import { TtlCache } from './ttl-cache.js';
import { fetchUpstream, type UpstreamResult } from './upstream.js';

/**
 * A drop-in for the AWS Secrets Manager Agent: GET /secretsmanager/get?secretId=..., GET
 * <path_prefix><secret-id>, GET /ping; the SSRF token header on every request but /ping; the
 * AWS agent's status codes and messages (400 unknown parameter / missing secretId / invalid
 * refreshNow / Forwarded, 403 Bad Token, 404 Not found, 405 Not allowed, 429 Connection limit
 * exceeded); a TTL cache with refreshNow.
 */
type Query = { secretId: string; versionId?: string; versionStage?: string; refreshNow: boolean };

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function parseQuery(url: URL, secretIdFromPath?: string): Query {
  const q: Query = { secretId: secretIdFromPath ?? '', refreshNow: false };
  for (const [k, v] of url.searchParams) {
    if (k === 'secretId' && secretIdFromPath === undefined) q.secretId = v;
    else if (k === 'versionId') q.versionId = v;
    else if (k === 'versionStage') q.versionStage = v;
    else if (k === 'refreshNow') {
      const l = v.toLowerCase();
      if (!['true', '1', 'false', '0'].includes(l)) throw new HttpError(400, 'invalid refreshNow value');
      q.refreshNow = l === 'true' || l === '1';
    } else throw new HttpError(400, `unknown parameter: ${k}`);
  }
  if (!q.secretId)
    throw new HttpError(400, secretIdFromPath === undefined ? 'missing parameter secretId' : 'missing secret ID');
  return q;
}

export type Agent = {
  server: Server;
  cache: TtlCache<UpstreamResult>;
  upstreamCalls: () => number;
  close(): Promise<void>;
};

export function createAgent(
  config: AgentConfig,
  client: SecretsClient,
  token: string,
  log: (lvl: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR', m: string) => void,
): Agent {
  const cache = new TtlCache<UpstreamResult>(config.cacheSize, config.ttlSeconds * 1000);
  const expected = Buffer.from(token);
  const headers = config.ssrfHeaders.map((h) => h.toLowerCase());
  let inflight = 0;
  let calls = 0;

  const tokenOk = (req: IncomingMessage) =>
    headers.some((h) => {
      const v = req.headers[h];
      const got = Buffer.from(Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));
      return got.length === expected.length && timingSafeEqual(got, expected);
    });

  const fetchSecret = async (q: Query): Promise<UpstreamResult> => {
    const key = `${q.secretId}\u0000${q.versionId ?? ''}\u0000${q.versionStage ?? ''}`;
    if (!q.refreshNow) {
      const hit = cache.get(key);
      if (hit) return hit;
    }
    calls++;
    const r = await fetchUpstream(client, q);
    if (r.status === 200) cache.set(key, r);
    return r;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, body: string) => {
      res.writeHead(status, {
        'content-type': status === 200 && url.pathname !== '/ping' ? 'application/json' : 'text/plain',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    };
    try {
      const limit = url.pathname === '/ping' ? config.maxConn + 2 : config.maxConn;
      if (inflight > limit) throw new HttpError(429, 'Connection limit exceeded');
      if (url.pathname !== '/ping') {
        if (req.headers['x-forwarded-for'] !== undefined) throw new HttpError(400, 'Forwarded');
        if (!tokenOk(req)) throw new HttpError(403, 'Bad Token');
      }
      if (req.method !== 'GET') throw new HttpError(405, 'Not allowed');
      if (url.pathname === '/ping') return send(200, 'healthy');
      let q: Query;
      if (url.pathname === '/secretsmanager/get') q = parseQuery(url);
      else if (url.pathname.startsWith(config.pathPrefix))
        q = parseQuery(url, decodeURIComponent(url.pathname.slice(config.pathPrefix.length)));
      else throw new HttpError(404, 'Not found');
      const r = await fetchSecret(q);
      send(r.status, r.body);
    } catch (e) {
      if (e instanceof HttpError) return send(e.status, e.message);
      log('ERROR', `request failed: ${(e as Error).message}`);
      send(500, '{"__type":"InternalFailure"}');
    }
  };

  const server = createServer((req, res) => {
    inflight++;
    res.on('close', () => inflight--);
    req.resume();
    void handle(req, res);
  });

  const onChange = (e: ChangeEvent) => {
    if (e.all) return cache.clear();
    // Cache keys start with the id the caller used: a name, a full ARN or a partial ARN.
    cache.deleteWhere((k) => {
      const id = k.split('\u0000')[0]!;
      return id === e.name || id === e.arn || e.arn?.startsWith(`${id}-`) === true;
    });
  };
  const unsubscribe =
    config.changeFeed && config.ttlSeconds > 0 ? subscribeChanges(client, onChange, (m) => log('INFO', m)) : () => {};

  return {
    server,
    cache,
    upstreamCalls: () => calls,
    close: () =>
      new Promise((ok) => {
        unsubscribe();
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
