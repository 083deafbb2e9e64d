import { describe, expect, it } from 'vitest';
import {
  findReferences,
  parseCloudFormation,
  parseEcsValueFrom,
  parseSecureParameter,
  parseWorkato,
  selectValue,
} from '../../src/client/references.js';

describe('CloudFormation dynamic references (statement 134)', () => {
  it('reads the secret id, json key, stage and version id', () => {
    expect(parseCloudFormation('{{resolve:secretsmanager:MySecret:SecretString:password}}')).toMatchObject({
      secretId: 'MySecret',
      jsonKey: 'password',
    });
    expect(parseCloudFormation('{{resolve:secretsmanager:MySecret:SecretString:password:AWSPREVIOUS}}')).toMatchObject({
      versionStage: 'AWSPREVIOUS',
    });
    expect(parseCloudFormation('{{resolve:secretsmanager:MySecret}}')).toMatchObject({
      secretId: 'MySecret',
      jsonKey: undefined,
    });
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:MySecret-a1b2c3';
    expect(parseCloudFormation(`{{resolve:secretsmanager:${arn}:SecretString:user::v1}}`)).toMatchObject({
      secretId: arn,
      jsonKey: 'user',
      versionId: 'v1',
    });
  });

  it.each([
    ['{{resolve:secretsmanager:MySecret:SecretString:k:AWSCURRENT:v1}}', 'not both'],
    ['{{resolve:secretsmanager:MySecret:SecretString:a:b:c:d}}', 'too many segments'],
    ['{{resolve:secretsmanager:MySecret:SecretString:k\\}}', 'backslash'],
    ['{{resolve:secretsmanager:MySecret:SecretBinary:k}}', 'must be SecretString'],
    ['{{resolve:secretsmanager:}}', 'secret id is empty'],
  ])('refuses %s', (raw, why) => {
    expect(() => parseCloudFormation(raw)).toThrow(why);
  });
});

describe('ECS valueFrom (statement 135)', () => {
  it('takes a partial ARN with a json key and empty stage and id', () => {
    expect(
      parseEcsValueFrom('arn:aws:secretsmanager:us-east-1:123456789:secret:myapp/database:username::'),
    ).toBeDefined();
    const r = parseEcsValueFrom('arn:aws:secretsmanager:us-east-1:123456789012:secret:myapp/database:username::');
    expect(r).toMatchObject({
      secretId: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:myapp/database',
      jsonKey: 'username',
    });
    expect(r.versionStage).toBeUndefined();
  });
});

describe('Workato masks (statement 137)', () => {
  it('splits the dotted key from the ARN at :arn:', () => {
    const r = parseWorkato(
      '{{workato:sm:prod.jira.secret.key:arn:aws:secretsmanager:us-east-1:137149879143:secret:prod-jira-credentials-FsmeTs}}',
    );
    expect(r).toMatchObject({
      jsonKey: 'prod.jira.secret.key',
      secretId: 'arn:aws:secretsmanager:us-east-1:137149879143:secret:prod-jira-credentials-FsmeTs',
    });
  });
  it('refuses a mask without an ARN', () => {
    expect(() => parseWorkato('{{workato:sm:key:notanarn}}')).toThrow('invalid secret reference');
  });
  it('refuses a JSON key on a plaintext secret', () => {
    const r = parseWorkato('{{workato:sm:k:arn:aws:secretsmanager:us-east-1:137149879143:secret:x-FsmeTs}}');
    expect(() => selectValue(r, 'plain text')).toThrow('not a JSON object');
  });
});

describe('Optexity secure parameters (statement 138)', () => {
  it('requires digits with type totp_secret', () => {
    expect(() => parseSecureParameter({ secret_name: 's', region_name: 'us-east-1', type: 'totp_secret' })).toThrow(
      'digits is required',
    );
    expect(
      parseSecureParameter({ secret_name: 's', region_name: 'us-east-1', type: 'totp_secret', digits: 6, key: 'totp' }),
    ).toMatchObject({
      secretId: 's',
      jsonKey: 'totp',
      totp: { digits: 6 },
    });
  });
});

describe('finding references in text and selecting values', () => {
  it('finds every reference in order', () => {
    const text =
      'a={{resolve:secretsmanager:A:SecretString:k}} b={{workato:sm:x:arn:aws:secretsmanager:us-east-1:123456789012:secret:B-abcdef}}';
    expect(findReferences(text).map((r) => r.ref.secretId)).toEqual([
      'A',
      'arn:aws:secretsmanager:us-east-1:123456789012:secret:B-abcdef',
    ]);
  });
  it('selects a JSON key and names a missing key', () => {
    const ref = parseCloudFormation('{{resolve:secretsmanager:A:SecretString:password}}');
    expect(selectValue(ref, '{"password":"p"}')).toBe('p');
    expect(() => selectValue(ref, '{"user":"u"}')).toThrow("has no key 'password'");
  });
});
