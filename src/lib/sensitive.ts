import { inspect } from 'node:util';

const REDACTED = '***';

/**
 * Wraps secret material so that accidental logging, JSON serialisation or string
 * interpolation prints "***" instead of the value. Only `reveal()` gives the value back,
 * which makes every place that handles plaintext easy to find with grep.
 */
export class Sensitive<T> {
  readonly #value: T;
  constructor(value: T) {
    this.#value = value;
  }
  reveal(): T {
    return this.#value;
  }
  toJSON(): string {
    return REDACTED;
  }
  toString(): string {
    return REDACTED;
  }
  [inspect.custom](): string {
    return REDACTED;
  }
}

export const sensitive = <T>(v: T): Sensitive<T> => new Sensitive(v);
