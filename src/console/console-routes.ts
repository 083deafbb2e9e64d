import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Route } from '../http/server.js';
import { createApiRouter } from './api/router.js';
import type { ConsoleDeps } from './deps.js';
import { redirect } from './http-headers.js';
import { createStaticFiles } from './static-files.js';

const PREFIX = '/console/';

/** The path below /console/ of a request ('' for the page itself). */
const routeOf = (req: IncomingMessage): string => (req.url ?? '').split('?')[0]!.slice(PREFIX.length);

/**
 * The web console's routes for http/server.ts: the page and its assets (GET), its JSON API under
 * /console/api/ (sessions, and AWS operations by name through the same dispatchers as POST /).
 */
export function createConsoleRoutes(d: ConsoleDeps): Record<string, Route> {
  const files = createStaticFiles(d.staticDir);
  const api = createApiRouter(d);
  const get = (req: IncomingMessage, res: ServerResponse) => {
    const route = routeOf(req);
    if (route.startsWith('api/')) return api.get(req, res, route.slice(4));
    files(req, res, route === '' ? 'index.html' : route);
  };
  const post = (req: IncomingMessage, res: ServerResponse) => {
    const route = routeOf(req);
    // Anything else answers the API's 404.
    return api.post(req, res, route.startsWith('api/') ? route.slice(4) : '');
  };
  return {
    'GET /console': (_req, res) => redirect(res, PREFIX),
    'GET /console/*': get,
    'HEAD /console/*': get,
    'POST /console/*': post,
  };
}
