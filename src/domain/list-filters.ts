/**
 * ListSecrets / BatchGetSecretValue `Filters`, matched the way real AWS matches them
 * (catalog §2.7, decision 12; API reference `Filter`; LocalStack's AWS-validated
 * test_list_secrets_filtering; moto's list_secrets filters):
 *
 * - `name`, `tag-key`, `tag-value`, `owning-service`, `primary-region`: case-sensitive prefix of
 *   the attribute (for tags: of any tag's key / value).
 * - `description`: the value is split into words; every word must be a case-insensitive prefix
 *   of some word of the description ("My Description" matches "Description of my secret";
 *   "a secret" matches "an secret" but not "asecret", as recorded against AWS by LocalStack).
 * - `all`: the value is split into words; a secret matches when any word is a case-insensitive
 *   prefix of a word of its name, description, a tag key or a tag value (the user guide: searching
 *   My_Secret "matches secrets with the word my or secret").
 * - A value starting with `!` matches exactly the secrets its remainder does not match.
 * - Values of one filter are OR'ed (negated ones included); separate filters are AND'ed, so
 *   excluding two things takes two filters with the same key.
 */
import { Errors, type ServiceError } from './errors.js';
import type { SecretRecord, Tag } from './secret.js';

/** The model's enum, in the model's order; the enum error lists them in this order (unverified). */
export const FILTER_KEYS = [
  'description',
  'name',
  'tag-key',
  'tag-value',
  'primary-region',
  'owning-service',
  'all',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export type ListFilter = { Key: string; Values: string[] };
/** What arrives off the wire: the model marks neither member as required. */
export type FilterInput = { Key?: string; Values?: string[] };

type Predicate = (s: SecretRecord) => boolean;

const isFilterKey = (key: string): key is FilterKey => (FILTER_KEYS as readonly string[]).includes(key);

/**
 * Splits text into lowercase search words: runs of letters or digits, broken at letter/digit
 * changes and camelCase boundaries (`credsDatabase#892` → creds, database, 892;
 * `HTTPServer` → http, server). Everything that is not a letter or digit separates words.
 */
export function splitWords(text: string): string[] {
  const words = text.match(/\p{Lu}+(?=\p{Lu}\p{Ll})|\p{Lu}?\p{Ll}+|\p{Lu}+|\p{N}+|[^\P{L}\p{Lu}\p{Ll}]+/gu);
  return (words ?? []).map((w) => w.toLowerCase());
}

/**
 * Rejects what the model's constraints let through: a filter without Key or without Values.
 * An unknown Key is an enum violation the protocol layer normally reports first; it is checked
 * here too, with the same text, so an unvalidated caller still gets AWS's answer.
 */
export function validateFilters(filters: readonly FilterInput[] | undefined): ListFilter[] {
  return (filters ?? []).map((f, i) => {
    if (f.Key === undefined) throw Errors.invalidFilterKey();
    if (!isFilterKey(f.Key)) throw unknownKey(f.Key, i);
    if (f.Values === undefined) throw Errors.invalidFilterValues(f.Key);
    return { Key: f.Key, Values: f.Values };
  });
}

/** Builds one predicate for the whole filter list; no filters match every secret. */
export function compileFilters(filters: readonly ListFilter[]): Predicate {
  const compiled = filters.map((f, i) => compileFilter(f, i));
  return (s) => compiled.every((matches) => matches(s));
}

function compileFilter(filter: ListFilter, index: number): Predicate {
  const key = filter.Key;
  if (!isFilterKey(key)) throw unknownKey(key, index);
  const values = filter.Values.map((v) => compileValue(key, v));
  return (s) => values.some((matches) => matches(s));
}

function compileValue(key: FilterKey, value: string): Predicate {
  if (!value.startsWith('!')) return MATCHERS[key](value);
  const positive = MATCHERS[key](value.slice(1));
  return (s) => !positive(s);
}

const MATCHERS: Record<FilterKey, (value: string) => Predicate> = {
  name: prefixOf((s) => [s.name]),
  'tag-key': prefixOf((s) => tagsOf(s).map((t) => t.Key)),
  'tag-value': prefixOf((s) => tagsOf(s).map((t) => t.Value)),
  'owning-service': prefixOf((s) => present(s.owningService)),
  'primary-region': prefixOf((s) => present(s.primaryRegion)),
  description: (value) => {
    const wanted = splitWords(value);
    return (s) => everyWordPrefixes(wanted, splitWords(s.description ?? ''));
  },
  all: (value) => {
    const wanted = splitWords(value);
    if (wanted.length === 0) return () => true;
    return (s) => {
      const words = searchableWords(s);
      return wanted.some((w) => words.some((x) => x.startsWith(w)));
    };
  },
};

/** Case-sensitive prefix match against any of the attribute's strings. */
function prefixOf(attribute: (s: SecretRecord) => readonly string[]): (value: string) => Predicate {
  return (value) => (s) => attribute(s).some((a) => a.startsWith(value));
}

/** A value with no words at all is vacuously satisfied, like an empty prefix. */
function everyWordPrefixes(wanted: readonly string[], words: readonly string[]): boolean {
  return wanted.every((w) => words.some((x) => x.startsWith(w)));
}

function searchableWords(s: SecretRecord): string[] {
  const texts = [s.name, s.description ?? '', ...tagsOf(s).flatMap((t) => [t.Key, t.Value])];
  return texts.flatMap(splitWords);
}

/** Tags may be absent on a record that never had any. */
function tagsOf(s: SecretRecord): readonly Tag[] {
  return s.tags ?? [];
}

function present(value: string | undefined): string[] {
  return value === undefined ? [] : [value];
}

function unknownKey(key: string, index: number): ServiceError {
  return Errors.validation(
    `1 validation error detected: Value '${key}' at 'filters.${index + 1}.member.key' failed to satisfy ` +
      `constraint: Member must satisfy enum value set: [${FILTER_KEYS.join(', ')}]`,
  );
}
