/** The presigned (query-string) form, produced by us and by the AWS SDK's signer. */
import { describe, expect, it } from 'vitest';
import { presignUrl } from '../../src/sigv4/sign.js';
import { AKID, incoming, rejection, SECRET, SUITE_TIME, smithySigner, verifierAt, wireQuery } from './helpers.js';

const base = {
  method: 'POST',
  accessKeyId: AKID,
  secretAccessKey: SECRET,
  region: 'us-east-1',
  service: 'service',
  now: SUITE_TIME,
};

/** What the server sees when a client requests the presigned URL. */
function toIncoming(url: string, body = '') {
  const u = new URL(url);
  return incoming({
    rawPath: u.pathname,
    rawQuery: u.search.slice(1),
    headers: { host: u.host },
    body: Buffer.from(body),
  });
}

describe('presigned URLs', () => {
  it('a URL from presignUrl verifies, keeping the caller query and the session token', async () => {
    const url = presignUrl({
      ...base,
      url: 'https://example.amazonaws.com/a%20b/?Action=List&x=1%2B1',
      body: '{"a":1}',
      sessionToken: 'tok/en+=',
      expiresIn: 60,
    });
    expect(url).toMatch(
      /^https:\/\/example\.amazonaws\.com\/a%20b\/\?Action=List&x=1%2B1&X-Amz-Algorithm=AWS4-HMAC-SHA256&/,
    );
    expect(url).toContain('X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request');
    expect(url).toContain('X-Amz-Security-Token=tok%2Fen%2B%3D');
    await expect(verifierAt(SUITE_TIME).verify(toIncoming(url, '{"a":1}'))).resolves.toEqual({
      accessKeyId: AKID,
      region: 'us-east-1',
      service: 'service',
      sessionToken: 'tok/en+=',
      presigned: true,
    });
  });

  it('a URL presigned by @smithy/signature-v4 verifies', async () => {
    const signed = await smithySigner('eu-west-1', 'service').presign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname: 'example.amazonaws.com',
        path: '/x',
        query: { b: 'two words', a: ['1', '0'] },
        headers: { host: 'example.amazonaws.com' },
      },
      { signingDate: new Date(SUITE_TIME), expiresIn: 900 },
    );
    const req = incoming({
      method: 'GET',
      rawPath: signed.path,
      rawQuery: wireQuery(signed.query as Record<string, string | string[]>),
      headers: { host: 'example.amazonaws.com' },
    });
    await expect(verifierAt(SUITE_TIME).verify(req)).resolves.toMatchObject({ region: 'eu-west-1', presigned: true });
  });

  it('a tampered parameter or body fails the signature', async () => {
    const url = presignUrl({ ...base, url: 'https://example.amazonaws.com/?Action=List', body: '{}' });
    for (const req of [toIncoming(url.replace('Action=List', 'Action=Lisp'), '{}'), toIncoming(url, '{"x":1}')]) {
      const e = await rejection(verifierAt(SUITE_TIME).verify(req));
      expect([e.code, e.status]).toEqual(['InvalidSignatureException', 400]);
      expect(e.message).toMatch(/^The request signature we calculated does not match/);
    }
  });

  it('X-Amz-Expires does not widen the 5-minute window', async () => {
    const url = presignUrl({ ...base, url: 'https://example.amazonaws.com/', expiresIn: 604_800 });
    const e = await rejection(verifierAt(SUITE_TIME + 6 * 60_000).verify(toIncoming(url)));
    expect([e.code, e.status, e.message]).toEqual([
      'InvalidSignatureException',
      400,
      'Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T124200Z - 5 min.)',
    ]);
  });

  it('an unsupported X-Amz-Algorithm', async () => {
    const url = presignUrl({ ...base, url: 'https://example.amazonaws.com/' }).replace(
      'X-Amz-Algorithm=AWS4-HMAC-SHA256',
      'X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256',
    );
    const e = await rejection(verifierAt(SUITE_TIME).verify(toIncoming(url)));
    expect([e.code, e.message]).toEqual([
      'IncompleteSignatureException',
      "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256' (only AWS4-HMAC-SHA256 for now). ",
    ]);
  });

  it('rejects an expiry outside 1..604800 seconds', () => {
    for (const expiresIn of [0, 604_801, 1.5]) {
      expect(() => presignUrl({ ...base, url: 'https://example.amazonaws.com/', expiresIn })).toThrow(RangeError);
    }
  });
});
