import { describe, expect, it } from 'vitest';
import { buildEnv, envName, parseSecretSpec, secretNameOf } from '../../src/client/env-names.js';

describe('GitHub-action variable names (catalog 7.5, statement 136)', () => {
  it.each([
    ['exampleSecretName', 'EXAMPLESECRETNAME'],
    ['arn:aws:secretsmanager:us-east-1:123456789012:secret:test1-a1b2c3', 'TEST1'],
    ['0/test/secret', '_0_TEST_SECRET'],
    ['/prod/example/secret', '_PROD_EXAMPLE_SECRET'],
  ])('%s → %s', (id, name) => {
    expect(envName(secretNameOf(id))).toBe(name);
  });

  it('expands JSON secrets, flattening nested keys', () => {
    const env = buildEnv(
      [{ secretId: 'test/secret', name: 'test/secret', value: '{"config":{"active":"true"},"user":"u"}' }],
      { parseJson: true },
    );
    expect(Object.fromEntries(env)).toEqual({ TEST_SECRET_CONFIG_ACTIVE: 'true', TEST_SECRET_USER: 'u' });
  });

  it('keeps a JSON secret whole when expansion is off, and uses aliases', () => {
    const env = buildEnv([{ secretId: 's', name: 's', alias: 'DB', value: '{"a":1}' }], { parseJson: false });
    expect(Object.fromEntries(env)).toEqual({ DB: '{"a":1}' });
  });

  it('fails on a collision such as MySecret and mysecret', () => {
    expect(() =>
      buildEnv(
        [
          { secretId: 'MySecret', name: 'MySecret', value: '1' },
          { secretId: 'mysecret', name: 'mysecret', value: '2' },
        ],
        { parseJson: false },
      ),
    ).toThrow('collision: MYSECRET');
  });

  it('parses ALIAS,secret-id specs and refuses bad aliases', () => {
    expect(parseSecretSpec('DB_PASS,app/db')).toEqual({ alias: 'DB_PASS', secretId: 'app/db' });
    expect(parseSecretSpec('app/db')).toEqual({ secretId: 'app/db' });
    expect(() => parseSecretSpec('bad-alias,app/db')).toThrow('invalid alias');
  });
});
