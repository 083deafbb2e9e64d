import { Errors } from '../../domain/errors.js';
import type { Tag } from '../../domain/secret.js';

/**
 * IAM tag rules beyond the model's length/pattern constraints (checked by the protocol layer):
 * keys are unique ignoring case, a tag with an existing key (any case) replaces it, and an entity
 * has at most 50 tags.
 */
export const MAX_IAM_TAGS = 50;

export function assertDistinctKeys(tags: readonly Tag[], duplicate: () => Error = Errors.duplicateTagKeys): void {
  const seen = new Set<string>();
  for (const t of tags) {
    const k = t.Key.toLowerCase();
    if (seen.has(k)) throw duplicate();
    seen.add(k);
  }
}

const tooMany = () =>
  Errors.iamValidation(
    "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50",
  );

export function mergeIamTags(current: readonly Tag[], added: readonly Tag[]): Tag[] {
  assertDistinctKeys(added);
  const out = current.filter((t) => !added.some((a) => a.Key.toLowerCase() === t.Key.toLowerCase()));
  out.push(...added.map((t) => ({ Key: t.Key, Value: t.Value ?? '' })));
  if (out.length > MAX_IAM_TAGS) throw tooMany();
  return out;
}

export function removeIamTags(current: readonly Tag[], keys: readonly string[]): Tag[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return current.filter((t) => !drop.has(t.Key.toLowerCase()));
}

/** Tags in the order they are listed; a new tag list is checked the same way as added tags. */
export const newIamTags = (tags: readonly Tag[] | undefined): Tag[] => mergeIamTags([], tags ?? []);
