import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createSecretsClient } from '../../src/client/secrets-client.js';

describe('the CLI and agent client', () => {
  it('gives up on a server that accepts the request but never answers', async () => {
    // Reads the request and says nothing: without a timeout the call would wait for ever.
    const silent = createServer((req) => req.resume());
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', ok));
    try {
      const { port } = silent.address() as AddressInfo;
      const client = createSecretsClient(
        {
          endpoint: `http://127.0.0.1:${port}`,
          region: 'us-east-1',
          credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'x'.repeat(40) },
        },
        'test',
        200,
      );
      const t0 = Date.now();
      await expect(client.call('GetSecretValue', { SecretId: 'a' })).rejects.toThrow(/no answer from .* within 200 ms/);
      expect(Date.now() - t0).toBeLessThan(5_000);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });
});
