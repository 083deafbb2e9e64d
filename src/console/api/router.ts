import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal } from '../../app/context.js';
import { ConsoleError, ConsoleErrors } from '../console-errors.js';
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from '../cookies.js';
import type { ConsoleDeps } from '../deps.js';
import { headerOf, sendApiJson } from '../http-headers.js';
import type { ConsoleSession } from '../sessions.js';
import { sameToken } from '../sessions.js';
import { callOperation } from './call-api.js';
import { readJsonBody } from './read-json.js';
import { principalOf, redeem, sessionInfo, signIn } from './session-api.js';

/** Headroom over the AWS body limit for the call envelope ({ service, operation, region, input }). */
const ENVELOPE_BYTES = 4096;

/**
 * Browsers say where a request comes from (Origin, Sec-Fetch-Site): a POST from another site is
 * refused before anything else, on top of SameSite=Strict and the CSRF token.
 */
function assertSameOrigin(req: IncomingMessage): void {
  const site = headerOf(req, 'sec-fetch-site');
  if (site !== undefined && site !== 'same-origin') throw ConsoleErrors.crossOrigin();
  const origin = headerOf(req, 'origin');
  if (origin === undefined) return;
  const host = URL.canParse(origin) ? new URL(origin).host : undefined;
  if (host === undefined || host !== headerOf(req, 'host')) throw ConsoleErrors.crossOrigin();
}

type Live = { id: string; session: ConsoleSession; principal: Principal };

/** The request's session and its principal now, or undefined (an expired or revoked key ends it). */
async function liveSession(d: ConsoleDeps, req: IncomingMessage): Promise<Live | undefined> {
  const id = readCookie(req, SESSION_COOKIE);
  const session = d.sessions.use(id);
  if (!session || !id) return undefined;
  try {
    return { id, session, principal: await principalOf(d, session.accessKeyId) };
  } catch {
    d.sessions.end(id);
    return undefined;
  }
}

function sendError(d: ConsoleDeps, res: ServerResponse, e: unknown, extra: Record<string, string> = {}): void {
  if (e instanceof ConsoleError) {
    sendApiJson(res, e.status, { code: e.code, message: e.message }, extra);
    return;
  }
  d.log.error('console request failed', { error: e instanceof Error ? e.message : String(e) });
  sendApiJson(res, 500, { code: 'InternalServiceError', message: 'An error occurred on the server side.' }, extra);
}

async function opened(d: ConsoleDeps, req: IncomingMessage, res: ServerResponse, accessKeyId: string) {
  d.sessions.end(readCookie(req, SESSION_COOKIE));
  const { id, session } = d.sessions.open(accessKeyId);
  const principal = await principalOf(d, accessKeyId);
  sendApiJson(res, 200, sessionInfo(d, session, principal), { 'set-cookie': sessionCookie(id, d.secure) });
}

export function createApiRouter(d: ConsoleDeps) {
  const limit = d.bodyLimit + ENVELOPE_BYTES;

  async function get(req: IncomingMessage, res: ServerResponse, route: string): Promise<void> {
    try {
      if (route !== 'session') throw ConsoleErrors.notFound();
      const live = await liveSession(d, req);
      if (!live) return sendApiJson(res, 200, { signedIn: false, dev: d.dev });
      sendApiJson(res, 200, sessionInfo(d, live.session, live.principal));
    } catch (e) {
      sendError(d, res, e);
    }
  }

  async function post(req: IncomingMessage, res: ServerResponse, route: string): Promise<void> {
    try {
      assertSameOrigin(req);
      if (route === 'sign-in') return await opened(d, req, res, await signIn(d, req, await readJsonBody(req, limit)));
      if (route === 'redeem') return await opened(d, req, res, await redeem(d, req, await readJsonBody(req, limit)));
      if (route !== 'sign-out' && route !== 'call') throw ConsoleErrors.notFound();
      const live = await liveSession(d, req);
      if (!live) throw ConsoleErrors.notSignedIn();
      if (!sameToken(headerOf(req, 'x-csrf-token'), live.session.csrfToken)) throw ConsoleErrors.badCsrfToken();
      if (route === 'sign-out') {
        req.resume();
        d.sessions.end(live.id);
        return sendApiJson(res, 200, { signedIn: false }, { 'set-cookie': clearedSessionCookie(d.secure) });
      }
      const r = await callOperation(d, req, live.principal, await readJsonBody(req, limit));
      sendApiJson(res, r.status, r.body, { 'x-amzn-requestid': r.requestId });
    } catch (e) {
      if (!req.readableEnded) req.resume();
      const clear: Record<string, string> =
        e instanceof ConsoleError && e.code === 'NotSignedIn' ? { 'set-cookie': clearedSessionCookie(d.secure) } : {};
      sendError(d, res, e, clear);
    }
  }

  return { get, post };
}
