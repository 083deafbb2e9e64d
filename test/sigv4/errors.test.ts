/** Every rejection path of the verifier, with AWS's exact code, message and HTTP status. */
import { describe, expect, it } from 'vitest';
import type { IncomingSigned } from '../../src/auth/verify-sigv4.js';
import { canonicalRequest, sha256Hex, stringToSign } from '../../src/sigv4/canonical.js';
import { signRequest } from '../../src/sigv4/sign.js';
import { deriveSigningKey, signatureHex } from '../../src/sigv4/signing-key.js';
import { AKID, incoming, rejection, SECRET, SUITE_TIME, verifierAt } from './helpers.js';

const HOST = 'example.amazonaws.com';
const DATE = '20150830T123600Z';
const SCOPE = `${AKID}/20150830/us-east-1/service/aws4_request`;
const AUTH = `AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;

/** A correctly signed POST of `body` to https://example.amazonaws.com/ at the suite time. */
function signed(body = '{}', extra: Record<string, string> = {}): IncomingSigned {
  const added = signRequest({
    method: 'POST',
    url: `https://${HOST}/`,
    headers: extra,
    body,
    accessKeyId: AKID,
    secretAccessKey: SECRET,
    region: 'us-east-1',
    service: 'service',
    now: SUITE_TIME,
  });
  return incoming({ headers: { host: HOST, ...extra, ...added }, body: Buffer.from(body) });
}

async function expectError(req: IncomingSigned, code: string, message: string, now = SUITE_TIME) {
  const e = await rejection(verifierAt(now).verify(req));
  expect({ code: e.code, status: e.status, message: e.message }).toEqual({ code, status: 400, message });
  // Invariant: nothing secret leaks into an error.
  expect(e.message).not.toContain(SECRET);
  expect(e.message).not.toContain(deriveSigningKey(SECRET, '20150830', 'us-east-1', 'service').toString('hex'));
}

const withAuth = (authorization: string, headers: Record<string, string> = { 'x-amz-date': DATE }) =>
  incoming({ headers: { host: HOST, ...headers, authorization } });

