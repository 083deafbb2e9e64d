/**
 * Runtime configuration: command-line flags over environment variables over defaults.
 * Values that are secrets (root key, admin secret key) come only from the environment or
 * files, never from flags, so they do not show in `ps`.
 */
import { hostname } from 'node:os';
import { parseQuotaConfig, type QuotaConfig } from '../app/quotas.js';

export type Mode = 'server' | 'dev';

export type Config = {
  mode: Mode;
  host: string;
  port: number;
  /** Server: where the database, root key and credentials live. Dev: undefined = in memory. */
  dataDir?: string;
  tlsCert?: string;
  tlsKey?: string;
  insecureHttp: boolean;
  rootKeyHex?: string;
  rootKeyFile?: string;
  adminAccessKeyId?: string;
  adminSecretAccessKey?: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** How often the deletion purge runs. */
  purgeIntervalMs: number;
  bodyLimitBytes: number;
  /** PostgreSQL instead of the embedded SQLite file: postgres://… (--database, STRONGROOM_DATABASE_URL). */
  databaseUrl?: string;
  /** PostgreSQL connections per process, per-statement limit, and how long to wait for a connection. */
  db?: { poolMax: number; statementTimeoutMs: number; connectTimeoutMs: number };
  /** The audit trail; false (STRONGROOM_AUDIT=off) is for benchmark comparisons only. */
  audit: boolean;
  /** Also append every audit record to this JSON-lines file ('-' = stdout); it is then required. */
  auditFile?: string;
  /** The rotation engine (STRONGROOM_MIN_ROTATION_INTERVAL, STRONGROOM_ROTATION_*); defaults when absent. */
  rotation?: RotationConfig;
  /** Request rates and secrets per region (STRONGROOM_QUOTAS, STRONGROOM_MAX_SECRETS_PER_REGION; app/quotas.ts). */
  quotas?: QuotaConfig;
};

export type RotationConfig = {
  minIntervalMs: number;
  tickMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  maxAttempts: number;
  leaseMs: number;
  nodeId: string;
  /** The URL handler functions are told to call (default: the address the server listens on). */
  endpointUrl?: string;
};

