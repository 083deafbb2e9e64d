import { signRequest } from '../sigv4/index.js';
import type { ClientConfig } from './aws-config.js';

/**
 * A minimal Secrets Manager client: SigV4-signed JSON 1.1 calls with node's fetch and our own
 * signer, so the CLI and the agent start fast and need no AWS SDK at run time.
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

export function createSecretsClient(config: ClientConfig, userAgent = 'strongroom-client'): SecretsClient {
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
      const res = await fetch(url, { method: 'POST', headers, body });
      const text = await res.text();
      const json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      if (!res.ok) {
        const code = String(json.__type ?? 'UnknownError')
          .split('#')
          .pop()!;
        throw new AwsError(code, String(json.Message ?? json.message ?? res.statusText), res.status);
      }
      return json as T;
    },
  };
}
