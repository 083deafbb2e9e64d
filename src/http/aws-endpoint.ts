import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal, RequestContext } from '../app/context.js';
import type { ApiCall } from '../audit/api-call.js';
import type { IncomingSigned, SigV4Identity } from '../auth/verify-sigv4.js';
import { Errors, ServiceError } from '../domain/errors.js';
import type { Clock } from '../lib/clock.js';
import type { Ids } from '../lib/ids.js';
import type { Logger } from '../lib/json-log.js';
import type { Dispatch } from '../protocol/dispatch.js';
import { errorBody, JSON_CONTENT_TYPE } from '../protocol/errors.js';
import { BodyTooLarge, readBody } from './read-body.js';

export type AwsEndpointDeps = {
  verify: (req: IncomingSigned) => Promise<SigV4Identity>;
  principalFor: (identity: SigV4Identity) => Promise<Principal>;
  dispatch: Dispatch;
  ids: Ids;
  clock: Clock;
  log: Logger;
  bodyLimit: number;
  secure: boolean;
  /** Other AWS services on this endpoint, by X-Amz-Target prefix; anything else goes to `dispatch`. */
  services?: readonly AwsServiceRoute[];
  /** Records the call (audit) before the response leaves; if it throws, the answer is a 500 (fail closed). */
  audit?: (call: ApiCall) => Promise<void>;
  /** Metrics and the access log, once the answer is decided. */
  observe?: (call: ApiCall, outcome: { status: number; code: string; seconds: number }) => void;
};

/** A service answering on this endpoint: its target prefix, SigV4 scope and CloudTrail event source. */
export type AwsServiceRoute = {
  targetPrefix: string;
  signingService: string;
  eventSource: string;
  dispatch: Dispatch;
  /** Query-protocol services (IAM, STS) have no X-Amz-Target: chosen by the SigV4 scope's service. */
  byScope?: boolean;
  /** Their own response type, error envelope and operation name (from the body). */
  contentType?: string;
  errorBody?: (e: unknown, requestId: string) => { status: number; body: string; code: string };
  operationOf?: (body: Uint8Array) => string;
};

/** The service named by the request's credential scope (header or presigned form), unverified. */
const scopeService = (req: IncomingMessage): string | undefined =>
  /Credential=[^/\s,&]+(?:\/|%2F)\d{8}(?:\/|%2F)[^/%]+(?:\/|%2F)([a-z0-9-]+)(?:\/|%2F)/i.exec(
    `${header(req, 'authorization') ?? ''} ${req.url ?? ''}`,
  )?.[1];

const SECRETS_MANAGER = {
  targetPrefix: 'secretsmanager.',
  signingService: 'secretsmanager',
  eventSource: 'secretsmanager.amazonaws.com',
};

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * POST / : read the body once → verify SigV4 → dispatch by X-Amz-Target. Every response carries
 * x-amzn-RequestId; errors use the JSON 1.1 envelope and never include a stack or a value.
 */
export function createAwsEndpoint(d: AwsEndpointDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const requestId = d.ids.requestId();
    let status = 200;
    let code = 'OK';
    let body: string;
    const target = header(req, 'x-amz-target');
    const byScope = target === undefined ? scopeService(req) : undefined;
    const route = d.services?.find(
      (s) => target?.startsWith(s.targetPrefix) || (s.byScope && s.signingService === byScope),
    ) ?? {
      ...SECRETS_MANAGER,
      dispatch: d.dispatch,
    };
    const call: ApiCall = {
      requestId,
      eventSource: route.eventSource,
      operation: target?.startsWith(route.targetPrefix) ? target.slice(route.targetPrefix.length) : (target ?? ''),
      sourceIp: req.socket.remoteAddress ?? '',
      userAgent: header(req, 'user-agent'),
      authorization: header(req, 'authorization'),
    };
    try {
      const raw = await readBody(req, d.bodyLimit).catch((e) => {
        if (e instanceof BodyTooLarge)
          throw new ServiceError('SerializationException', 'Request body is too large.', 413);
        throw e;
      });
      call.requestBody = raw;
      if (route.operationOf) call.operation = route.operationOf(raw);
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const identity = await d.verify({
        method: req.method ?? 'POST',
        rawPath: q < 0 ? url : url.slice(0, q),
        rawQuery: q < 0 ? '' : url.slice(q + 1),
        headers: req.headersDistinct,
        body: raw,
      });
      // One endpoint serves several services: the signature must be scoped to the one addressed.
      if (identity.service !== route.signingService) throw Errors.sigBadScope({ service: route.signingService });
      const ctx: RequestContext = {
        principal: await d.principalFor(identity),
        region: identity.region,
        requestId,
        sourceIp: req.socket.remoteAddress ?? '',
        userAgent: header(req, 'user-agent'),
        secureTransport: d.secure,
        now: d.clock.now(),
      };
      call.caller = ctx.principal;
      call.region = ctx.region;
      body = await route.dispatch(ctx, target, header(req, 'content-type'), raw);
      call.responseBody = body;
    } catch (e) {
      if (!(e instanceof ServiceError)) {
        d.log.error('request failed', { requestId, target, error: e instanceof Error ? e.message : String(e) });
      }
      const out = route.errorBody ? route.errorBody(e, requestId) : errorBody(e);
      status = out.status;
      body = out.body;
      code = out.code;
      call.error = { code: out.code, message: e instanceof ServiceError ? e.message : Errors.internal().message };
    }
    if (d.audit) {
      try {
        await d.audit(call);
      } catch (e) {
        d.log.error('audit write failed: request refused', {
          requestId,
          error: e instanceof Error ? e.message : String(e),
        });
        // A database that is down fails the audit write too: answer its retryable 503, not a 500.
        const refusal = e instanceof ServiceError && e.code === 'ServiceUnavailable' ? e : Errors.internal();
        ({ status, body, code } = route.errorBody ? route.errorBody(refusal, requestId) : errorBody(refusal));
      }
    }
    d.observe?.(call, { status, code, seconds: (performance.now() - started) / 1000 });
    res.writeHead(status, {
      'content-type': route.contentType ?? JSON_CONTENT_TYPE,
      'content-length': Buffer.byteLength(body),
      'x-amzn-requestid': requestId,
    });
    res.end(body);
  };
}
