/** Runs the AWS SigV4 test-suite vectors of suite-vectors.ts through the signer and the verifier. */
import { describe, expect, it } from 'vitest';
import { canonicalRequest, sha256Hex, stringToSign } from '../../src/sigv4/canonical.js';
import { deriveSigningKey, signatureHex } from '../../src/sigv4/signing-key.js';
import { AKID, SECRET, SUITE_TIME, verifierAt } from './helpers.js';
import { BASE, DATE, SCOPE, VECTORS, type Vector } from './suite-vectors.js';

const key = deriveSigningKey(SECRET, '20150830', 'us-east-1', 'service');

function compute(v: Vector) {
  const headers = { ...BASE, ...v.headers };
  const signedHeaders = Object.keys(headers).sort();
  const creq = canonicalRequest({
    method: v.method,
    rawPath: v.path,
    rawQuery: v.query ?? '',
    headers,
    signedHeaders,
    payloadHash: sha256Hex(v.body ?? ''),
  });
  const sts = stringToSign(DATE, SCOPE, creq);
  return { headers, signedHeaders, creq, sts, signature: signatureHex(key, sts) };
}

describe('AWS SigV4 test suite', () => {
  it.each(VECTORS)('$name: canonical request, string to sign, signature', (v) => {
    const out = compute(v);
    expect(out.creq).toBe(v.creq.join('\n'));
    expect(out.sts).toBe(`AWS4-HMAC-SHA256\n${DATE}\n${SCOPE}\n${v.sts ?? sha256Hex(v.creq.join('\n'))}`);
    expect(out.signature).toBe(v.signature);
  });

  it.each(VECTORS)('$name: the suite Authorization header verifies', async (v) => {
    const out = compute(v);
    const { verify } = verifierAt(SUITE_TIME);
    const authorization = `AWS4-HMAC-SHA256 Credential=${AKID}/${SCOPE}, SignedHeaders=${out.signedHeaders.join(';')}, Signature=${v.signature}`;
    const identity = await verify({
      method: v.method,
      rawPath: v.path,
      rawQuery: v.query ?? '',
      headers: { ...out.headers, authorization },
      body: Buffer.from(v.body ?? ''),
    });
    expect(identity).toMatchObject({ accessKeyId: AKID, region: 'us-east-1', service: 'service', presigned: false });
  });

  it('signing key for the suite credentials matches the documented derivation', () => {
    // AWS "Examples of how to derive a signing key": kSigning for 20150830/us-east-1/iam.
    expect(deriveSigningKey(SECRET, '20150830', 'us-east-1', 'iam').toString('hex')).toBe(
      'c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9',
    );
  });
});
