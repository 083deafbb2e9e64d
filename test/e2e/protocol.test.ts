import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawCall } from '../helpers/raw.js';
import { type RunningServer, removeDir, startServer } from '../helpers/server.js';

let srv: RunningServer;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await srv.stop();
  removeDir(srv.dataDir);
});

const call = (op: string, body: string, o: Parameters<typeof rawCall>[3] = {}) =>
  rawCall(srv.endpoint, op, body, { creds: srv.credentials, ...o });

describe('AWS JSON 1.1 protocol', () => {
  it('answers with the JSON content type and a request id on success and on error', async () => {
    const ok = await call('ListSecrets', '{}');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(ok.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    const bad = await call('GetSecretValue', '{"SecretId":"nope"}');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(bad.json).toEqual({
      __type: 'ResourceNotFoundException',
      Message: "Secrets Manager can't find the specified secret.",
    });
  });

  it('refuses malformed JSON with SerializationException', async () => {
    const r = await call('ListSecrets', '{"MaxResults": ');
    expect(r.status).toBe(400);
    expect(r.json?.__type).toBe('SerializationException');
  });

  it.each([
    ['{"SecretId": 5}', 'NUMBER_VALUE cannot be converted to String'],
    ['{"SecretId": {"a":1}}', 'Start of structure or map found where not expected.'],
    ['{"SecretId": ["x"]}', 'Start of list found where not expected.'],
    ['{"SecretId": true}', 'TRUE_VALUE cannot be converted to String'],
  ])('refuses wrong field types: %s', async (body, message) => {
    const r = await call('GetSecretValue', body);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ __type: 'SerializationException', Message: message });
  });

  it('refuses a missing required member and constraint violations with ValidationException', async () => {
    const r = await call('GetSecretValue', '{}');
    expect(r.json).toEqual({
      __type: 'ValidationException',
      Message:
        "1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null",
    });
    const two = await call('ListSecrets', '{"MaxResults": 500, "SortOrder": "up"}');
    expect(two.json?.__type).toBe('ValidationException');
    expect(two.json?.Message).toBe(
      "2 validation errors detected: Value '500' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100; Value 'up' at 'sortOrder' failed to satisfy constraint: Member must satisfy enum value set: [asc, desc]",
    );
  });

  it('never echoes a secret value in a validation error', async () => {
    const value = 'x'.repeat(65_537);
    const r = await call(
      'CreateSecret',
      JSON.stringify({ Name: 'v', SecretString: value, ClientRequestToken: 'a'.repeat(32) }),
    );
    expect(r.json?.__type).toBe('ValidationException');
    expect(r.text.includes('xxxxxxxxxx')).toBe(false);
  });

  it('ignores unknown members, as AWS does', async () => {
    const r = await call('ListSecrets', '{"NotAMember": 1}');
    expect(r.status).toBe(200);
  });

  it.each([
    ['an unknown operation', { target: 'secretsmanager.StealEverything' }],
    ['another service prefix', { target: 'kms.ListKeys' }],
    ['no X-Amz-Target', { target: null }],
    ['a wrong content type', { contentType: 'text/plain' }],
    ['no content type', { contentType: null }],
  ] as const)('refuses %s with UnknownOperationException', async (_, o) => {
    const r = await call('ListSecrets', '{}', o);
    expect(r.status).toBe(400);
    expect(r.json?.__type).toBe('UnknownOperationException');
  });

  it('refuses a body over the limit without a crash', async () => {
    const r = await call('ListSecrets', JSON.stringify({ pad: 'p'.repeat(2 * 1024 * 1024) }));
    expect(r.status).toBe(413);
    expect(r.json?.__type).toBeDefined();
    const after = await call('ListSecrets', '{}');
    expect(after.status).toBe(200);
  });

  it('refuses an unsigned request with MissingAuthenticationTokenException', async () => {
    const r = await call('ListSecrets', '{}', { sign: false });
    expect(r.status).toBe(400);
    expect(r.json?.__type).toBe('MissingAuthenticationTokenException');
  });

  it('refuses a request signed for another service or with a stale date', async () => {
    const svc = await call('ListSecrets', '{}', { service: 'kms' });
    expect(svc.json?.__type).toBe('InvalidSignatureException');
    const stale = await call('ListSecrets', '{}', { now: Date.now() - 10 * 60_000 });
    expect(stale.json?.__type).toBe('InvalidSignatureException');
    expect(String(stale.json?.Message)).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/,
    );
  });

  it('refuses a replayed signature with a changed body', async () => {
    const { signRequest } = await import('../../src/sigv4/index.js');
    const headers: Record<string, string> = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'secretsmanager.ListSecrets',
    };
    Object.assign(
      headers,
      signRequest({
        method: 'POST',
        url: `${srv.endpoint}/`,
        headers,
        body: '{}',
        accessKeyId: srv.credentials!.accessKeyId,
        secretAccessKey: srv.credentials!.secretAccessKey,
        region: 'us-east-1',
        service: 'secretsmanager',
        now: Date.now(),
      }),
    );
    const r = await fetch(`${srv.endpoint}/`, { method: 'POST', headers, body: '{"MaxResults":1}' });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { __type: string }).__type).toBe('InvalidSignatureException');
  });

  it('requires a ClientRequestToken from raw callers that send a value', async () => {
    const r = await call('CreateSecret', JSON.stringify({ Name: 'raw-no-token', SecretString: 'v' }));
    expect(r.json).toEqual({
      __type: 'InvalidRequestException',
      Message: 'You must provide a ClientRequestToken value. We recommend a UUID-type value.',
    });
  });
});
