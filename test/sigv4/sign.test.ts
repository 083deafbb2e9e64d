/** signRequest: reproduces the AWS suite, agrees with the SDK's signer, and verifies with ours. */
import { describe, expect, it } from 'vitest';
import { signRequest } from '../../src/sigv4/sign.js';
import { AKID, incoming, lowerHeaders, rng, SECRET, SUITE_TIME, smithySigner, verifierAt } from './helpers.js';

const suite = {
  accessKeyId: AKID,
  secretAccessKey: SECRET,
  region: 'us-east-1',
  service: 'service',
  now: new Date(SUITE_TIME),
};
const authz = (signedHeaders: string, signature: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=${signedHeaders}, Signature=${signature}`;

describe('signRequest', () => {
  it('reproduces the suite Authorization headers', () => {
    expect(signRequest({ ...suite, method: 'GET', url: 'https://example.amazonaws.com/' })).toEqual({
      'x-amz-date': '20150830T123600Z',
      authorization: authz('host;x-amz-date', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'),
    });
    expect(
      signRequest({ ...suite, method: 'GET', url: 'https://example.amazonaws.com/?Param2=value2&Param1=value1' })
        .authorization,
    ).toBe(authz('host;x-amz-date', 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500'));
    expect(
      signRequest({
        ...suite,
        method: 'POST',
        url: 'https://example.amazonaws.com/',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'User-Agent': 'not signed' },
        body: 'Param1=value1',
      }).authorization,
    ).toBe(authz('content-type;host;x-amz-date', 'ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a'));
  });

  it('adds and signs x-amz-security-token (suite post-sts-header-before)', () => {
    const token =
      'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==';
    const added = signRequest({ ...suite, method: 'POST', url: 'https://example.amazonaws.com/', sessionToken: token });
    expect(added['x-amz-security-token']).toBe(token);
    expect(added.authorization).toBe(
      authz('host;x-amz-date;x-amz-security-token', '85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead'),
    );
  });

  it('adds x-amz-content-sha256 only when asked, and the result verifies', async () => {
    const url = 'https://example.amazonaws.com/';
    expect(signRequest({ ...suite, method: 'POST', url, body: '{}' })).not.toHaveProperty('x-amz-content-sha256');
    const added = signRequest({ ...suite, method: 'POST', url, body: '{}', contentSha256Header: true });
    expect(added['x-amz-content-sha256']).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
    expect(added.authorization).toContain('SignedHeaders=host;x-amz-content-sha256;x-amz-date,');
    const req = incoming({ headers: { host: 'example.amazonaws.com', ...added }, body: Buffer.from('{}') });
    await expect(verifierAt(SUITE_TIME).verify(req)).resolves.toMatchObject({ accessKeyId: AKID });
  });

  it('agrees with @smithy/signature-v4 on 50 random JSON requests', async () => {
    for (let seed = 1; seed <= 50; seed++) {
      const r = rng(seed);
      const path = `/${encodeURIComponent(r.str("ab c/é!'()*", 0, 6))}`;
      const body = JSON.stringify({ SecretId: r.str('abc/+=', 1, 10) });
      const headers = {
        host: 'secretsmanager.eu-west-1.amazonaws.com',
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'secretsmanager.GetSecretValue',
        'x-extra': r.str('a b\t', 0, 8),
      };
      const now = SUITE_TIME + r.int(1e9) * 1000;
      const ours = signRequest({
        ...suite,
        method: 'POST',
        url: `https://${headers.host}${path}`,
        headers,
        body,
        region: 'eu-west-1',
        service: 'secretsmanager',
        now,
      });
      const theirs = await smithySigner('eu-west-1', 'secretsmanager').sign(
        { method: 'POST', protocol: 'https:', hostname: headers.host, path, query: {}, headers, body },
        { signingDate: new Date(now) },
      );
      expect(ours.authorization, `seed ${seed}`).toBe(lowerHeaders(theirs.headers).authorization);
    }
  });
});
