import { Sensitive } from '../../../lib/sensitive.js';
import { RotatorErrors } from './rotator-errors.js';

/** What differs between the engine families a rotator serves. */
export type DbFamily = {
  /** The `engine` value the error message asks for. */
  engine: 'postgres' | 'mysql';
  /** Every `engine` value accepted (RDS/Aurora spellings of the same protocol). */
  engines: readonly string[];
  defaultPort: number;
  /** PostgreSQL connects to `postgres` when no dbname is given; MySQL to no database. */
  defaultDbname: string | undefined;
};

/**
 * How to use TLS, read from the optional `ssl` key exactly as the templates' get_ssl_config:
 * absent or unrecognised → try TLS and fall back to plain; a boolean or "true"/"false" → that
 * mode only, no fallback.
 */
export type TlsMode = { useTls: boolean; fallBack: boolean };

export type DbSecret = {
  /** Every key of the secret in its order (the password as a Sensitive), so extra keys survive. */
  fields: Record<string, unknown>;
  engine: string;
  host: string;
  port: number;
  username: string;
  password: Sensitive<string>;
  dbname: string | undefined;
  masterarn: string | undefined;
  tls: TlsMode;
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function requiredString(o: Record<string, unknown>, key: string): string {
  if (!(key in o)) throw RotatorErrors.missingKey(key);
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw RotatorErrors.notAString(key);
  return v;
}

function optionalString(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || v === '') throw RotatorErrors.notAString(key);
  return v;
}

/** `port` may be a number or a numeric string ("3306"), as the templates' int(port) accepts. */
function portOf(o: Record<string, unknown>, fallback: number): number {
  const v = o.port;
  if (v === undefined || v === null) return fallback;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw RotatorErrors.badPort();
  return n;
}

export function tlsModeOf(ssl: unknown): TlsMode {
  if (typeof ssl === 'boolean') return { useTls: ssl, fallBack: false };
  if (typeof ssl === 'string') {
    const s = ssl.toLowerCase();
    if (s === 'true') return { useTls: true, fallBack: false };
    if (s === 'false') return { useTls: false, fallBack: false };
  }
  return { useTls: true, fallBack: true };
}

/**
 * Parses and validates a database secret (§10). `what` names the secret in messages
 * ("AWSCURRENT", "AWSPENDING", "master"). A parse failure never quotes the text: JSON.parse's
 * message includes a slice of its input, which holds the password.
 */
export function parseDbSecret(text: string | undefined, family: DbFamily, what: string): DbSecret {
  if (text === undefined) throw RotatorErrors.noSecretString(what);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw RotatorErrors.notJsonObject(what);
  }
  if (!isObject(parsed)) throw RotatorErrors.notJsonObject(what);
  const host = requiredString(parsed, 'host');
  const username = requiredString(parsed, 'username');
  if (!('password' in parsed)) throw RotatorErrors.missingKey('password');
  const password = parsed.password;
  if (typeof password !== 'string' || password === '') throw RotatorErrors.notAString('password');
  if (!('engine' in parsed)) throw RotatorErrors.missingKey('engine');
  const engine = parsed.engine;
  if (typeof engine !== 'string' || !family.engines.includes(engine)) throw RotatorErrors.wrongEngine(family.engine);
  const fields = { ...parsed, password: new Sensitive(password) };
  return {
    fields,
    engine,
    host,
    port: portOf(parsed, family.defaultPort),
    username,
    password: fields.password,
    dbname: optionalString(parsed, 'dbname') ?? family.defaultDbname,
    masterarn: optionalString(parsed, 'masterarn'),
    tls: tlsModeOf(parsed.ssl),
  };
}

/** The secret's JSON with a new username and password, every other key kept as it was. */
export function withCredentials(s: DbSecret, username: string, password: string): string {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s.fields)) out[k] = k === 'password' ? password : k === 'username' ? username : v;
  return JSON.stringify(out);
}

const CLONE_SUFFIX = '_clone';

/**
 * The other user of the alternating-users strategy: `<user>_clone` ⇄ `<user>` (the templates'
 * get_alt_username). `limit.length` measures the new name as the engine does.
 */
export function altUsername(
  current: string,
  limit: { max: number; unit: string; length: (name: string) => number },
): string {
  if (current.endsWith(CLONE_SUFFIX) && current.length > CLONE_SUFFIX.length)
    return current.slice(0, -CLONE_SUFFIX.length);
  const next = current + CLONE_SUFFIX;
  if (limit.length(next) > limit.max) throw RotatorErrors.usernameTooLong(limit.max, limit.unit);
  return next;
}
