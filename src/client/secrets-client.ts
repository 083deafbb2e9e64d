import { request as httpRequest } from 'node:http';
import { signRequest } from '../sigv4/index.js';
import type { ClientConfig } from './aws-config.js';

/**
 * A minimal Secrets Manager client: SigV4-signed JSON 1.1 calls with node:http(s) and our own
 * signer, so the CLI and the agent start fast and need no AWS SDK at run time. Not fetch: its
 * first call loads undici, ~40 ms of `strongroom run`'s start (docs/performance.md).
 */
export class AwsError extends Error {
  override readonly name = 'AwsError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export type SecretsClient = {
  call<T = Record<string, unknown>>(operation: string, input: Record<string, unknown>): Promise<T>;
  readonly config: ClientConfig;
};

/** A server that stops answering must not hang `run`, `resolve` or the agent for ever. */
const TIMEOUT_MS = 30_000;

export function createSecretsClient(
  config: ClientConfig,
  userAgent = 'strongroom-client',
  timeoutMs = TIMEOUT_MS,
): SecretsClient {
  const url = `${config.endpoint}/`;
  return {
    config,
    async call<T>(operation: string, input: Record<string, unknown>): Promise<T> {
      const body = JSON.stringify(input);
      const headers: Record<string, string> = {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `secretsmanager.${operation}`,
        'user-agent': userAgent,
      };
      Object.assign(
        headers,
        signRequest({
          method: 'POST',
          url,
          headers,
          body,
          ...config.credentials,
          region: config.region,
          service: 'secretsmanager',
          now: Date.now(),
        }),
      );
      const res = await post(url, headers, body, timeoutMs);
      const text = res.text;
      const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      if (res.status < 200 || res.status > 299) {
        const code = String(json.__type ?? 'UnknownError')
          .split('#')
          .pop()!;
        throw new AwsError(code, String(json.Message ?? json.message ?? res.statusText), res.status);
      }
      return json as T;
    },
  };
}

type Answer = { status: number; statusText: string; text: string };

/** One POST on node's default agents; network errors and a silent server reject (ECONNREFUSED…, timeout). */
async function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<Answer> {
  // node:https (and TLS) only for an https endpoint: a local server is usually plain HTTP.
  const send = url.startsWith('https:') ? (await import('node:https')).request : httpRequest;
  return new Promise((ok, fail) => {
    const req = send(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('end', () =>
          ok({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on('error', fail);
    req.end(body);
  });
}
