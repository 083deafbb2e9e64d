import { Errors } from './errors.js';
import type { Tag } from './secret.js';

/**
 * Tag rules of Secrets Manager: at most 50 per secret, keys 1-128 and values 0-256 characters
 * (length limits are enforced by the model constraints), letters, digits, whitespace and
 * `_ . : / = + - @`, keys case-sensitive and unique, and the `aws:` prefix reserved.
 */
export const MAX_TAGS = 50;
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function validateTags(tags: readonly Tag[]): void {
  for (const t of tags) {
    // The model marks neither member required: a tag without a Key must not reach the store.
    if (typeof t.Key !== 'string') throw Errors.tagMissingKey();
    if (t.Key.toLowerCase().startsWith('aws:')) throw Errors.tagReservedPrefix();
    if (!TAG_CHARS.test(t.Key)) throw Errors.tagInvalidKey(t.Key);
    if (!TAG_CHARS.test(t.Value ?? '')) throw Errors.tagInvalidValue(t.Key);
  }
}

/** Adds or overwrites tags by key, keeping first-insertion order as AWS lists them. */
export function mergeTags(current: readonly Tag[], added: readonly Tag[]): Tag[] {
  const byKey = new Map(current.map((t) => [t.Key, t.Value]));
  for (const t of added) byKey.set(t.Key, t.Value ?? '');
  if (byKey.size > MAX_TAGS) throw Errors.tagQuota();
  return [...byKey].map(([Key, Value]) => ({ Key, Value }));
}

export const removeTags = (current: readonly Tag[], keys: readonly string[]): Tag[] => {
  const drop = new Set(keys);
  return current.filter((t) => !drop.has(t.Key));
};
