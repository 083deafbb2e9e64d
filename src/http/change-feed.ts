import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authorize } from '../app/authorize.js';
import type { Principal } from '../app/context.js';
import type { IncomingSigned, SigV4Identity } from '../auth/verify-sigv4.js';
import { ServiceError } from '../domain/errors.js';
import type { Ids } from '../lib/ids.js';
import { errorBody } from '../protocol/errors.js';
import type { ChangeBus } from '../storage/change-tracking.js';

export type ChangeFeedDeps = {
  verify: (req: IncomingSigned) => Promise<SigV4Identity>;
  principalFor: (identity: SigV4Identity) => Promise<Principal>;
  authorize: Authorize;
  bus: ChangeBus;
  ids: Ids;
  now: () => number;
  secure: boolean;
};

/**
 * GET /strongroom/v1/changes: a server-sent-event stream of `{"arn","name"}` for every committed
 * change to a secret of the caller's account (`{"all":true}` when one cannot be attributed).
 * SigV4-signed like the API and authorized as secretsmanager:ListSecrets, since it reveals names.
 * Values never travel here.
 */
export function createChangeFeed(d: ChangeFeedDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    req.resume();
    try {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const identity = await d.verify({
        method: 'GET',
        rawPath: q < 0 ? url : url.slice(0, q),
        rawQuery: q < 0 ? '' : url.slice(q + 1),
        headers: req.headersDistinct,
        body: new Uint8Array(),
      });
      const principal = await d.principalFor(identity);
      await d.authorize(
        {
          principal,
          region: identity.region,
          requestId: d.ids.requestId(),
          sourceIp: req.socket.remoteAddress ?? '',
          secureTransport: d.secure,
          now: d.now(),
        },
        { action: 'secretsmanager:ListSecrets', resource: '*' },
      );
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': subscribed\n\n');
      const unsubscribe = d.bus.subscribe((c) => {
        if (!c.all && c.accountId !== principal.accountId) return;
        res.write(`data: ${JSON.stringify(c.all ? { all: true } : { arn: c.arn, name: c.name })}\n\n`);
      });
      const beat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      beat.unref();
      res.on('close', () => {
        clearInterval(beat);
        unsubscribe();
      });
    } catch (e) {
      const out = errorBody(e instanceof ServiceError ? e : e);
      res.writeHead(out.status, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(out.body);
    }
  };
}
