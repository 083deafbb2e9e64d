import { readFileSync } from 'node:fs';

/**
 * The AWS Secrets Manager Agent's configuration (catalog §7.2): the same TOML keys, ranges and
 * defaults, refused at start-up when out of range. Only the TOML subset the agent's files use is
 * read: `key = value` lines with strings, integers, booleans and arrays of strings.
 */
export type AgentConfig = {
  logLevel: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'NONE';
  logToFile: boolean;
  httpPort: number;
  region?: string;
  ttlSeconds: number;
  cacheSize: number;
  ssrfHeaders: string[];
  ssrfEnvVariables: string[];
  pathPrefix: string;
  maxConn: number;
  /** Strongroom extension: subscribe to the server's change feed (on by default; harmless against AWS). */
  changeFeed: boolean;
};

export const DEFAULTS: AgentConfig = {
  logLevel: 'INFO',
  logToFile: true,
  httpPort: 2773,
  ttlSeconds: 300,
  cacheSize: 1000,
  ssrfHeaders: ['X-Aws-Parameters-Secrets-Token', 'X-Vault-Token'],
  ssrfEnvVariables: ['AWS_TOKEN', 'AWS_SESSION_TOKEN', 'AWS_CONTAINER_AUTHORIZATION_TOKEN'],
  pathPrefix: '/v1/',
  maxConn: 800,
  changeFeed: true,
};

function parseValue(raw: string, line: string): unknown {
  const v = raw.trim();
  if (v.startsWith('"') || v.startsWith("'")) return v.slice(1, -1);
  if (v === 'true' || v === 'false') return v === 'true';
  if (v.startsWith('[')) {
    const inner = v.slice(1, v.lastIndexOf(']')).trim();
    return inner ? inner.split(',').map((x) => String(parseValue(x, line))) : [];
  }
  if (/^-?\d+$/.test(v)) return Number(v);
  throw new Error(`config: cannot read value in line: ${line}`);
}

export function parseToml(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const line of text.split(/\r?\n/)) {
    const t = line.replace(/\s+#.*$/, '').trim();
    if (!t || t.startsWith('#')) continue;
    const eq = t.indexOf('=');
    if (eq <= 0) throw new Error(`config: expected key = value, got: ${line}`);
    out[t.slice(0, eq).trim()] = parseValue(t.slice(eq + 1), line);
  }
  return out;
}

const range = (key: string, v: unknown, min: number, max: number): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new Error(`config: ${key} must be an integer from ${min} to ${max}, got ${String(v)}`);
  }
  return v;
};

const KNOWN = new Set([
  'log_level',
  'log_to_file',
  'http_port',
  'region',
  'ttl_seconds',
  'cache_size',
  'ssrf_headers',
  'ssrf_env_variables',
  'path_prefix',
  'max_conn',
  'change_feed',
]);

export function agentConfig(values: Record<string, unknown>): AgentConfig {
  for (const k of Object.keys(values)) if (!KNOWN.has(k)) throw new Error(`config: unknown option ${k}`);
  const c: AgentConfig = { ...DEFAULTS };
  if (values.log_level !== undefined) {
    const l = String(values.log_level).toUpperCase();
    if (!['DEBUG', 'INFO', 'WARN', 'ERROR', 'NONE'].includes(l))
      throw new Error(`config: log_level must be DEBUG, INFO, WARN, ERROR or NONE, got ${l}`);
    c.logLevel = l as AgentConfig['logLevel'];
  }
  if (values.log_to_file !== undefined) c.logToFile = values.log_to_file === true;
  if (values.http_port !== undefined) c.httpPort = range('http_port', values.http_port, 1024, 65535);
  if (values.region !== undefined) c.region = String(values.region);
  if (values.ttl_seconds !== undefined) c.ttlSeconds = range('ttl_seconds', values.ttl_seconds, 0, 3600);
  if (values.cache_size !== undefined) c.cacheSize = range('cache_size', values.cache_size, 1, 1000);
  if (values.max_conn !== undefined) c.maxConn = range('max_conn', values.max_conn, 1, 1000);
  if (values.ssrf_headers !== undefined) c.ssrfHeaders = values.ssrf_headers as string[];
  if (values.ssrf_env_variables !== undefined) c.ssrfEnvVariables = values.ssrf_env_variables as string[];
  if (values.path_prefix !== undefined) {
    const p = String(values.path_prefix);
    if (!p.startsWith('/')) throw new Error('config: path_prefix must start with /');
    c.pathPrefix = p.endsWith('/') ? p : `${p}/`;
  }
  if (values.change_feed !== undefined) c.changeFeed = values.change_feed === true;
  return c;
}

export const loadAgentConfig = (path?: string): AgentConfig =>
  agentConfig(path ? parseToml(readFileSync(path, 'utf8')) : {});

/** The SSRF token: the first set variable of ssrf_env_variables; `file://path` reads the file. */
export function readToken(c: AgentConfig, env: NodeJS.ProcessEnv = process.env): string {
  for (const name of c.ssrfEnvVariables) {
    const v = env[name];
    if (v === undefined) continue;
    return v.startsWith('file://') ? readFileSync(v.slice('file://'.length), 'utf8').trim() : v;
  }
  throw new Error(`no SSRF token: set one of ${c.ssrfEnvVariables.join(', ')} (a value or file://path)`);
}
