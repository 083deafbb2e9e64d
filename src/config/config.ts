/**
 * Runtime configuration: command-line flags over environment variables over defaults.
 * Values that are secrets (root key, admin secret key) come only from the environment or
 * files, never from flags, so they do not show in `ps`.
 */
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
};

export type CliOptions = {
  host?: string;
  port?: string;
  dataDir?: string;
  tlsCert?: string;
  tlsKey?: string;
  insecureHttp?: boolean;
  rootKeyFile?: string;
  logLevel?: string;
};

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

export function loadConfig(mode: Mode, o: CliOptions, env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(o.port ?? env.STRONGROOM_PORT ?? 4566);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port: ${o.port}`);
  const logLevel = (o.logLevel ?? env.STRONGROOM_LOG_LEVEL ?? 'info') as Config['logLevel'];
  if (!LEVELS.includes(logLevel)) throw new Error(`invalid --log-level: ${logLevel} (one of ${LEVELS.join(', ')})`);
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
    purgeIntervalMs: Number(env.STRONGROOM_PURGE_INTERVAL_MS ?? 60_000),
    bodyLimitBytes: 1024 * 1024,
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
