import { ServiceError } from '../../../domain/errors.js';
import { RotatorError } from './rotator-errors.js';

const MASK = '***';

/** How mysql2 (sqlstring) escapes characters inside a string literal. */
const MYSQL_ESCAPES: Record<string, string> = {
  '\0': '\\0',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\x1a': '\\Z',
  '"': '\\"',
  "'": "\\'",
  '\\': '\\\\',
};

/**
 * Collects every password a step has seen (old, new, previous, master) so that an error leaving
 * the step can be scrubbed of them. Drivers put statement text and server messages into their
 * errors (mysql2 keeps the whole formatted statement, IDENTIFIED BY '<password>' included, in
 * `err.sql`), so a rethrown error is always a new error carrying only a scrubbed message.
 */
export class Redactor {
  readonly #values = new Set<string>();

  add(password: string | undefined): void {
    if (!password) return;
    // The password as it can appear in SQL text or JSON: plain, quote-doubled (PostgreSQL
    // literals), backslash-escaped (MySQL literals) and JSON-escaped.
    for (const form of [
      password,
      password.replaceAll("'", "''"),
      [...password].map((c) => MYSQL_ESCAPES[c] ?? c).join(''),
      JSON.stringify(password).slice(1, -1),
    ]) {
      this.#values.add(form);
    }
  }

  redact(text: string): string {
    // Longest first, so a password containing another one is masked whole.
    const values = [...this.#values].sort((a, b) => b.length - a.length);
    let out = text;
    for (const v of values) out = out.split(v).join(MASK);
    return out;
  }

  /**
   * A clean error for `e`: the same ServiceError code (the engine may act on it) or a
   * RotatorError, with a scrubbed message and no cause, driver fields or original stack.
   */
  scrub(e: unknown): Error {
    const message = this.redact(e instanceof Error ? e.message : String(e));
    if (e instanceof ServiceError) return new ServiceError(e.code, message, e.status);
    return new RotatorError(message);
  }
}