describe('SigV4 verifier errors', () => {
  it('no Authorization header and no X-Amz-Algorithm: MissingAuthenticationTokenException', async () => {
    await expectError(
      incoming({ headers: { host: HOST, 'x-amz-date': DATE } }),
      'MissingAuthenticationTokenException',
      'Missing Authentication Token',
    );
  });

  it('an empty Authorization header counts as missing', async () => {
    await expectError(withAuth('  '), 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  });

  it('both forms at once', async () => {
    const req = { ...withAuth(AUTH), rawQuery: 'X-Amz-Algorithm=AWS4-HMAC-SHA256' };
    await expectError(
      req,
      'InvalidSignatureException',
      "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    );
  });

  it('unsupported AWS4 algorithm', async () => {
    await expectError(
      withAuth(AUTH.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512')),
      'IncompleteSignatureException',
      "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). ",
    );
  });

  it('a parameter without "=" (a stray space after Credential=)', async () => {
    const auth = `AWS4-HMAC-SHA256 Credential= ${SCOPE}, SignedHeaders=host;x-amz-date, Signature=abc`;
    await expectError(
      withAuth(auth),
      'IncompleteSignatureException',
      `'${SCOPE}' not a valid key=value pair (missing equal-sign) in Authorization header: '${auth}'.`,
    );
  });

  it('every parameter and the date missing', async () => {
    await expectError(
      withAuth('AWS4-HMAC-SHA256 Foo=Bar', {}),
      'IncompleteSignatureException',
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either " +
        "a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 Foo=Bar",
    );
  });

  it('a foreign scheme reports all parameters missing and echoes the header', async () => {
    await expectError(
      withAuth('AWS AKIDEXAMPLE:c2lnbmF0dXJl'),
      'IncompleteSignatureException',
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. Authorization=AWS AKIDEXAMPLE:c2lnbmF0dXJl",
    );
  });

  it('only some parameters missing', async () => {
    await expectError(
      withAuth(`AWS4-HMAC-SHA256 Credential=${SCOPE}`),
      'IncompleteSignatureException',
      "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. " +
        `Authorization=AWS4-HMAC-SHA256 Credential=${SCOPE}`,
    );
  });

  it('presigned form missing every parameter', async () => {
    await expectError(
      incoming({ rawQuery: 'X-Amz-Algorithm', headers: { host: HOST } }),
      'IncompleteSignatureException',
      "AWS query-string parameters must include 'X-Amz-Algorithm'. AWS query-string parameters must include " +
        "'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string " +
        "parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. " +
        'Re-examine the query-string parameters.',
    );
  });

  it('host not among SignedHeaders', async () => {
    await expectError(
      withAuth(AUTH.replace('SignedHeaders=host;x-amz-date', 'SignedHeaders=x-amz-date')),
      'InvalidSignatureException',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    );
  });

  it('a date not in ISO 8601 basic format', async () => {
    await expectError(
      withAuth(AUTH, { 'x-amz-date': '2015-08-30T12:36:00Z' }),
      'IncompleteSignatureException',
      "Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
    );
  });

  it('a signature more than 5 minutes old', async () => {
    const now = Date.UTC(2024, 0, 1, 0, 5, 1);
    const auth = AUTH.replace('20150830', '20240101');
    await expectError(
      withAuth(auth, { 'x-amz-date': '20240101T000000Z' }),
      'InvalidSignatureException',
      'Signature expired: 20240101T000000Z is now earlier than 20240101T000001Z (20240101T000501Z - 5 min.)',
      now,
    );
  });

  it('a signature more than 5 minutes in the future', async () => {
    const now = Date.UTC(2024, 0, 1, 0, 0, 0);
    const auth = AUTH.replace('20150830', '20240101');
    await expectError(
      withAuth(auth, { 'x-amz-date': '20240101T000501Z' }),
      'InvalidSignatureException',
      'Signature not yet current: 20240101T000501Z is still later than 20240101T000500Z (20240101T000000Z + 5 min.)',
      now,
    );
  });

  it('exactly 5 minutes of skew is still accepted, either way', async () => {
    const req = signed();
    await expect(verifierAt(SUITE_TIME + 300_000).verify(req)).resolves.toMatchObject({ accessKeyId: AKID });
    await expect(verifierAt(SUITE_TIME - 300_000).verify(req)).resolves.toMatchObject({ accessKeyId: AKID });
  });

  it('a credential without 5 elements', async () => {
    await expectError(
      withAuth(AUTH.replace(SCOPE, AKID)),
      'IncompleteSignatureException',
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE'",
    );
  });

  it('a scope wrong in every element reports all of them at once', async () => {
    await expectError(
      withAuth(AUTH.replace(SCOPE, `${AKID}/20150829/wrong_region/wrong-service/aws5_request`)),
      'InvalidSignatureException',
      "Credential should be scoped to a valid region, not 'wrong_region'. " +
        "Credential should be scoped to correct service: 'service'. " +
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. " +
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150829' != '20150830', from '20150830T123600Z'.",
    );
  });

  it('a scope for another service only (AWS leaves a trailing space)', async () => {
    await expectError(
      withAuth(AUTH.replace('/service/', '/kms/')),
      'InvalidSignatureException',
      "Credential should be scoped to correct service: 'service'. ",
    );
  });

  it('an unknown access key id', async () => {
    await expectError(
      withAuth(AUTH.replace(AKID, 'AKIDUNKNOWN')),
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  });

  it('a wrong signature, with the canonical request and string to sign AWS echoes', async () => {
    const creq = `POST\n/\n\nhost:${HOST}\nx-amz-date:${DATE}\n\nhost;x-amz-date\n${sha256Hex('{}')}`;
    const sts = `AWS4-HMAC-SHA256\n${DATE}\n20150830/us-east-1/service/aws4_request\n${sha256Hex(creq)}`;
    await expectError(
      { ...withAuth(AUTH), body: Buffer.from('{}') },
      'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access ' +
        'Key and signing method. Consult the service documentation for details.\n\n' +
        `The Canonical String for this request should have been\n'${creq}'\n\n` +
        `The String-to-Sign should have been\n'${sts}'\n`,
    );
  });

  it('a signature of the wrong length is a plain mismatch (constant-time compare never throws)', async () => {
    const req = signed();
    req.headers.authorization = String(req.headers.authorization).replace(/Signature=\w+/, 'Signature=abc');
    const e = await rejection(verifierAt(SUITE_TIME).verify(req));
    expect(e.code).toBe('InvalidSignatureException');
    expect(e.message).toMatch(/^The request signature we calculated does not match/);
  });

  it('x-amz-content-sha256 must match the body, and UNSIGNED-PAYLOAD is refused', async () => {
    for (const declared of [sha256Hex('other'), 'UNSIGNED-PAYLOAD']) {
      const req = signed('{}', { 'x-amz-content-sha256': declared });
      const e = await rejection(verifierAt(SUITE_TIME).verify(req));
      expect([e.code, e.status]).toEqual(['InvalidSignatureException', 400]);
      expect(e.message).toMatch(/^The request signature we calculated does not match/);
    }
    await expect(
      verifierAt(SUITE_TIME).verify(signed('{}', { 'x-amz-content-sha256': sha256Hex('{}') })),
    ).resolves.toMatchObject({ accessKeyId: AKID });
  });

  it('falls back to an HTTP-format Date header when X-Amz-Date is absent', async () => {
    const headers = { host: HOST, date: 'Sun, 30 Aug 2015 12:36:00 GMT' };
    const creq = canonicalRequest({
      method: 'POST',
      rawPath: '/',
      rawQuery: '',
      headers,
      signedHeaders: ['date', 'host'],
      payloadHash: sha256Hex(''),
    });
    const sts = stringToSign(DATE, '20150830/us-east-1/service/aws4_request', creq);
    const signature = signatureHex(deriveSigningKey(SECRET, '20150830', 'us-east-1', 'service'), sts);
    const authorization = `AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=date;host, Signature=${signature}`;
    await expect(
      verifierAt(SUITE_TIME).verify(incoming({ headers: { ...headers, authorization } })),
    ).resolves.toMatchObject({ accessKeyId: AKID });
  });

  it('accepts a request signed by us, returning the identity from the scope', async () => {
    const req = signed('{}');
    req.headers['x-amz-security-token'] = 'session-token';
    req.headers.authorization = signRequest({
      method: 'POST',
      url: `https://${HOST}/`,
      body: '{}',
      accessKeyId: AKID,
      secretAccessKey: SECRET,
      sessionToken: 'session-token',
      region: 'us-east-1',
      service: 'service',
      now: SUITE_TIME,
    }).authorization;
    await expect(verifierAt(SUITE_TIME).verify(req)).resolves.toEqual({
      accessKeyId: AKID,
      region: 'us-east-1',
      service: 'service',
      sessionToken: 'session-token',
      presigned: false,
    });
  });
});
