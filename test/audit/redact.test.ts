import { describe, expect, it } from 'vitest';
import { loadServiceShapes } from '../../src/audit/model-shapes.js';
import { HIDDEN } from '../../src/audit/record.js';
import { cloudTrailKey, cloudTrailParameters, isDenylisted } from '../../src/audit/redact.js';

const MODEL = new URL('../../src/protocol/model/secretsmanager.json', import.meta.url);
const OVERLAY = new URL('../../src/protocol/model/overlay.json', import.meta.url);
const shapes = loadServiceShapes(MODEL, OVERLAY);

describe('CloudTrail member names', () => {
  it.each([
    ['SecretId', 'secretId'],
    ['ARN', 'arn'],
    ['VersionId', 'versionId'],
    ['KmsKeyId', 'kmsKeyId'],
    ['KMSKeyId', 'kmsKeyId'],
    ['ARNList', 'arnList'],
    ['VersionIdsToStages', 'versionIdsToStages'],
    ['name', 'name'],
  ])('%s → %s', (from, to) => expect(cloudTrailKey(from)).toBe(to));
});

describe('redaction by the service model', () => {
  it('hides the model-sensitive SecretString and SecretBinary of PutSecretValue and keeps the rest', () => {
    const input = {
      SecretId: 'app/db',
      SecretString: 'CANARY',
      ClientRequestToken: 't',
      VersionStages: ['AWSCURRENT'],
    };
    expect(cloudTrailParameters(input, shapes('PutSecretValue')?.input)).toStrictEqual({
      secretId: 'app/db',
      secretString: HIDDEN,
      clientRequestToken: 't',
      versionStages: ['AWSCURRENT'],
    });
    const binary = cloudTrailParameters({ SecretId: 'x', SecretBinary: 'Q0FOQVJZ' }, shapes('PutSecretValue')?.input);
    expect(binary).toStrictEqual({ secretId: 'x', secretBinary: HIDDEN });
  });

  it('hides GetRandomPassword output and GetSecretValue output by their sensitive flags', () => {
    expect(shapes('GetRandomPassword')?.output?.members?.RandomPassword?.sensitive).toBe(true);
    expect(cloudTrailParameters({ RandomPassword: 'CANARY' }, shapes('GetRandomPassword')?.output)).toStrictEqual({
      randomPassword: HIDDEN,
    });
    const out = cloudTrailParameters(
      { ARN: 'arn:x', Name: 'n', SecretString: 'CANARY', SecretBinary: 'Q0FOQVJZ' },
      shapes('GetSecretValue')?.output,
    );
    expect(out).toStrictEqual({ arn: 'arn:x', name: 'n', secretString: HIDDEN, secretBinary: HIDDEN });
  });

  it('drops members the model does not know (a value cannot hide under a new name)', () => {
    const out = cloudTrailParameters(
      { SecretId: 'a', Smuggled: 'CANARY', Tags: [{ Key: 'k', Value: 'v', Extra: 'CANARY' }] },
      shapes('TagResource')?.input,
    );
    expect(out).toStrictEqual({ secretId: 'a', tags: [{ key: 'k', value: 'v' }] });
    expect(JSON.stringify(out)).not.toContain('CANARY');
  });

  it('hides a sensitive member whatever type the client sent', () => {
    const out = cloudTrailParameters(
      { SecretId: 'a', SecretString: { nested: 'CANARY' } },
      shapes('CreateSecret')?.input,
    );
    expect(JSON.stringify(out)).not.toContain('CANARY');
  });

  it('keeps map keys (version ids) as they are', () => {
    const out = cloudTrailParameters(
      { ARN: 'a', VersionIdsToStages: { 'EXAMPLE-1': ['AWSCURRENT'] } },
      shapes('DescribeSecret')?.output,
    );
    expect(out).toStrictEqual({ arn: 'a', versionIdsToStages: { 'EXAMPLE-1': ['AWSCURRENT'] } });
  });

  it('covers members the overlay added since the vendored model (CreateSecret Type)', () => {
    expect(cloudTrailParameters({ Name: 'n', Type: 'x' }, shapes('CreateSecret')?.input)).toStrictEqual({
      name: 'n',
      type: 'x',
    });
  });

  it('without a model, keeps members but hides every denylisted name, at any depth', () => {
    const body = {
      UserName: 'bob',
      Password: 'CANARY',
      Credentials: { AccessKeyId: 'AKIA', SecretAccessKey: 'CANARY', SessionToken: 'CANARY' },
      List: [{ private_key: 'CANARY' }],
    };
    const out = cloudTrailParameters(body, undefined);
    expect(out).toStrictEqual({
      userName: 'bob',
      password: HIDDEN,
      credentials: { accessKeyId: 'AKIA', secretAccessKey: HIDDEN, sessionToken: HIDDEN },
      list: [{ private_key: HIDDEN }],
    });
  });

  it('denylists secret-bearing names in any spelling', () => {
    for (const n of [
      'SecretString',
      'secret_binary',
      'RandomPassword',
      'SECRET-ACCESS-KEY',
      'SessionToken',
      'RotationToken',
    ]) {
      expect(isDenylisted(n), n).toBe(true);
    }
    for (const n of ['SecretId', 'ClientRequestToken', 'NextToken', 'Name']) expect(isDenylisted(n), n).toBe(false);
  });

  it('gives null for a body that is not a JSON object', () => {
    expect(cloudTrailParameters(undefined, undefined)).toBeNull();
    expect(cloudTrailParameters([1], undefined)).toBeNull();
    expect(cloudTrailParameters('x', undefined)).toBeNull();
  });
});
