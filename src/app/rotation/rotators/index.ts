import type { RotationSecretsApi, Rotator } from '../rotator.js';
import { createDbRotator, type RotationStrategy } from './db-rotator.js';
import { mysqlDriver } from './mysql.js';
import { postgresDriver } from './postgres.js';

export type { RotationStrategy } from './db-rotator.js';
export { RotatorError } from './rotator-errors.js';

/**
 * PostgreSQL rotator with the behaviour of SecretsManagerRDSPostgreSQLRotationSingleUser
 * ('single-user') or SecretsManagerRDSPostgreSQLRotationMultiUser ('alternating-users').
 * See docs/builtin-rotators.md for the secret's JSON and the privileges each needs.
 */
export const createPostgresRotator = (api: RotationSecretsApi, strategy: RotationStrategy): Rotator =>
  createDbRotator(api, postgresDriver, strategy);

/**
 * MySQL/MariaDB rotator with the behaviour of SecretsManagerRDSMySQLRotationSingleUser /
 * SecretsManagerRDSMySQLRotationMultiUser (and their MariaDB twins).
 */
export const createMysqlRotator = (api: RotationSecretsApi, strategy: RotationStrategy): Rotator =>
  createDbRotator(api, mysqlDriver, strategy);

const BUILTINS: Record<string, (api: RotationSecretsApi) => Rotator> = {
  'strongroom-postgres-single-user': (api) => createPostgresRotator(api, 'single-user'),
  'strongroom-postgres-alternating-users': (api) => createPostgresRotator(api, 'alternating-users'),
  'strongroom-mysql-single-user': (api) => createMysqlRotator(api, 'single-user'),
  'strongroom-mysql-alternating-users': (api) => createMysqlRotator(api, 'alternating-users'),
};

/** The names a rotation configuration may give to select a built-in rotator. */
export const BUILTIN_ROTATOR_NAMES: readonly string[] = Object.keys(BUILTINS);

/** The built-in rotator of that name, or undefined when the name is not one of ours. */
export function builtinRotator(name: string, api: RotationSecretsApi): Rotator | undefined {
  return Object.hasOwn(BUILTINS, name) ? BUILTINS[name]?.(api) : undefined;
}
