import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failure, type Harness, harness } from './harness.js';

/**
 * Secrets owned by another service (OwningService set) can only be made by that service, never
 * through the API, so these tests insert one into the real store and drive the real use cases
 * and protocol layer (catalog §2.0, §12; statements 34, 35, 40).
 */
const MANAGED = 'This secret is managed by an AWS service, and you must use that service to update it.';

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(async () => {
  await h.close();
});

describe('a secret managed by another service', () => {
  it('refuses PutSecretValue and a value change by UpdateSecret with the managed-by-service message (34)', async () => {
    const s = await h.insert({ name: 'rds!cluster-1234', owningService: 'rds' });
    for (const id of [s.name, s.arn]) {
      expect(
        await failure(h.call('PutSecretValue', { SecretId: id, SecretString: 'x', ClientRequestToken: randomUUID() })),
      ).toEqual({ code: 'InvalidRequestException', message: MANAGED });
      expect(
        await failure(h.call('UpdateSecret', { SecretId: id, SecretString: 'x', ClientRequestToken: randomUUID() })),
      ).toEqual({ code: 'InvalidRequestException', message: MANAGED });
    }
    const versions = await h.call('ListSecretVersionIds', { SecretId: s.arn, IncludeDeprecated: true });
    expect(versions.Versions).toEqual([]);
  });

  it('is described with OwningService and never a value (35)', async () => {
    const s = await h.insert({ name: 'appflow!conn-1', owningService: 'appflow', description: 'managed' });
    const d = await h.call('DescribeSecret', { SecretId: s.name });
    expect(d).toMatchObject({ ARN: s.arn, Name: s.name, OwningService: 'appflow', Description: 'managed' });
    expect(Object.keys(d)).not.toContain('SecretString');
    expect(Object.keys(d)).not.toContain('SecretBinary');
  });

  it('keeps OwningService out of reach of CreateSecret: the member is not in the API', async () => {
    await h.call('CreateSecret', {
      Name: 'plain',
      OwningService: 'rds',
      SecretString: 'v',
      ClientRequestToken: randomUUID(),
    });
    const d = await h.call('DescribeSecret', { SecretId: 'plain' });
    expect(d.OwningService).toBeUndefined();
    await h.call('PutSecretValue', { SecretId: 'plain', SecretString: 'w', ClientRequestToken: randomUUID() });
  });
});

describe('ListSecrets owning-service filter (40, decision 12)', () => {
  it('is a case-sensitive prefix of the owning service, negated by !', async () => {
    await h.insert({ name: 'a!1', owningService: 'my-service' });
    await h.insert({ name: 'b!2', owningService: 'my-serv' });
    await h.insert({ name: 'c!3', owningService: 'My-Service' });
    await h.insert({ name: 'd!4', owningService: 'other' });
    await h.insert({ name: 'e' });
    const names = async (values: string[]) => {
      const r = await h.call('ListSecrets', { Filters: [{ Key: 'owning-service', Values: values }] });
      return (r.SecretList as { Name: string; OwningService?: string }[]).map((s) => s.Name).sort();
    };
    expect(await names(['my-ser'])).toEqual(['a!1', 'b!2']);
    expect(await names(['My-'])).toEqual(['c!3']);
    expect(await names(['!my-ser'])).toEqual(['c!3', 'd!4', 'e']);
    const listed = await h.call('ListSecrets', { Filters: [{ Key: 'owning-service', Values: ['other'] }] });
    expect(listed.SecretList).toEqual([expect.objectContaining({ Name: 'd!4', OwningService: 'other' })]);
  });
});

describe('Type (managed external secrets)', () => {
  it('is stored by CreateSecret, changed by UpdateSecret, and returned by DescribeSecret and ListSecrets', async () => {
    await h.call('CreateSecret', {
      Name: 'sf',
      Type: 'SalesforceClientSecret',
      SecretString: '{}',
      ClientRequestToken: randomUUID(),
    });
    expect((await h.call('DescribeSecret', { SecretId: 'sf' })).Type).toBe('SalesforceClientSecret');
    await h.call('UpdateSecret', { SecretId: 'sf', Type: 'SnowflakeKeyPairAuthentication' });
    expect((await h.call('DescribeSecret', { SecretId: 'sf' })).Type).toBe('SnowflakeKeyPairAuthentication');
    const l = await h.call('ListSecrets', { Filters: [{ Key: 'name', Values: ['sf'] }] });
    expect(l.SecretList).toEqual([expect.objectContaining({ Name: 'sf', Type: 'SnowflakeKeyPairAuthentication' })]);
    await h.call('UpdateSecret', { SecretId: 'sf', Description: 'only the description' });
    expect((await h.call('DescribeSecret', { SecretId: 'sf' })).Type).toBe('SnowflakeKeyPairAuthentication');
  });
});
