import type { Credentials } from '../helpers/server.js';

/** A console API client as a browser would be: one cookie, the CSRF token in a header. */
export type ConsoleResponse = { status: number; headers: Headers; json: Record<string, unknown> };

export class ConsoleClient {
  cookie?: string;
  csrf?: string;
  constructor(readonly endpoint: string) {}

  async request(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(`${this.endpoint}/console/api/${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(this.cookie && { cookie: this.cookie }),
        ...(this.csrf && { 'x-csrf-token': this.csrf }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    return {
      status: res.status,
      headers: res.headers,
      json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  }

  async signIn(c: Credentials): Promise<ConsoleResponse> {
    const r = await this.request('POST', 'sign-in', { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey });
    if (r.status === 200) this.csrf = r.json.csrfToken as string;
    return r;
  }

  call(operation: string, input: Record<string, unknown> = {}, service = 'secretsmanager', region = 'us-east-1') {
    return this.request('POST', 'call', { service, operation, input, region });
  }

  /** A call that must succeed. */
  async ok(operation: string, input: Record<string, unknown> = {}, service = 'secretsmanager') {
    const r = await this.call(operation, input, service);
    if (r.status !== 200) throw new Error(`${operation}: ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  }
}
