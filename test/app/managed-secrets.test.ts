import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { schedulePass } from '../../src/app/rotation/scheduler.js';
import { failure, type Harness, HOUR, harness, T0 } from './harness.js';

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

  it('takes a new rotation schedule (managed rotation): no function, no new version, no run (34)', async () => {
    const s = await h.insert({ name: 'rds!cluster-5678', owningService: 'rds' });
    // T0 is 2025-01-01 12:00 UTC: the next window of this schedule is 16:00-18:00 the same day.
    const rules = { ScheduleExpression: 'cron(0 16 1,15 * ? *)', Duration: '2h' };
    const r = await h.call('RotateSecret', {
      SecretId: s.name,
      RotationRules: rules,
      ClientRequestToken: randomUUID(),
    });
    expect(r).toStrictEqual({ ARN: s.arn, Name: s.name });
    let d = await h.call('DescribeSecret', { SecretId: s.arn });
    expect(d).toMatchObject({ RotationEnabled: true, RotationRules: { ...rules, AutomaticallyAfterDays: 14 } });
    expect(d.NextRotationDate).toBe(Date.UTC(2025, 0, 1, 17, 59, 59) / 1000);
    expect(d.RotationLambdaARN).toBeUndefined();
    expect(await h.store.findActiveRotationRun(s.id)).toBeUndefined();
    expect((await h.call('ListSecretVersionIds', { SecretId: s.arn, IncludeDeprecated: true })).Versions).toEqual([]);

    // The window passes: the owning service rotates (none here), so the schedule only moves on.
    expect(await schedulePass(h.app.rotation.deps, T0 + 5 * HOUR)).toBe(0);
    d = await h.call('DescribeSecret', { SecretId: s.arn });
    expect(d.NextRotationDate).toBe(Date.UTC(2025, 0, 15, 17, 59, 59) / 1000);
    expect(await h.store.findActiveRotationRun(s.id)).toBeUndefined();

    // The schedule can be changed again; DescribeSecret and ListSecrets show the new rules.
    await h.call(
      'RotateSecret',
      { SecretId: s.name, RotationRules: { AutomaticallyAfterDays: 7 }, ClientRequestToken: randomUUID() },
      T0 + 6 * HOUR,
    );
    d = await h.call('DescribeSecret', { SecretId: s.arn });
    expect(d).toMatchObject({ RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 7 } });
    expect(d.RotationRules).toStrictEqual({ AutomaticallyAfterDays: 7 });
    const listed = await h.call('ListSecrets', { Filters: [{ Key: 'owning-service', Values: ['rds'] }] });
    expect(listed.SecretList).toEqual([
      expect.objectContaining({ Name: s.name, RotationEnabled: true, RotationRules: { AutomaticallyAfterDays: 7 } }),
    ]);
  });

  it('refuses a rotation function, or a rotation without new rules, with the managed-by-service message', async () => {
    const s = await h.insert({ name: 'rds!cluster-9', owningService: 'rds' });
    const fn = 'arn:aws:lambda:us-east-1:123456789012:function:mine';
    const token = () => randomUUID();
    for (const body of [
      { SecretId: s.name, ClientRequestToken: token() },
      { SecretId: s.name, ClientRequestToken: token(), RotationLambdaARN: fn },
      {
        SecretId: s.name,
        ClientRequestToken: token(),
        RotationLambdaARN: fn,
        RotationRules: { AutomaticallyAfterDays: 1 },
      },
    ]) {
      expect(await failure(h.call('RotateSecret', body))).toEqual({
        code: 'InvalidRequestException',
        message: MANAGED,
      });
    }
    const d = await h.call('DescribeSecret', { SecretId: s.arn });
    expect(d.RotationEnabled).toBeUndefined();
    expect(d.RotationRules).toBeUndefined();
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
