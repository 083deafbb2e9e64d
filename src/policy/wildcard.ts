/**
 * Wildcard patterns (`*` any run of characters, `?` exactly one) compiled to anchored RegExps.
 * Compiled expressions are cached by source: policies are compiled once, and patterns built at
 * request time (after a policy variable is substituted) repeat across requests.
 */
const MAX_CACHED = 5000;
const cache = new Map<string, RegExp>();

/** Every pattern is compiled with the `s` flag, so `.` (from `*` and `?`) also matches newlines. */
export function cachedRegExp(source: string): RegExp {
  let re = cache.get(source);
  if (!re) {
    if (cache.size >= MAX_CACHED) cache.clear();
    re = new RegExp(source, 's');
    cache.set(source, re);
  }
  return re;
}

const SPECIAL = /[.*+?^${}()|[\]\\/]/g;
export const escapeRegExp = (s: string): string => s.replace(SPECIAL, '\\$&');

export const hasWildcard = (s: string): boolean => s.includes('*') || s.includes('?');

/** `a*b?` → `^a.*b.$` for plain strings (StringLike, actions). */
export function globSource(pattern: string): string {
  let out = '^';
  for (const ch of pattern) out += ch === '*' ? '.*' : ch === '?' ? '.' : escapeRegExp(ch);
  return `${out}$`;
}

export const globRegExp = (pattern: string): RegExp => cachedRegExp(globSource(pattern));
