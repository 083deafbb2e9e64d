import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type Authorize, type AuthorizeRequest, denialMessage } from '../../src/app/authorize.js';
import { Errors } from '../../src/domain/errors.js';
import { failure, type Harness, harness } from './harness.js';

/**
 * BatchGetSecretValue's authorization (catalog §2.3, statements 85-86). The policy engine is
 * another engineer's work; until it lands the server's only authorizer lets the administrator do
 * everything, so here an authorizer that refuses chosen (action, resource) pairs stands in for a
 * policy. It is a second implementation of the Authorize port, not a mock of the code under test.
 */
function denying(refuse: (r: AuthorizeRequest) => boolean): Authorize & { seen: AuthorizeRequest[] } {
  const seen: AuthorizeRequest[] = [];
  const authorize = async (ctx: Parameters<Authorize>[0], req: AuthorizeRequest) => {
    seen.push(req);
    if (refuse(req)) throw Errors.accessDenied(denialMessage(ctx, req));
  };
  return Object.assign(authorize, { seen });
}

let h: Harness;
afterEach(async () => {
  await h.close();
});

async function threeSecrets() {
  const arns: string[] = [];
  for (const name of ['one', 'two', 'three']) {
    const r = await h.call('CreateSecret', {
      Name: name,
      SecretString: `${name}-value`,
      ClientRequestToken: randomUUID(),
    });
    arns.push(r.ARN as string);
  }
  return arns;
}

describe('BatchGetSecretValue authorization', () => {
  it('returns the secrets the caller may read and reports the other one in Errors, without failing (85)', async () => {
    let denied = '';
    const authz = denying((r) => r.action === 'secretsmanager:GetSecretValue' && r.resource === denied);
    h = await harness(authz);
    const arns = await threeSecrets();
    denied = arns[1]!;
    const r = await h.call('BatchGetSecretValue', { SecretIdList: ['one', 'two', 'three'] });
    expect((r.SecretValues as { Name: string; SecretString: string }[]).map((v) => [v.Name, v.SecretString])).toEqual([
      ['one', 'one-value'],
      ['three', 'three-value'],
    ]);
    expect(r.Errors).toEqual([
      {
        SecretId: 'two',
        ErrorCode: 'AccessDeniedException',
        Message: `User: arn:aws:iam::123456789012:user/admin is not authorized to perform: secretsmanager:GetSecretValue on resource: ${denied} because no identity-based policy allows the secretsmanager:GetSecretValue action`,
      },
    ]);
    expect(JSON.stringify(r)).not.toContain('two-value');
    // Each secret was authorized on its own, after the batch action itself on '*'.
    const actions = authz.seen.slice(-4).map((s) => `${s.action} ${s.resource}`);
    expect(actions).toEqual([
      'secretsmanager:BatchGetSecretValue *',
      `secretsmanager:GetSecretValue ${arns[0]}`,
      `secretsmanager:GetSecretValue ${arns[1]}`,
      `secretsmanager:GetSecretValue ${arns[2]}`,
    ]);
    // The denied secret was not read: its LastAccessedDate stays unset.
    expect((await h.call('DescribeSecret', { SecretId: 'two' })).LastAccessedDate).toBeUndefined();
    expect((await h.call('DescribeSecret', { SecretId: 'one' })).LastAccessedDate).toBeDefined();
  });

  it('leaves secrets chosen by Filters that the caller may not read out silently', async () => {
    let denied = '';
    h = await harness(denying((r) => r.action === 'secretsmanager:GetSecretValue' && r.resource === denied));
    const arns = await threeSecrets();
    denied = arns[0]!;
    const r = await h.call('BatchGetSecretValue', { Filters: [{ Key: 'name', Values: ['t'] }] });
    expect((r.SecretValues as { Name: string }[]).map((v) => v.Name).sort()).toEqual(['three', 'two']);
    expect(r.Errors).toEqual([]);
    const all = await h.call('BatchGetSecretValue', { Filters: [{ Key: 'name', Values: ['o'] }] });
    expect(all.SecretValues).toEqual([]);
    expect(all.Errors).toEqual([]);
  });

  it('fails with Filters for a caller without ListSecrets, but not with a SecretIdList (86)', async () => {
    const authz = denying((r) => r.action === 'secretsmanager:ListSecrets');
    h = await harness(authz);
    await threeSecrets();
    const e = await failure(h.call('BatchGetSecretValue', { Filters: [{ Key: 'name', Values: ['o'] }] }));
    expect(e.code).toBe('AccessDeniedException');
    expect(e.message).toContain('is not authorized to perform: secretsmanager:ListSecrets on resource: *');
    const r = await h.call('BatchGetSecretValue', { SecretIdList: ['one'] });
    expect((r.SecretValues as unknown[]).length).toBe(1);
  });

  it('fails as a whole for a caller without secretsmanager:BatchGetSecretValue, reading nothing', async () => {
    const authz = denying((r) => r.action === 'secretsmanager:BatchGetSecretValue');
    h = await harness(authz);
    await threeSecrets();
    const before = authz.seen.length;
    const e = await failure(h.call('BatchGetSecretValue', { SecretIdList: ['one', 'two'] }));
    expect(e.code).toBe('AccessDeniedException');
    expect(authz.seen.slice(before).map((s) => s.action)).toEqual(['secretsmanager:BatchGetSecretValue']);
    expect((await h.call('DescribeSecret', { SecretId: 'one' })).LastAccessedDate).toBeUndefined();
  });
});
