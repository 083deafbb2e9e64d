import { signRequest } from '../../src/sigv4/index.js';
import type { Credentials } from './server.js';

export type RawOptions = {
  creds?: Credentials;
  region?: string;
  service?: string;
  contentType?: string | null;
  target?: string | null;
  sign?: boolean;
  now?: number;
  extraHeaders?: Record<string, string>;
};

export type RawResponse = { status: number; headers: Headers; json: Record<string, unknown> | undefined; text: string };

/** A hand-made, SigV4-signed JSON 1.1 request: for what SDKs never send (bad JSON, wrong types). */
export async function rawCall(
  endpoint: string,
  operation: string,
  body: string,
  o: RawOptions = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...o.extraHeaders };
  if (o.contentType !== null) headers['content-type'] = o.contentType ?? 'application/x-amz-json-1.1';
  if (o.target !== null) headers['x-amz-target'] = o.target ?? `secretsmanager.${operation}`;
  if (o.sign !== false) {
    const creds = o.creds ?? { accessKeyId: 'AKIADEVDEVDEVDEVDEV1', secretAccessKey: 'dev' };
    Object.assign(
      headers,
      signRequest({
        method: 'POST',
        url: `${endpoint}/`,
        headers,
        body,
        accessKeyId: creds.accessKeyId,
        secretAccessKey: creds.secretAccessKey,
        region: o.region ?? 'us-east-1',
        service: o.service ?? 'secretsmanager',
        now: o.now ?? Date.now(),
      }),
    );
  }
  const res = await fetch(`${endpoint}/`, { method: 'POST', headers, body });
  const text = await res.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}
