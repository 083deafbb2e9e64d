import { createServer as createHttp, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';

export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export type HttpOptions = {
  awsEndpoint: Route;
  ready: () => Promise<boolean>;
  /**
   * More routes keyed by "METHOD /path" (the change feed, metrics, the console); a key ending in
   * "/*" ("GET /console/*") takes every path below that prefix not matched exactly.
   */
  routes?: Record<string, Route>;
  tls?: { cert: Buffer; key: Buffer };
};

const sendJson = (res: ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};

/**
 * Plain node:http routing: the AWS endpoint is one function on POST /, so a framework would
 * only add per-request allocations on the hot path. GET / answers 404 as AWS's endpoint does.
 */
export function createHttpServer(o: HttpOptions): Server {
  const prefixed = Object.entries(o.routes ?? {})
    .filter(([key]) => key.endsWith('/*'))
    .map(([key, route]) => ({ key: key.slice(0, -1), route }));
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === '/') return void o.awsEndpoint(req, res);
    const key = `${req.method} ${path}`;
    const extra = o.routes?.[key] ?? prefixed.find((p) => key.startsWith(p.key))?.route;
    if (extra) return void extra(req, res);
    if (req.method === 'GET' && path === '/health') return sendJson(res, 200, { status: 'ok' });
    if (req.method === 'GET' && path === '/ready') {
      return void o.ready().then(
        (ok) => sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'unavailable' }),
        () => sendJson(res, 503, { status: 'unavailable' }),
      );
    }
    req.resume();
    sendJson(res, 404, { message: 'Not Found' });
  };
  const server = o.tls ? createHttps({ cert: o.tls.cert, key: o.tls.key }, handle) : createHttp(handle);
  server.keepAliveTimeout = 65_000;
  return server;
}

/** Stops accepting, lets in-flight requests finish, then closes idle keep-alive sockets. */
export function drain(server: Server, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, timeoutMs);
    timer.unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
}
