import { createHmac } from 'node:crypto';
import type { RotationEvent, Rotator } from '../rotator.js';
import { StepInterrupted } from './interrupted.js';

export const SIGNATURE_HEADER = 'x-strongroom-signature';

/** `sha256=<hex HMAC-SHA256 of the exact body>`, as GitHub-style webhooks sign. */
export const webhookSignature = (key: Uint8Array, body: string): string =>
  `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;

export type WebhookOptions = {
  url: string;
  arn: string;
  signingKey: Uint8Array;
  timeoutMs: number;
  /** Aborted when the server shuts down: the step is interrupted, not failed. */
  shutdown: AbortSignal;
};

/**
 * A rotation function behind HTTP: each step's event is POSTed as JSON; any 2xx is success.
 * The receiver authenticates us by the signature over the body, and does what a Lambda would:
 * calls this server's API with its own credentials.
 */
export function createWebhookRotator(o: WebhookOptions): Rotator {
  return {
    async invoke(event: RotationEvent) {
      const body = JSON.stringify(event);
      let res: Response;
      try {
        res = await fetch(o.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'strongroom-rotation',
            'x-strongroom-function-arn': o.arn,
            [SIGNATURE_HEADER]: webhookSignature(o.signingKey, body),
          },
          body,
          redirect: 'error',
          signal: AbortSignal.any([AbortSignal.timeout(o.timeoutMs), o.shutdown]),
        });
      } catch (e) {
        if (o.shutdown.aborted) throw new StepInterrupted();
        const name = (e as Error).name;
        if (name === 'TimeoutError') throw new Error(`Task timed out after ${o.timeoutMs / 1000} seconds`);
        // The cause names the network failure (ECONNREFUSED, …) without any body content.
        const cause = (e as { cause?: { code?: string } }).cause?.code;
        throw new Error(`webhook request failed${cause ? `: ${cause}` : ''}`);
      }
      await res.body?.cancel();
      // Only the status goes into errors: a response body may echo secret material.
      if (res.status < 200 || res.status > 299) throw new Error(`webhook answered HTTP ${res.status}`);
    },
  };
}
