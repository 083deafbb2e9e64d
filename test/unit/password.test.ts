import { describe, expect, it } from 'vitest';
import {
  DIGITS,
  generatePassword,
  LOWERCASE,
  type PasswordOptions,
  PUNCTUATION,
  UPPERCASE,
} from '../../src/crypto/password.js';
import { ServiceError } from '../../src/domain/errors.js';

const has = (pw: string, chars: string) => [...pw].some((c) => chars.includes(c));
const onlyFrom = (pw: string, chars: string) => [...pw].every((c) => chars.includes(c));
const many = (n: number, opts: PasswordOptions) => Array.from({ length: n }, () => generatePassword(opts));

function thrown(opts: PasswordOptions): ServiceError {
  try {
    generatePassword(opts);
  } catch (e) {
    if (e instanceof ServiceError) return e;
    throw e;
  }
  throw new Error('expected a ServiceError');
}

describe('character sets', () => {
  it('has the 32 punctuation characters of the API reference', () => {
    expect(PUNCTUATION).toBe('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
    expect(new Set(PUNCTUATION).size).toBe(32);
  });

  it('default call: 32 characters with upper, lower, digit and punctuation (statement 62)', () => {
    for (const pw of many(200, {})) {
      expect(pw).toHaveLength(32);
      for (const cls of [LOWERCASE, UPPERCASE, DIGITS, PUNCTUATION]) expect(has(pw, cls)).toBe(true);
      expect(pw).not.toContain(' ');
    }
  });
});

describe('lengths', () => {
  it.each([1, 2, 4, 5, 31, 33, 100, 4095, 4096])('PasswordLength %i gives that many characters', (n) => {
    const opts = n < 4 ? { PasswordLength: n, RequireEachIncludedType: false } : { PasswordLength: n };
    expect(generatePassword(opts)).toHaveLength(n);
  });

  it.each([
    [
      0,
      "Value '0' at 'passwordLength' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      -5,
      "Value '-5' at 'passwordLength' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ],
    [
      4097,
      "Value '4097' at 'passwordLength' failed to satisfy constraint: Member must have value less than or equal to 4096",
    ],
  ])('PasswordLength %i is a ValidationException (statement 64)', (n, text) => {
    const e = thrown({ PasswordLength: n });
    expect(e.code).toBe('ValidationException');
    expect(e.message).toBe(`1 validation error detected: ${text}`);
  });

  it('a non-integer length is a programming error, not a guessed AWS answer', () => {
    expect(() => generatePassword({ PasswordLength: 3.5 })).toThrow(RangeError);
  });
});

describe('exclusion switches remove their class (statement 65)', () => {
  it.each([
    ['ExcludeLowercase', LOWERCASE],
    ['ExcludeUppercase', UPPERCASE],
    ['ExcludeNumbers', DIGITS],
    ['ExcludePunctuation', PUNCTUATION],
  ])('%s', (flag, chars) => {
    for (const pw of many(200, { PasswordLength: 64, [flag]: true })) {
      expect(has(pw, chars)).toBe(false);
      expect(pw).toHaveLength(64);
    }
  });

  it.each([
    [{ ExcludeLowercase: true, ExcludeUppercase: true }, DIGITS + PUNCTUATION],
    [{ ExcludeNumbers: true, ExcludePunctuation: true }, LOWERCASE + UPPERCASE],
    [{ ExcludeLowercase: true, ExcludeUppercase: true, ExcludeNumbers: true }, PUNCTUATION],
    [{ ExcludeLowercase: true, ExcludeUppercase: true, ExcludePunctuation: true }, DIGITS],
    [{ ExcludeUppercase: true, ExcludeNumbers: true, ExcludePunctuation: true }, LOWERCASE],
  ])('combination %j draws only from what is left', (opts, allowed) => {
    for (const pw of many(200, { PasswordLength: 40, ...opts })) expect(onlyFrom(pw, allowed)).toBe(true);
  });
});

describe('ExcludeCharacters (statement 63)', () => {
  it.each([`/@"'\\`, 'xyzDje@?!.', 'aeiouAEIOU0123', PUNCTUATION.slice(0, 31), 'ABCDEFGHIJKLMNOPQRSTUVWXY'])(
    'never emits any of %j over 1,000 passwords',
    (excluded) => {
      for (const pw of many(1000, { ExcludeCharacters: excluded })) {
        expect(has(pw, excluded)).toBe(false);
        expect(pw).toHaveLength(32);
      }
    },
  );

  it('the last character left in a required class is always present', () => {
    for (const pw of many(500, { PasswordLength: 8, ExcludeCharacters: DIGITS.slice(1) })) {
      expect(pw).toContain('0');
    }
  });

  it('characters outside every class are ignored', () => {
    expect(generatePassword({ ExcludeCharacters: 'éß€\n' })).toHaveLength(32);
  });
});

describe('IncludeSpace', () => {
  it('admits and (with RequireEachIncludedType) requires a space', () => {
    for (const pw of many(500, { PasswordLength: 5, IncludeSpace: true })) expect(pw).toContain(' ');
  });

  it('without RequireEachIncludedType a space can appear but is not forced', () => {
    const pws = many(400, { PasswordLength: 20, IncludeSpace: true, RequireEachIncludedType: false });
    expect(pws.some((pw) => pw.includes(' '))).toBe(true);
    expect(pws.some((pw) => !pw.includes(' '))).toBe(true);
  });

  it('space as the only class', () => {
    const only = { ExcludeLowercase: true, ExcludeUppercase: true, ExcludeNumbers: true, ExcludePunctuation: true };
    expect(generatePassword({ ...only, IncludeSpace: true, PasswordLength: 7 })).toBe('       ');
  });

  it('is never emitted by default', () => {
    for (const pw of many(300, { PasswordLength: 300 })) expect(pw).not.toContain(' ');
  });
});

describe('RequireEachIncludedType', () => {
  it('length 4 with 4 classes always holds one of each over 2,000 runs', () => {
    for (const pw of many(2000, { PasswordLength: 4 })) {
      for (const cls of [LOWERCASE, UPPERCASE, DIGITS, PUNCTUATION]) expect(has(pw, cls)).toBe(true);
    }
  });

  it.each([
    [{ PasswordLength: 2, ExcludeNumbers: true, ExcludePunctuation: true }, [LOWERCASE, UPPERCASE]],
    [{ PasswordLength: 3, ExcludeLowercase: true }, [UPPERCASE, DIGITS, PUNCTUATION]],
    [{ PasswordLength: 1, ExcludeLowercase: true, ExcludeUppercase: true, ExcludeNumbers: true }, [PUNCTUATION]],
  ])('exact-fit length %j holds every required class', (opts, classes) => {
    for (const pw of many(500, opts)) for (const cls of classes) expect(has(pw, cls)).toBe(true);
  });

  it('required characters land at every position, not just the front', () => {
    const seen = new Set<number>();
    // One forced '0' among 26 lowercase letters: where the first '0' lands shows the shuffle.
    const opts = {
      PasswordLength: 8,
      ExcludeUppercase: true,
      ExcludePunctuation: true,
      ExcludeCharacters: '123456789',
    };
    for (const pw of many(400, opts)) seen.add(pw.indexOf('0'));
    expect(seen.size).toBe(8);
  });

  it('false lets a short password miss classes', () => {
    const pws = many(300, { PasswordLength: 2, RequireEachIncludedType: false });
    expect(pws.every((pw) => pw.length === 2)).toBe(true);
    expect(pws.some((pw) => !has(pw, DIGITS))).toBe(true);
  });
});

describe('refusals', () => {
  const allOff = { ExcludeLowercase: true, ExcludeUppercase: true, ExcludeNumbers: true, ExcludePunctuation: true };
  it.each<[string, PasswordOptions, string]>([
    [
      'length 3 with four required classes',
      { PasswordLength: 3 },
      'Password length is too short based on the required types.',
    ],
    [
      'length 1 with two classes',
      { PasswordLength: 1, ExcludeNumbers: true, ExcludePunctuation: true },
      'Password length is too short based on the required types.',
    ],
    [
      'length 4 with space as a fifth type',
      { PasswordLength: 4, IncludeSpace: true },
      'Password length is too short based on the required types.',
    ],
    ['every class switched off', allOff, 'All characters have been excluded from selection.'],
    [
      'every class switched off, not requiring each',
      { ...allOff, RequireEachIncludedType: false },
      'All characters have been excluded from selection.',
    ],
    [
      'only class emptied by ExcludeCharacters',
      { ...allOff, ExcludeNumbers: false, ExcludeCharacters: DIGITS, RequireEachIncludedType: false },
      'All characters have been excluded from selection.',
    ],
    [
      'a required class emptied by ExcludeCharacters',
      { ExcludeCharacters: PUNCTUATION },
      'All characters of the desired type have been excluded.',
    ],
    [
      'the space emptied by ExcludeCharacters',
      { IncludeSpace: true, ExcludeCharacters: ' ' },
      'All characters of the desired type have been excluded.',
    ],
    [
      'emptied class wins over a short length',
      { PasswordLength: 1, ExcludeCharacters: DIGITS },
      'All characters of the desired type have been excluded.',
    ],
  ])('%s', (_name, opts, message) => {
    const e = thrown(opts);
    expect(e.code).toBe('InvalidParameterException');
    expect(e.status).toBe(400);
    expect(e.message).toBe(message);
  });

  it('an emptied class is simply dropped when not every type is required', () => {
    for (const pw of many(200, { ExcludeCharacters: PUNCTUATION, RequireEachIncludedType: false })) {
      expect(onlyFrom(pw, LOWERCASE + UPPERCASE + DIGITS)).toBe(true);
    }
  });
});

describe('distribution', () => {
  function counts(pws: string[]): Map<string, number> {
    const m = new Map<string, number>();
    for (const pw of pws) for (const c of pw) m.set(c, (m.get(c) ?? 0) + 1);
    return m;
  }

  it.each<[string, PasswordOptions, string]>([
    [
      'all 94 characters, unconstrained',
      { PasswordLength: 1000, RequireEachIncludedType: false },
      LOWERCASE + UPPERCASE + DIGITS + PUNCTUATION,
    ],
    ['with required classes at a long length', { PasswordLength: 2000 }, LOWERCASE + UPPERCASE + DIGITS + PUNCTUATION],
    [
      'digits only',
      { PasswordLength: 1000, ExcludeLowercase: true, ExcludeUppercase: true, ExcludePunctuation: true },
      DIGITS,
    ],
  ])('%s: every allowed char within 0.7x..1.3x of expected over 200,000 chars', (_name, opts, allowed) => {
    const length = opts.PasswordLength ?? 32;
    const c = counts(many(200_000 / length, opts));
    const expected = 200_000 / allowed.length;
    expect(c.size).toBe(allowed.length);
    for (const ch of allowed) {
      const n = c.get(ch) ?? 0;
      expect(n, `count of ${JSON.stringify(ch)}`).toBeGreaterThan(0.7 * expected);
      expect(n, `count of ${JSON.stringify(ch)}`).toBeLessThan(1.3 * expected);
    }
  });

  it('passwords do not repeat', () => {
    expect(new Set(many(1000, {})).size).toBe(1000);
  });
});
