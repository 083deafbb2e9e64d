import { describe, expect, it } from 'vitest';
import type { RotationSecretsApi } from '../../src/app/rotation/rotator.js';
import { altUsername, parseDbSecret, tlsModeOf, withCredentials } from '../../src/app/rotation/rotators/db-secret.js';
import { BUILTIN_ROTATOR_NAMES, builtinRotator } from '../../src/app/rotation/rotators/index.js';
import { mysqlDriver } from '../../src/app/rotation/rotators/mysql.js';
import { grantForClone, requireClause } from '../../src/app/rotation/rotators/mysql-grants.js';
import { postgresDriver } from '../../src/app/rotation/rotators/postgres.js';
import { Redactor } from '../../src/app/rotation/rotators/redact.js';
import { ServiceError } from '../../src/domain/errors.js';

const PG = postgresDriver.family;
const MY = mysqlDriver.family;
const base = { engine: 'postgres', host: 'db.example', username: 'app', password: 'Secr3t-pa55' };
const parse = (v: unknown, family = PG) => parseDbSecret(JSON.stringify(v), family, 'AWSCURRENT');
const messageOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
};

describe('database secret JSON (§10)', () => {
  it('applies the defaults: PostgreSQL port 5432 and dbname postgres; MySQL port 3306 and no dbname', () => {
    expect(parse(base)).toMatchObject({ port: 5432, dbname: 'postgres', username: 'app', masterarn: undefined });
    expect(parse({ ...base, engine: 'mysql' }, MY)).toMatchObject({ port: 3306, dbname: undefined });
    expect(parse({ ...base, port: '6432', dbname: 'x' })).toMatchObject({ port: 6432, dbname: 'x' });
    expect(parse({ ...base, dbname: null })).toMatchObject({ dbname: 'postgres' });
  });

  it('accepts the RDS/Aurora engine names of each family and rejects the others', () => {
    for (const engine of ['postgres', 'aurora-postgresql']) expect(parse({ ...base, engine }).engine).toBe(engine);
    for (const engine of ['mysql', 'mariadb', 'aurora-mysql'])
      expect(parse({ ...base, engine }, MY).engine).toBe(engine);
    expect(messageOf(() => parse({ ...base, engine: 'mysql' }))).toBe(
      "Database engine must be set to 'postgres' in order to use this rotation function",
    );
    expect(messageOf(() => parse(base, MY))).toBe(
      "Database engine must be set to 'mysql' in order to use this rotation function",
    );
  });

  it('names a missing or malformed key and never quotes the password', () => {
    for (const key of ['host', 'username', 'password', 'engine']) {
      const { [key as keyof typeof base]: _, ...rest } = base;
      expect(messageOf(() => parse(rest))).toBe(`${key} key is missing from secret JSON`);
    }
    expect(messageOf(() => parse({ ...base, username: 7 }))).toBe(
      'username key in secret JSON must be a non-empty string',
    );
    expect(messageOf(() => parse({ ...base, port: 'x' }))).toBe(
      'port key in secret JSON must be an integer from 1 to 65535',
    );
    expect(messageOf(() => parse({ ...base, port: 70000 }))).toMatch(/^port key/);
  });

  it('reports a non-JSON value (a bare password) without the input that JSON.parse would quote', () => {
    const text = 'Secr3t-pa55';
    expect(messageOf(() => JSON.parse(text))).toContain('Secr3t-pa55'); // what we must not pass on
    const m = messageOf(() => parseDbSecret(text, PG, 'AWSPENDING'));
    expect(m).toBe('The AWSPENDING secret value is not a JSON object');
    expect(messageOf(() => parseDbSecret('[1]', PG, 'master'))).toBe('The master secret value is not a JSON object');
  });

  it('keeps the password out of inspection of the parsed secret', () => {
    const s = parse(base);
    expect(JSON.stringify(s)).not.toContain('Secr3t-pa55');
    expect(String(s.password)).toBe('***');
    expect(s.password.reveal()).toBe('Secr3t-pa55');
  });

  it('rewrites only username and password, keeping every other key in order', () => {
    const s = parse({ ...base, port: '5432', masterarn: 'arn:x', extra: { a: 1 } });
    expect(withCredentials(s, 'app_clone', 'n3w')).toBe(
      JSON.stringify({
        ...base,
        port: '5432',
        masterarn: 'arn:x',
        extra: { a: 1 },
        username: 'app_clone',
        password: 'n3w',
      }),
    );
  });

  it('reads the ssl key as the templates do', () => {
    expect(tlsModeOf(undefined)).toEqual({ useTls: true, fallBack: true });
    expect(tlsModeOf(true)).toEqual({ useTls: true, fallBack: false });
    expect(tlsModeOf(false)).toEqual({ useTls: false, fallBack: false });
    expect(tlsModeOf('TRUE')).toEqual({ useTls: true, fallBack: false });
    expect(tlsModeOf('false')).toEqual({ useTls: false, fallBack: false });
    expect(tlsModeOf('maybe')).toEqual({ useTls: true, fallBack: true });
  });
});

