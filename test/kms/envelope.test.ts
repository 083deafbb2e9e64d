import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  addWrap,
  type EncryptionContext,
  keyIdsOf,
  open,
  openWith,
  parseEnvelope,
  seal,
} from '../../src/crypto/envelope.js';
import type { AccountKey, Keyring } from '../../src/crypto/keyring.js';
import { createKmsUsage } from '../../src/crypto/keyring.js';

const key = (keyId: string): AccountKey => ({
  keyId,
  arn: `arn:aws:kms:us-east-1:111122223333:key/${keyId}`,
  accountId: '111122223333',
  region: 'us-east-1',
  material: randomBytes(32),
  managed: false,
});

const ringOf = (...keys: AccountKey[]): Keyring => ({
  defaultKey: async () => keys[0]!,
  byId: async (id) => keys.find((k) => k.keyId === id),
  newWrappedMaterial: () => Buffer.alloc(0),
  forget: () => {},
  usage: createKmsUsage(),
});

const ctx: EncryptionContext = {
  SecretARN: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf',
  SecretVersionId: 'v1',
};
const text = (b: Buffer) => b.toString('utf8');
const value = Buffer.from('hunter2 and more');

describe('envelope v1', () => {
  it('seals and opens with the same key and context; the header names the key', async () => {
    const a = key('key-a');
    const sealed = seal(a, value, ctx);
    expect(sealed[0]).toBe(0x01);
    const env = parseEnvelope(sealed);
    expect(env.keyId).toBe('key-a');
    expect(env.wraps.map((w) => w.keyId)).toEqual(['key-a']);
    expect(text(await open(ringOf(a), sealed, ctx))).toBe('hunter2 and more');
    expect(Buffer.from(sealed).includes(value)).toBe(false);
  });

  it('refuses another version id, another secret ARN and another key', async () => {
    const a = key('key-a');
    const sealed = seal(a, value, ctx);
    await expect(open(ringOf(a), sealed, { ...ctx, SecretVersionId: 'v2' })).rejects.toThrow();
    await expect(open(ringOf(a), sealed, { ...ctx, SecretARN: `${ctx.SecretARN}x` })).rejects.toThrow();
    const impostor = { ...key('key-a'), material: randomBytes(32) };
    await expect(open(ringOf(impostor), sealed, ctx)).rejects.toThrow();
  });

  it('fails authentication when any single byte changes', async () => {
    const a = key('key-a');
    const sealed = Buffer.from(seal(a, value, ctx));
    for (let i = 0; i < sealed.length; i++) {
      const bad = Buffer.from(sealed);
      bad[i] = bad[i]! ^ 0x01;
      await expect(open(ringOf(a), bad, ctx), `byte ${i}`).rejects.toThrow();
    }
  });

  it('uses a fresh data key and nonce per seal', () => {
    const a = key('key-a');
    const one = parseEnvelope(seal(a, value, ctx));
    const two = parseEnvelope(seal(a, value, ctx));
    expect(one.wrapped.equals(two.wrapped)).toBe(false);
    expect(one.value.equals(two.value)).toBe(false);
  });

  it('refuses an unknown format byte and a truncated header', () => {
    const sealed = Buffer.from(seal(key('key-a'), value, ctx));
    expect(() => parseEnvelope(Buffer.concat([Buffer.from([0x03]), sealed.subarray(1)]))).toThrow(
      'unknown envelope format',
    );
    expect(() => parseEnvelope(sealed.subarray(0, 8))).toThrow('truncated envelope');
  });
});

describe('envelope v2 (several wrapped copies of one data key)', () => {
  it('adds a wrap for a second key: either key opens it, the value bytes are not re-encrypted', async () => {
    const a = key('key-a');
    const b = key('key-b');
    const v1 = seal(a, value, ctx);
    const v2 = addWrap(v1, a, b, ctx);
    expect(v2[0]).toBe(0x02);
    expect(keyIdsOf(v2)).toEqual(['key-a', 'key-b']);
    expect(parseEnvelope(v2).value.equals(parseEnvelope(v1).value)).toBe(true);
    const env = parseEnvelope(v2);
    expect(text(openWith(a, env, env.wraps[0]!, ctx))).toBe('hunter2 and more');
    expect(text(openWith(b, env, env.wraps[1]!, ctx))).toBe('hunter2 and more');
    expect(text(await open(ringOf(b), v2, ctx))).toBe('hunter2 and more');
    expect(text(await open(ringOf(a), v2, ctx))).toBe('hunter2 and more');
  });

  it('grows to three keys from any key that can open it, and adding a present key changes nothing', () => {
    const [a, b, c] = [key('key-a'), key('key-b'), key('key-c')];
    const two = addWrap(seal(a, value, ctx), a, b, ctx);
    const three = addWrap(two, b, c, ctx);
    expect(keyIdsOf(three)).toEqual(['key-a', 'key-b', 'key-c']);
    const env = parseEnvelope(three);
    expect(text(openWith(c, env, env.wraps[2]!, ctx))).toBe('hunter2 and more');
    expect(addWrap(three, a, b, ctx)).toBe(three);
  });

  it('needs a key that has a wrap, and the right context, to add one', () => {
    const [a, b, c] = [key('key-a'), key('key-b'), key('key-c')];
    const sealed = seal(a, value, ctx);
    expect(() => addWrap(sealed, c, b, ctx)).toThrow('no wrap');
    expect(() => addWrap(sealed, a, b, { ...ctx, SecretVersionId: 'other' })).toThrow();
  });

  it('binds every wrap to the context; a changed byte never opens to anything but the value', async () => {
    const [a, b] = [key('key-a'), key('key-b')];
    const v2 = Buffer.from(addWrap(seal(a, value, ctx), a, b, ctx));
    await expect(open(ringOf(a, b), v2, { ...ctx, SecretVersionId: 'v9' })).rejects.toThrow();
    const valueStart = v2.length - parseEnvelope(v2).value.length;
    for (let i = 0; i < v2.length; i++) {
      const bad = Buffer.from(v2);
      bad[i] = bad[i]! ^ 0x80;
      const opened = await open(ringOf(a, b), bad, ctx).then(text, () => undefined);
      // A flipped key id or wrapped key only disables that wrap (the other still opens, to the
      // same value); a flipped value byte fails authentication whatever the wrap.
      if (i >= valueStart) expect(opened, `byte ${i}`).toBeUndefined();
      else if (opened !== undefined) expect(opened, `byte ${i}`).toBe('hunter2 and more');
    }
  });

  it('opens with the second wrap when the first key is gone from the keyring', async () => {
    const [a, b] = [key('key-a'), key('key-b')];
    const v2 = addWrap(seal(a, value, ctx), a, b, ctx);
    expect(text(await open(ringOf(b), v2, ctx))).toBe('hunter2 and more');
    await expect(open(ringOf(key('key-z')), v2, ctx)).rejects.toThrow('not found');
  });
});
