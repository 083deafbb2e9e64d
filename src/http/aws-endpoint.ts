import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Principal, RequestContext } from '../app/context.js';
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
    const requestId = d.ids.requestId();
    let status = 200;
    let body: string;
    const target = header(req, 'x-amz-target');
    try {
      const raw = await readBody(req, d.bodyLimit).catch((e) => {
        if (e instanceof BodyTooLarge)
          throw new ServiceError('SerializationException', 'Request body is too large.', 413);
        throw e;
      });
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const identity = await d.verify({
        method: req.method ?? 'POST',
        rawPath: q < 0 ? url : url.slice(0, q),
        rawQuery: q < 0 ? '' : url.slice(q + 1),
        headers: req.headersDistinct,
        body: raw,
      });
      const ctx: RequestContext = {
        principal: await d.principalFor(identity),
        region: identity.region,
        requestId,
        sourceIp: req.socket.remoteAddress ?? '',
        userAgent: header(req, 'user-agent'),
        secureTransport: d.secure,
        now: d.clock.now(),
      };
      body = await d.dispatch(ctx, target, header(req, 'content-type'), raw);
    } catch (e) {
      if (!(e instanceof ServiceError)) {
        d.log.error('request failed', { requestId, target, error: e instanceof Error ? e.message : String(e) });
      }
      const out = errorBody(e);
      status = out.status;
      body = out.body;
    }
    res.writeHead(status, {
      'content-type': JSON_CONTENT_TYPE,
      'content-length': Buffer.byteLength(body),
      'x-amzn-requestid': requestId,
    });
    res.end(body);
  };
}

/** Used when a request reaches the AWS endpoint with a principal we cannot resolve. */
export const unknownKey = () => Errors.accessDenied('The security token included in the request is invalid.');
