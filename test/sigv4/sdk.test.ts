/**
 * End to end with the real AWS SDK for JavaScript v3 over HTTP: what the SDK signs and sends,
 * node parses (req.headersDistinct keeps repeated headers apart), and we verify.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigV4Verifier, type SigV4Identity } from '../../src/auth/verify-sigv4.js';
import { ServiceError } from '../../src/domain/errors.js';
import { systemClock } from '../../src/lib/clock.js';
import { AKID, SECRET } from './helpers.js';

const verify = createSigV4Verifier({
  clock: systemClock,
  lookup: async (id) => (id === AKID ? SECRET : undefined),
  services: ['secretsmanager'],
});

let server: Server;
let endpoint: string;
const seen: SigV4Identity[] = [];

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const [rawPath = '/', rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s);
    const body = await readBody(req);
    res.setHeader('content-type', 'application/x-amz-json-1.1');
    try {
      seen.push(await verify({ method: req.method ?? 'GET', rawPath, rawQuery, headers: req.headersDistinct, body }));
      res.end(JSON.stringify({ ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:x-AbCdEf', Name: 'x' }));
    } catch (e) {
      if (!(e instanceof ServiceError)) throw e;
      res.statusCode = e.status;
      res.end(JSON.stringify({ __type: e.code, message: e.message }));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = (secretAccessKey: string, sessionToken?: string) =>
  new SecretsManagerClient({
    endpoint,
    region: 'eu-central-1',
    maxAttempts: 1,
    credentials: { accessKeyId: AKID, secretAccessKey, ...(sessionToken && { sessionToken }) },
  });

describe('AWS SDK v3 against the verifier', () => {
  it('a request signed by the SDK verifies', async () => {
    const out = await client(SECRET, 'sess').send(new GetSecretValueCommand({ SecretId: 'a b/c+d' }));
    expect(out.Name).toBe('x');
    expect(seen.at(-1)).toEqual({
      accessKeyId: AKID,
      region: 'eu-central-1',
      service: 'secretsmanager',
      sessionToken: 'sess',
      presigned: false,
    });
  });

  it('a wrong secret surfaces to the SDK as InvalidSignatureException, HTTP 400', async () => {
    const err = await client('wrong')
      .send(new GetSecretValueCommand({ SecretId: 'x' }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      name: 'InvalidSignatureException',
      $metadata: { httpStatusCode: 400 },
      message: expect.stringMatching(/^The request signature we calculated does not match/),
    });
  });
});
