import type { IncomingMessage } from 'node:http';
import type { Principal } from '../../app/context.js';
import type { ApiCall } from '../../audit/api-call.js';
import { ConsoleErrors } from '../console-errors.js';
import type { ConsoleDeps } from '../deps.js';
import { headerOf, sourceIpOf } from '../http-headers.js';
import { redeemLoginToken } from '../login-tokens.js';
import { type ConsoleSession, sameToken } from '../sessions.js';
import { stringField } from './read-json.js';

export const DEFAULT_REGION = 'us-east-1';
const KEY_ID_RE = /^[A-Za-z0-9]{1,128}$/;

/** The principal of a session's key, resolved afresh (a deactivated key ends the session). */
export async function principalOf(d: ConsoleDeps, accessKeyId: string, region = DEFAULT_REGION): Promise<Principal> {
  return d.principalFor({ accessKeyId, region, service: 'secretsmanager', presigned: false });
}

/** What the page learns about its session: who, the CSRF token, and which operations exist. */
export function sessionInfo(d: ConsoleDeps, session: ConsoleSession, p: Principal) {
  const operations: Record<string, string[]> = {};
  for (const [service, invoker] of Object.entries(d.services)) operations[service] = [...invoker.operations];
  return {
    signedIn: true,
    principal: { arn: p.arn, accountId: p.accountId, userName: p.userName, type: p.type, accessKeyId: p.accessKeyId },
    csrfToken: session.csrfToken,
    idleTimeoutMs: d.settings.idleMs,
    dev: d.dev,
    defaultRegion: DEFAULT_REGION,
    operations,
  };
}

/**
 * Sign-in is recorded like AWS's ConsoleLogin event (source signin.amazonaws.com), success or
 * failure; the request carries nothing for the record, so the secret key cannot reach it.
 */
async function auditSignIn(d: ConsoleDeps, req: IncomingMessage, caller: Principal | undefined): Promise<void> {
  if (!d.audit) return;
  const call: ApiCall = {
    requestId: d.ids.requestId(),
    eventSource: 'signin.amazonaws.com',
    operation: 'ConsoleLogin',
    sourceIp: sourceIpOf(req),
    userAgent: headerOf(req, 'user-agent'),
    ...(caller && { caller, region: DEFAULT_REGION }),
    ...(!caller && { error: { code: 'SignInFailed', message: ConsoleErrors.signInFailed().message } }),
  };
  await d.audit(call);
}

/** Checks an access key pair the way SigV4 verification would, in constant time. */
export async function signIn(d: ConsoleDeps, req: IncomingMessage, body: Record<string, unknown>): Promise<string> {
  const accessKeyId = stringField(body, 'accessKeyId', 128).trim();
  const secretAccessKey = stringField(body, 'secretAccessKey', 256);
  const stored = KEY_ID_RE.test(accessKeyId) ? await d.lookup(accessKeyId) : undefined;
  const secretMatches =
    stored !== undefined ? sameToken(secretAccessKey, stored) : d.dev && KEY_ID_RE.test(accessKeyId);
  const principal = secretMatches ? await principalOf(d, accessKeyId).catch(() => undefined) : undefined;
  await auditSignIn(d, req, principal);
  if (!principal) throw ConsoleErrors.signInFailed();
  return accessKeyId;
}

/** A one-time link from `strongroom console-login` signs in as the administrator. */
export async function redeem(d: ConsoleDeps, req: IncomingMessage, body: Record<string, unknown>): Promise<string> {
  const token = stringField(body, 'token', 128);
  const ok = await redeemLoginToken(d.meta, token, d.clock.now());
  const adminKey = ok ? await d.meta.getMeta('admin_access_key_id') : undefined;
  const principal = adminKey ? await principalOf(d, adminKey).catch(() => undefined) : undefined;
  await auditSignIn(d, req, principal);
  if (!adminKey || !principal) throw ConsoleErrors.loginLinkInvalid();
  return adminKey;
}
