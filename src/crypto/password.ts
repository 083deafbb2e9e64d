/**
 * GetRandomPassword: AWS's character classes, defaults and refusals.
 *
 * Randomness comes only from node:crypto `randomInt`, which rejects out-of-range draws
 * internally, so every pick is uniform (no modulo bias). With RequireEachIncludedType one
 * character of each required class is drawn first, the rest from the whole pool, and the
 * result is Fisher-Yates shuffled so the required characters land at random positions.
 */
import { randomInt } from 'node:crypto';
import { Errors } from '../domain/errors.js';

export const PASSWORD_LENGTH_DEFAULT = 32;
export const PASSWORD_LENGTH_MIN = 1;
export const PASSWORD_LENGTH_MAX = 4096;

export const LOWERCASE = 'abcdefghijklmnopqrstuvwxyz';
export const UPPERCASE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const DIGITS = '0123456789';
/** The 32 characters the API reference lists under ExcludePunctuation (all ASCII punctuation). */
export const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
export const SPACE = ' ';

/**
 * With IncludeSpace and RequireEachIncludedType, the space counts as a required type, as moto's
 * model of the service does. The current API reference lists only the four classes, so this is
 * the one rule here we could not confirm against a recording of real AWS; kept in one place.
 */
export const SPACE_IS_REQUIRED_TYPE = true;

export type PasswordOptions = {
  PasswordLength?: number;
  ExcludeCharacters?: string;
  ExcludeNumbers?: boolean;
  ExcludePunctuation?: boolean;
  ExcludeUppercase?: boolean;
  ExcludeLowercase?: boolean;
  IncludeSpace?: boolean;
  RequireEachIncludedType?: boolean;
};

/** A class the switches leave in, with its characters after ExcludeCharacters. */
type CharClass = { chars: string; required: boolean };

export function generatePassword(opts: PasswordOptions = {}): string {
  const length = checkedLength(opts.PasswordLength);
  const requireEach = opts.RequireEachIncludedType ?? true;
  const classes = includedClasses(opts);
  const required = requireEach ? classes.filter((c) => c.required) : [];
  // Order of refusals as the service reports them: an emptied required class, then an empty
  // pool, then a length that cannot hold one of each required class.
  if (required.some((c) => c.chars.length === 0)) throw Errors.passwordTypeExcluded();
  const pool = classes.map((c) => c.chars).join('');
  if (pool.length === 0) throw Errors.passwordAllExcluded();
  if (required.length > length) throw Errors.passwordTooShort();

  const picked = required.map((c) => pick(c.chars));
  while (picked.length < length) picked.push(pick(pool));
  return shuffle(picked).join('');
}

/**
 * The range is a model constraint, so the protocol layer normally rejects it first with this
 * same text; checking here keeps the function total (and never allocates a huge array).
 */
function checkedLength(requested: number | undefined): number {
  const length = requested ?? PASSWORD_LENGTH_DEFAULT;
  if (!Number.isSafeInteger(length)) throw new RangeError(`PasswordLength must be an integer, got ${length}`);
  const prefix = `1 validation error detected: Value '${length}' at 'passwordLength' failed to satisfy constraint:`;
  if (length < PASSWORD_LENGTH_MIN) {
    throw Errors.validation(`${prefix} Member must have value greater than or equal to ${PASSWORD_LENGTH_MIN}`);
  }
  if (length > PASSWORD_LENGTH_MAX) {
    throw Errors.validation(`${prefix} Member must have value less than or equal to ${PASSWORD_LENGTH_MAX}`);
  }
  return length;
}

function includedClasses(opts: PasswordOptions): CharClass[] {
  const excluded = new Set(opts.ExcludeCharacters ?? '');
  const keep = (chars: string) => [...chars].filter((c) => !excluded.has(c)).join('');
  const candidates: [boolean, string, boolean][] = [
    [!opts.ExcludeLowercase, LOWERCASE, true],
    [!opts.ExcludeUppercase, UPPERCASE, true],
    [!opts.ExcludeNumbers, DIGITS, true],
    [!opts.ExcludePunctuation, PUNCTUATION, true],
    [opts.IncludeSpace === true, SPACE, SPACE_IS_REQUIRED_TYPE],
  ];
  return candidates.filter(([on]) => on).map(([, chars, required]) => ({ chars: keep(chars), required }));
}

function pick(chars: string): string {
  return chars[randomInt(chars.length)] as string;
}

/** Fisher-Yates, in place, with an unbiased index for every swap. */
function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
