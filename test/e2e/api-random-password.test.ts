import {
  GetRandomPasswordCommand,
  type GetRandomPasswordCommandInput,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsError, type RunningServer, removeDir, startServer } from '../helpers/server.js';

/**
 * GetRandomPassword through the API (catalog §2.15; statements 62-65). The generator's own
 * properties (uniformity, shuffling) are tested in test/unit/password.test.ts.
 */
let srv: RunningServer;
let sm: SecretsManagerClient;

beforeAll(async () => {
  srv = await startServer();
  sm = srv.client();
});
afterAll(async () => {
  await srv.stop();
  removeDir(srv.dataDir);
});

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const PUNCT = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const has = (pw: string, chars: string) => [...pw].some((c) => chars.includes(c));
const only = (pw: string, chars: string) => [...pw].every((c) => chars.includes(c));
const password = async (input: GetRandomPasswordCommandInput = {}) =>
  (await sm.send(new GetRandomPasswordCommand(input))).RandomPassword!;

describe('GetRandomPassword', () => {
  it('by default returns 32 characters with an upper, a lower, a digit and a punctuation character (62)', async () => {
    for (let i = 0; i < 20; i++) {
      const pw = await password();
      expect(pw).toHaveLength(32);
      expect(only(pw, LOWER + UPPER + DIGITS + PUNCT)).toBe(true);
      for (const cls of [LOWER, UPPER, DIGITS, PUNCT]) expect(has(pw, cls)).toBe(true);
    }
  });

  it('never uses an excluded character, over 1,000 passwords (63)', async () => {
    const excluded = '/@"\'\\';
    const all: string[] = [];
    // Batches of 40 stay under the SDK's 50-socket pool.
    while (all.length < 1000) {
      all.push(...(await Promise.all(Array.from({ length: 40 }, () => password({ ExcludeCharacters: excluded })))));
    }
    expect(all).toHaveLength(1000);
    for (const pw of all) {
      expect(pw).toHaveLength(32);
      expect(has(pw, excluded)).toBe(false);
      expect(has(pw, PUNCT)).toBe(true); // punctuation is still required, from what is left
    }
  });

  it('accepts PasswordLength 4096 and 4 (one of each class); refuses 0, 4097 and a length below the required classes (64)', async () => {
    expect(await password({ PasswordLength: 4096 })).toHaveLength(4096);
    const four = await password({ PasswordLength: 4 });
    for (const cls of [LOWER, UPPER, DIGITS, PUNCT]) expect(has(four, cls)).toBe(true);
    expect(await awsError(sm.send(new GetRandomPasswordCommand({ PasswordLength: 0 })))).toEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '0' at 'passwordLength' failed to satisfy constraint: Member must have value greater than or equal to 1",
      status: 400,
    });
    expect(await awsError(sm.send(new GetRandomPasswordCommand({ PasswordLength: 4097 })))).toEqual({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '4097' at 'passwordLength' failed to satisfy constraint: Member must have value less than or equal to 4096",
      status: 400,
    });
    expect(await awsError(sm.send(new GetRandomPasswordCommand({ PasswordLength: 3 })))).toEqual({
      name: 'InvalidParameterException',
      message: 'Password length is too short based on the required types.',
      status: 400,
    });
    expect(await password({ PasswordLength: 1, RequireEachIncludedType: false })).toHaveLength(1);
  });

  it.each([
    ['ExcludeNumbers', DIGITS],
    ['ExcludePunctuation', PUNCT],
    ['ExcludeUppercase', UPPER],
    ['ExcludeLowercase', LOWER],
  ] as const)('%s removes its class and keeps the others (65)', async (option, cls) => {
    const rest = [LOWER, UPPER, DIGITS, PUNCT].filter((c) => c !== cls);
    for (let i = 0; i < 20; i++) {
      const pw = await password({ PasswordLength: 64, [option]: true });
      expect(pw).toHaveLength(64);
      expect(has(pw, cls)).toBe(false);
      for (const other of rest) expect(has(pw, other)).toBe(true);
    }
  });

  it('includes a space only with IncludeSpace=true (65)', async () => {
    const without = await Promise.all(Array.from({ length: 20 }, () => password({ PasswordLength: 200 })));
    for (const pw of without) expect(pw).not.toContain(' ');
    const withSpace = await Promise.all(
      Array.from({ length: 20 }, () => password({ PasswordLength: 200, IncludeSpace: true })),
    );
    for (const pw of withSpace) expect(only(pw, `${LOWER}${UPPER}${DIGITS}${PUNCT} `)).toBe(true);
    expect(withSpace.some((pw) => pw.includes(' '))).toBe(true);
  });

  it('refuses to exclude every class, and an emptied required class (65)', async () => {
    const all = {
      ExcludeNumbers: true,
      ExcludePunctuation: true,
      ExcludeUppercase: true,
      ExcludeLowercase: true,
    };
    expect(await awsError(sm.send(new GetRandomPasswordCommand(all)))).toEqual({
      name: 'InvalidParameterException',
      message: 'All characters have been excluded from selection.',
      status: 400,
    });
    expect(await awsError(sm.send(new GetRandomPasswordCommand({ ExcludeCharacters: DIGITS })))).toEqual({
      name: 'InvalidParameterException',
      message: 'All characters of the desired type have been excluded.',
      status: 400,
    });
    // Without RequireEachIncludedType an emptied class is simply not used.
    const pw = await password({ ExcludeCharacters: DIGITS, RequireEachIncludedType: false, PasswordLength: 100 });
    expect(has(pw, DIGITS)).toBe(false);
    // Only spaces left: a password of spaces.
    expect(await password({ ...all, IncludeSpace: true, PasswordLength: 5 })).toBe('     ');
  });
});
