import { randomBytes } from 'node:crypto';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import type { RotationSecretsApi } from '../../src/app/rotation/rotator.js';
import { type PgCluster, startPgCluster } from '../helpers/pg-cluster.js';
import { sdkSecretsApi } from '../helpers/sdk-secrets-api.js';
import { type RunningServer, startServer } from '../helpers/server.js';

/** What the PostgreSQL rotator suites share: a password-checking cluster and a Strongroom. */
export const ident = pg.escapeIdentifier;
export const literal = pg.escapeLiteral;
export const DB = "app db's";
export const pw = () => randomBytes(18).toString('base64url');
/** A role name with a single quote, a double quote and a space. */
export const oddName = (label: string) => `${label} o'k "${randomBytes(3).toString('hex')}`;

export type PgEnv = { cluster: PgCluster; srv: RunningServer; sm: SecretsManagerClient; api: RotationSecretsApi };

/** Registers the suite's hooks; the returned object is filled in by beforeAll. */
export function usePgEnv(): PgEnv {
  const env = {} as PgEnv;
  beforeAll(async () => {
    // Not a skip: a cluster that cannot start fails the suite, on CI as anywhere.
    env.cluster = await startPgCluster();
    env.srv = await startServer({ mode: 'dev' });
    env.sm = env.srv.client();
    env.api = sdkSecretsApi(env.sm);
    await env.cluster.query(`CREATE DATABASE ${ident(DB)}`);
  }, 120_000);
  afterAll(async () => {
    await env.srv?.stop();
    await env.cluster?.stop();
  });
  return env;
}

export async function canLogin(env: PgEnv, user: string, password: string): Promise<boolean> {
  try {
    const c = await env.cluster.connect({ user, password, database: DB });
    await c.end();
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === '28P01') return false; // invalid_password
    throw e;
  }
}

export async function createRole(env: PgEnv, name: string, password: string, options = 'LOGIN'): Promise<void> {
  await env.cluster.query(`CREATE ROLE ${ident(name)} ${options} PASSWORD ${literal(password)}`);
}

/** The stored SCRAM verifier: a new ALTER ... PASSWORD always changes it (new random salt). */
export const storedVerifier = async (env: PgEnv, role: string): Promise<unknown> =>
  (await env.cluster.query('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [role])).rows[0]?.rolpassword;