const INTERVAL_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90s`, `1m`, `4h`, `1d` → milliseconds. */
export function parseInterval(name: string, text: string): number {
  const m = /^(\d+)([smhd])$/.exec(text.trim());
  if (!m) throw new Error(`invalid ${name}: ${text} (e.g. 1m, 4h)`);
  return Number(m[1]) * INTERVAL_UNITS[m[2]!]!;
}

/**
 * Rotation settings. The minimum interval between rotations is AWS's 4 hours on a server and
 * 1 minute in dev mode; STRONGROOM_MIN_ROTATION_INTERVAL sets it (never below 1 minute).
 */
export function rotationConfig(mode: Mode, env: NodeJS.ProcessEnv, hostname: string): RotationConfig {
  const min = env.STRONGROOM_MIN_ROTATION_INTERVAL;
  const minIntervalMs = min
    ? parseInterval('STRONGROOM_MIN_ROTATION_INTERVAL', min)
    : mode === 'dev'
      ? 60_000
      : 4 * 3_600_000;
  if (minIntervalMs < 60_000) throw new Error(`invalid STRONGROOM_MIN_ROTATION_INTERVAL: ${min} (at least 1m)`);
  return {
    minIntervalMs,
    tickMs: positiveInt('STRONGROOM_ROTATION_TICK_MS', env.STRONGROOM_ROTATION_TICK_MS, 10_000),
    retryBaseMs: positiveInt('STRONGROOM_ROTATION_RETRY_BASE_MS', env.STRONGROOM_ROTATION_RETRY_BASE_MS, 60_000),
    retryMaxMs: positiveInt('STRONGROOM_ROTATION_RETRY_MAX_MS', env.STRONGROOM_ROTATION_RETRY_MAX_MS, 3_600_000),
    maxAttempts: positiveInt('STRONGROOM_ROTATION_MAX_ATTEMPTS', env.STRONGROOM_ROTATION_MAX_ATTEMPTS, 5),
    leaseMs: positiveInt('STRONGROOM_ROTATION_LEASE_MS', env.STRONGROOM_ROTATION_LEASE_MS, 60_000),
    nodeId: env.STRONGROOM_NODE_ID || hostname,
    endpointUrl: env.STRONGROOM_ROTATION_ENDPOINT_URL || undefined,
  };
}

export type CliOptions = {
  host?: string;
  port?: string;
  dataDir?: string;
  tlsCert?: string;
  tlsKey?: string;
  insecureHttp?: boolean;
  rootKeyFile?: string;
  logLevel?: string;
  database?: string;
};

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`invalid ${name}: ${value} (a positive integer)`);
  return n;
}

/** PostgreSQL pool settings (used only with --database). */
function dbSettings(env: NodeJS.ProcessEnv): NonNullable<Config['db']> {
  const int = (name: string, fallback: number) => positiveInt(name, env[name], fallback);
  return {
    poolMax: int('STRONGROOM_DB_POOL_MAX', 10),
    statementTimeoutMs: int('STRONGROOM_DB_STATEMENT_TIMEOUT_MS', 5000),
    connectTimeoutMs: int('STRONGROOM_DB_CONNECT_TIMEOUT_MS', 5000),
  };
}

export function loadConfig(mode: Mode, o: CliOptions, env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(o.port ?? env.STRONGROOM_PORT ?? 4566);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port: ${o.port}`);
  const logLevel = (o.logLevel ?? env.STRONGROOM_LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!LEVELS.includes(logLevel)) throw new Error(`invalid --log-level: ${logLevel} (one of ${LEVELS.join(', ')})`);
  const databaseUrl = o.database ?? (env.STRONGROOM_DATABASE_URL || undefined);
  // A throwaway dev root key would lock the next start out of a database that outlives it.
  const lastingRootKey =
    o.dataDir || env.STRONGROOM_DATA_DIR || o.rootKeyFile || env.STRONGROOM_ROOT_KEY_FILE || env.STRONGROOM_ROOT_KEY;
  const audit = env.STRONGROOM_AUDIT ?? 'on';
  if (audit !== 'on' && audit !== 'off') throw new Error(`invalid STRONGROOM_AUDIT: ${audit} (on or off)`);
  // Read by the SQLite audit writer thread itself (it inherits the environment): checked here so
  // that a bad value stops the start instead of silently turning the gathering off.
  const gather = env.STRONGROOM_AUDIT_GATHER_MS;
  if (gather !== undefined && gather !== '' && !(Number(gather) >= 0 && Number(gather) <= 100)) {
    throw new Error(`invalid STRONGROOM_AUDIT_GATHER_MS: ${gather} (milliseconds, 0 to 100)`);
  }
  if (mode === 'dev' && databaseUrl && !lastingRootKey) {
    throw new Error('dev --database needs a lasting root key: give --data-dir, --root-key-file or STRONGROOM_ROOT_KEY');
  }
  return {
    mode,
    host: o.host ?? env.STRONGROOM_HOST ?? '127.0.0.1',
    port,
    dataDir: o.dataDir ?? env.STRONGROOM_DATA_DIR ?? (mode === 'server' ? './data' : undefined),
    tlsCert: o.tlsCert ?? env.STRONGROOM_TLS_CERT,
    tlsKey: o.tlsKey ?? env.STRONGROOM_TLS_KEY,
    insecureHttp: o.insecureHttp === true,
    rootKeyHex: env.STRONGROOM_ROOT_KEY,
    rootKeyFile: o.rootKeyFile ?? env.STRONGROOM_ROOT_KEY_FILE,
    adminAccessKeyId: env.STRONGROOM_ADMIN_ACCESS_KEY_ID,
    adminSecretAccessKey: env.STRONGROOM_ADMIN_SECRET_ACCESS_KEY,
    logLevel,
    purgeIntervalMs: positiveInt('STRONGROOM_PURGE_INTERVAL_MS', env.STRONGROOM_PURGE_INTERVAL_MS, 60_000),
    bodyLimitBytes: 1024 * 1024,
    databaseUrl,
    db: dbSettings(env),
    audit: audit === 'on',
    auditFile: env.STRONGROOM_AUDIT_FILE || undefined,
    rotation: rotationConfig(mode, env, hostname()),
    quotas: parseQuotaConfig(env.STRONGROOM_QUOTAS, env.STRONGROOM_MAX_SECRETS_PER_REGION),
  };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
export const isLoopback = (host: string): boolean => LOOPBACK.has(host) || host.startsWith('127.');

/** The refusals that protect a server from being exposed by accident. */
export function checkExposure(c: Config): void {
  if ((c.tlsCert === undefined) !== (c.tlsKey === undefined)) {
    throw new Error('--tls-cert and --tls-key must be given together');
  }
  if (c.mode === 'server' && !isLoopback(c.host) && !c.tlsCert && !c.insecureHttp) {
    throw new Error(
      `refusing to listen on non-loopback address ${c.host} without TLS: give --tls-cert and --tls-key, or --insecure-http if a TLS proxy stands in front`,
    );
  }
}
