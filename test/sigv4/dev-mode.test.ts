/** acceptAnySignature: shape is still checked, the key lookup and the compare are skipped. */
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/sigv4/canonical.js';
import { incoming, rejection, SUITE_TIME, verifierAt } from './helpers.js';

const HOST = 'example.amazonaws.com';
const DATE = '20150830T123600Z';
const AUTH = `AWS4-HMAC-SHA256 Credential=AKIDANYONE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'f'.repeat(64)}`;

const devVerifier = () =>
  verifierAt(SUITE_TIME, {
    acceptAnySignature: true,
    lookup: async () => {
      throw new Error('dev mode must not look keys up');
    },
  }).verify;

describe('acceptAnySignature (dev mode)', () => {
  it('accepts a wrong signature from an unknown key and still reports the identity', async () => {
    const req = incoming({ headers: { host: HOST, 'x-amz-date': DATE, authorization: AUTH } });
    await expect(devVerifier()(req)).resolves.toEqual({
      accessKeyId: 'AKIDANYONE',
      region: 'us-east-1',
      service: 'service',
      presigned: false,
    });
  });

  it('still rejects a missing Authorization', async () => {
    const e = await rejection(devVerifier()(incoming({ headers: { host: HOST, 'x-amz-date': DATE } })));
    expect([e.code, e.status, e.message]).toEqual([
      'MissingAuthenticationTokenException',
      400,
      'Missing Authentication Token',
    ]);
  });

  it('still rejects a garbled Authorization', async () => {
    const garbled = 'AWS4-HMAC-SHA256 garbage';
    const e = await rejection(
      devVerifier()(incoming({ headers: { host: HOST, 'x-amz-date': DATE, authorization: garbled } })),
    );
    expect([e.code, e.status, e.message]).toEqual([
      'IncompleteSignatureException',
      400,
      `'garbage' not a valid key=value pair (missing equal-sign) in Authorization header: '${garbled}'.`,
    ]);
  });

  it('still checks the clock, the scope and the payload hash', async () => {
    const verify = devVerifier();
    const stale = incoming({ headers: { host: HOST, 'x-amz-date': '20150830T120000Z', authorization: AUTH } });
    expect((await rejection(verify(stale))).message).toMatch(/^Signature expired: /);

    const badScope = incoming({
      headers: { host: HOST, 'x-amz-date': DATE, authorization: AUTH.replace('/service/', '/s3/') },
    });
    expect((await rejection(verify(badScope))).message).toBe(
      "Credential should be scoped to correct service: 'service'. ",
    );

    const badHash = incoming({
      headers: { host: HOST, 'x-amz-date': DATE, authorization: AUTH, 'x-amz-content-sha256': sha256Hex('x') },
    });
    expect((await rejection(verify(badHash))).code).toBe('InvalidSignatureException');
  });
});