describe('alternate user names', () => {
  it('switches between <user> and <user>_clone within the engine limit', () => {
    expect(altUsername('app', postgresDriver.usernameLimit)).toBe('app_clone');
    expect(altUsername('app_clone', mysqlDriver.usernameLimit)).toBe('app');
    expect(altUsername('_clone', mysqlDriver.usernameLimit)).toBe('_clone_clone');
    expect(altUsername('u'.repeat(26), mysqlDriver.usernameLimit)).toHaveLength(32);
    expect(messageOf(() => altUsername('u'.repeat(27), mysqlDriver.usernameLimit))).toBe(
      'Unable to clone user, username length with _clone appended would exceed 32 characters',
    );
    // PostgreSQL counts bytes: 28 two-byte characters + _clone = 62 bytes fits, 29 does not.
    expect(altUsername('é'.repeat(28), postgresDriver.usernameLimit)).toBe(`${'é'.repeat(28)}_clone`);
    expect(messageOf(() => altUsername('é'.repeat(29), postgresDriver.usernameLimit))).toMatch(/exceed 63 bytes$/);
  });
});

describe('redaction', () => {
  it('masks every password in its plain, SQL-escaped and JSON-escaped forms', () => {
    const r = new Redactor();
    r.add("o'ld\\pw");
    r.add('N3w"pw');
    r.add('');
    const text = `a o'ld\\pw b o''ld\\pw c o\\'ld\\\\pw d N3w"pw e N3w\\"pw f`;
    expect(r.redact(text)).toBe('a *** b *** c *** d *** e *** f');
  });

  it('rethrows a new error: same ServiceError code, or a RotatorError, without cause or driver fields', () => {
    const r = new Redactor();
    r.add('hunter22');
    const driver = Object.assign(new Error('failed near hunter22'), { sql: "ALTER USER x IDENTIFIED BY 'hunter22'" });
    const clean = r.scrub(driver);
    expect(clean).toMatchObject({ name: 'RotatorError', message: 'failed near ***' });
    expect(JSON.stringify(clean)).not.toContain('hunter22');
    expect(clean.stack).not.toContain('hunter22');
    const svc = r.scrub(new ServiceError('ResourceNotFoundException', 'gone hunter22'));
    expect(svc).toBeInstanceOf(ServiceError);
    expect(svc).toMatchObject({ code: 'ResourceNotFoundException', message: 'gone ***' });
  });
});

describe('MySQL grant copying', () => {
  const clone = "'we''ird_clone'@'%'";
  it('replaces the grantee as MariaDB/MySQL 8 print it, keeping WITH GRANT OPTION and dropping the hash', () => {
    const user = "we'ird `x";
    const printed = "`we'ird ``x`@`%`";
    expect(grantForClone(`GRANT USAGE ON *.* TO ${printed} IDENTIFIED BY PASSWORD '*ABC'`, user, '%', clone)).toBe(
      `GRANT USAGE ON *.* TO ${clone}`,
    );
    expect(grantForClone(`GRANT SELECT ON \`a TO b\`.* TO ${printed} WITH GRANT OPTION`, user, '%', clone)).toBe(
      `GRANT SELECT ON \`a TO b\`.* TO ${clone} WITH GRANT OPTION`,
    );
    expect(grantForClone(`GRANT \`role\` TO ${printed} WITH ADMIN OPTION`, user, '%', clone)).toBe(
      `GRANT \`role\` TO ${clone} WITH ADMIN OPTION`,
    );
    expect(grantForClone(`SET DEFAULT ROLE \`role\` FOR ${printed}`, user, '%', clone)).toBe(
      `SET DEFAULT ROLE \`role\` FOR ${clone}`,
    );
  });

  it("reads MySQL 5.7's 'user'@'host' form and refuses statements of unknown shape", () => {
    expect(grantForClone("GRANT SELECT ON `d`.* TO 'app'@'10.0.%'", 'app', '10.0.%', clone)).toBe(
      `GRANT SELECT ON \`d\`.* TO ${clone}`,
    );
    expect(grantForClone("GRANT SELECT ON `d`.* TO 'other'@'%'", 'app', '%', clone)).toBeUndefined();
    expect(grantForClone('REVOKE ALL', 'app', '%', clone)).toBeUndefined();
  });

  it('reproduces the TLS requirement', () => {
    const row = { sslType: '', cipher: '', issuer: '', subject: '' };
    expect(requireClause(row)).toEqual({ sql: 'REQUIRE NONE', values: [] });
    expect(requireClause({ ...row, sslType: 'ANY' })).toEqual({ sql: 'REQUIRE SSL', values: [] });
    expect(requireClause({ ...row, sslType: 'X509' })).toEqual({ sql: 'REQUIRE X509', values: [] });
    expect(requireClause({ ...row, sslType: 'SPECIFIED', cipher: 'AES', subject: '/CN=a' })).toEqual({
      sql: 'REQUIRE CIPHER ? AND SUBJECT ?',
      values: ['AES', '/CN=a'],
    });
  });
});

describe('builtinRotator', () => {
  const api = {} as RotationSecretsApi;
  it('maps the four names and nothing else', () => {
    expect(BUILTIN_ROTATOR_NAMES).toEqual([
      'strongroom-postgres-single-user',
      'strongroom-postgres-alternating-users',
      'strongroom-mysql-single-user',
      'strongroom-mysql-alternating-users',
    ]);
    for (const name of BUILTIN_ROTATOR_NAMES) expect(typeof builtinRotator(name, api)?.invoke).toBe('function');
    expect(builtinRotator('strongroom-oracle-single-user', api)).toBeUndefined();
    expect(builtinRotator('toString', api)).toBeUndefined();
  });

  it('rejects an unknown step before calling the API', async () => {
    const r = builtinRotator('strongroom-postgres-single-user', api)!;
    const e = { SecretId: 'arn:x', ClientRequestToken: 't', RotationToken: 'r', Step: 'dropTables' };
    await expect(r.invoke(e as never)).rejects.toThrow('Invalid step parameter dropTables for secret arn:x');
  });
});
