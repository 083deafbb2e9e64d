import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AuthorizeRequest, adminOnly } from '../../src/app/authorize.js';
import { createAlias, updateAlias } from '../../src/app/kms/aliases.js';
import { createKey } from '../../src/app/kms/create-key.js';
import { type Harness, harness, T0 } from './harness.js';

/**
 * A request looks its key up once: the key the secretsmanager:KmsKeyArn condition judges, the key
 * whose kms:* permissions are checked and the key that seals the value are the same key, even when
 * the alias naming it is re-pointed while the request runs. The real use cases over a real store
 * and keyring; the authorizer is the harness's admin-only one with a hook that, at the moment a
 * chosen check is made, re-points the alias through the real UpdateAlias, as a concurrent
 * request would.
 */
let h: Harness;
let seen: AuthorizeRequest[] = [];
let hook: ((req: AuthorizeRequest) => Promise<void>) | undefined;

beforeEach(async () => {
  seen = [];
  hook = undefined;
  h = await harness(async (ctx, req) => {
    seen.push(req);
    await adminOnly(ctx, req);
    await hook?.(req);
  });
});
afterEach(async () => {
  await h.close();
});

const ctx = () => h.ctx(T0);
const newKey = async () => (await createKey(h.deps, ctx(), {})).Arn;
const keyIdOf = (arn: string) => arn.split('/')[1]!;

async function aliasOn(key: string): Promise<string> {
  const alias = `alias/${randomUUID().slice(0, 8)}`;
  await createAlias(h.deps, ctx(), alias, keyIdOf(key));
  return alias;
}

/** At the first `action` check of the next request, `alias` moves to `to`. */
function moveAt(action: string, alias: string, to: string): void {
  seen = [];
  hook = async (req) => {
    if (req.action !== action) return;
    hook = undefined;
    await updateAlias(h.deps, ctx(), alias, keyIdOf(to));
  };
}

/** The keys of the kms:* permission checks made for the request (not the test's own UpdateAlias). */
const checkedKeys = () =>
  new Set(
    seen.filter((r) => ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:Encrypt'].includes(r.action)).map((r) => r.resource),
  );

const conditionOf = (action: string) => seen.find((r) => r.action === action)?.conditions?.['secretsmanager:KmsKeyArn'];

async function keysByVersion(secretId: string): Promise<Record<string, string[]>> {
  const r = await h.call('ListSecretVersionIds', { SecretId: secretId, IncludeDeprecated: true });
  const versions = r.Versions as { VersionId: string; KmsKeyIds: string[] }[];
  return Object.fromEntries(versions.map((v) => [v.VersionId, v.KmsKeyIds]));
}

describe('one key per request, even with the alias re-pointed meanwhile', () => {
  it('CreateSecret judges the condition, checks and seals with the key the alias named first', async () => {
    const [first, second] = [await newKey(), await newKey()];
    const alias = await aliasOn(first);
    moveAt('secretsmanager:CreateSecret', alias, second);
    const token = randomUUID();
    await h.call('CreateSecret', { Name: 'c', SecretString: 'v', KmsKeyId: alias, ClientRequestToken: token });

    expect(conditionOf('secretsmanager:CreateSecret')).toBe(first);
    expect(checkedKeys()).toEqual(new Set([first]));
    expect(await keysByVersion('c')).toEqual({ [token]: [first] });
  });

  it('UpdateSecret judges the condition, checks, re-wraps and seals with the key the alias named first', async () => {
    const [first, second] = [await newKey(), await newKey()];
    const created = await h.call('CreateSecret', { Name: 'u', SecretString: 'a', ClientRequestToken: randomUUID() });
    const alias = await aliasOn(first);
    moveAt('secretsmanager:UpdateSecret', alias, second);
    const token = randomUUID();
    await h.call('UpdateSecret', { SecretId: 'u', KmsKeyId: alias, SecretString: 'b', ClientRequestToken: token });

    expect(conditionOf('secretsmanager:UpdateSecret')).toBe(first);
    expect(checkedKeys()).toEqual(new Set([first]));
    expect(await keysByVersion('u')).toEqual({
      [token]: [first],
      [created.VersionId as string]: ['DefaultEncryptionKey', first],
    });
  });

  it("PutSecretValue seals with the key its kms:GenerateDataKey check was made on (the secret's alias)", async () => {
    const [first, second] = [await newKey(), await newKey()];
    const alias = await aliasOn(first);
    await h.call('CreateSecret', { Name: 'p', KmsKeyId: alias });
    moveAt('kms:GenerateDataKey', alias, second);
    const token = randomUUID();
    await h.call('PutSecretValue', { SecretId: 'p', SecretString: 'v', ClientRequestToken: token });

    expect(checkedKeys()).toEqual(new Set([first]));
    expect(await keysByVersion('p')).toEqual({ [token]: [first] });
    // The alias did move: the next write is checked and sealed under the key it names now.
    seen = [];
    const next = randomUUID();
    await h.call('PutSecretValue', { SecretId: 'p', SecretString: 'w', ClientRequestToken: next });
    expect(checkedKeys()).toEqual(new Set([second]));
    expect((await keysByVersion('p'))[next]).toEqual([second]);
  });
});
