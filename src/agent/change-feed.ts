import type { SecretsClient } from '../client/secrets-client.js';
import { signRequest } from '../sigv4/index.js';

export type ChangeEvent = { arn?: string; name?: string; all?: boolean };

/**
 * Subscribes to Strongroom's change feed (`GET /strongroom/v1/changes`, server-sent events,
 * SigV4-signed) so a changed secret is dropped from the cache within a second. Against AWS (404)
 * the feed is off and the TTL alone applies. After a lost connection everything cached is dropped,
 * since changes may have been missed, and the subscription is retried with backoff.
 */
export function subscribeChanges(
  client: SecretsClient,
  onChange: (e: ChangeEvent) => void,
  log: (m: string) => void,
): () => void {
  let stopped = false;
  let controller: AbortController | undefined;
  const url = `${client.config.endpoint}/strongroom/v1/changes`;
  const loop = async () => {
    let delay = 500;
    while (!stopped) {
      controller = new AbortController();
      try {
        const headers = signRequest({
          method: 'GET',
          url,
          headers: {},
          body: '',
          ...client.config.credentials,
          region: client.config.region,
          service: 'secretsmanager',
          now: Date.now(),
        });
        const res = await fetch(url, { headers: { ...headers }, signal: controller.signal });
        if (res.status === 404) {
          log('change feed not offered by the upstream: relying on the TTL');
          return;
        }
        if (!res.ok || !res.body) throw new Error(`change feed answered ${res.status}`);
        delay = 500;
        let buf = '';
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buf += Buffer.from(chunk).toString('utf8');
          let nl = buf.indexOf('\n\n');
          while (nl >= 0) {
            const frame = buf.slice(0, nl);
            buf = buf.slice(nl + 2);
            const data = frame.split('\n').find((l) => l.startsWith('data: '));
            if (data) onChange(JSON.parse(data.slice(6)) as ChangeEvent);
            nl = buf.indexOf('\n\n');
          }
        }
        throw new Error('change feed closed');
      } catch (e) {
        if (stopped) return;
        onChange({ all: true });
        log(`change feed: ${(e as Error).message}; retrying in ${delay} ms`);
        await new Promise((r) => setTimeout(r, delay).unref());
        delay = Math.min(delay * 2, 30_000);
      }
    }
  };
  void loop();
  return () => {
    stopped = true;
    controller?.abort();
  };
}
