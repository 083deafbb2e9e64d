import { cachedRegExp, escapeRegExp } from './wildcard.js';

/**
 * Policy strings with variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`) and the
 * escapes `${*}`, `${?}`, `${$}` (a literal `*`, `?`, `$`). A template is parsed once; at request
 * time its variables are substituted from the request context. A variable whose key is absent
 * (or multivalued) and has no default makes the whole template unresolved: the comparison using
 * it does not match. Variables exist only in Version 2012-10-17 policies; in 2008-10-17 the text
 * `${...}` is literal.
 */
export type ContextScalar = string | number | boolean;
export type ContextValue = ContextScalar | string[];
/** Looks up a condition key; `key` is already lower-cased. */
export type Lookup = (key: string) => ContextValue | undefined;

export type Token =
  | { t: 'lit'; v: string; src: string }
  | { t: 'wild'; re: string }
  | { t: 'var'; key: string; fallback?: string };

/**
 * How a template matches: 'equals' has no wildcards; 'glob' is StringLike; 'arn' is ArnLike (a
 * wildcard never crosses a colon before the resource segment); 'resource' is the Resource element
 * (as 'arn', except that a `*` ending a segment may run past colons, and variables are honoured
 * only in the resource segment, after the fifth colon).
 */
export type TemplateMode = 'equals' | 'glob' | 'arn' | 'resource';

export type Template = {
  raw: string;
  tokens: Token[];
  hasVars: boolean;
  /** Without variables, compiled once: the anchored RegExp (regex modes) or the literal ('equals'). */
  re?: RegExp;
  literal?: string;
  /** With variables: the RegExp built for the last substituted values (callers repeat). */
  memo?: { values: string; re: RegExp };
};

export function parseTemplate(raw: string, mode: TemplateMode, variables: boolean): Template {
  const tokens: Token[] = [];
  let buf = '';
  let segment = 0;
  const flush = () => {
    if (buf) tokens.push({ t: 'lit', v: buf, src: escapeRegExp(buf) });
    buf = '';
  };
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    const varsHere = variables && (mode !== 'resource' || segment >= 5);
    if (varsHere && ch === '$' && raw[i + 1] === '{') {
      const end = closingBrace(raw, i + 2);
      const tok = end < 0 ? undefined : variableToken(raw.slice(i + 2, end));
      if (tok !== undefined) {
        if (typeof tok === 'string') buf += tok;
        else {
          flush();
          tokens.push(tok);
        }
        i = end;
        continue;
      }
    }
    if (mode !== 'equals' && (ch === '*' || ch === '?')) {
      flush();
      tokens.push({ t: 'wild', re: wildcardSource(ch, mode, segment, raw[i + 1]) });
      continue;
    }
    if (ch === ':') segment++;
    buf += ch;
  }
  flush();
  const hasVars = tokens.some((t) => t.t === 'var');
  const tpl: Template = { raw, tokens, hasVars };
  if (!hasVars) {
    if (mode === 'equals') tpl.literal = tokens.map((t) => (t.t === 'lit' ? t.v : '')).join('');
    else tpl.re = cachedRegExp(sourceOf(tokens, () => '')!);
  }
  return tpl;
}

function wildcardSource(ch: string, mode: TemplateMode, segment: number, next: string | undefined): string {
  const bounded = (mode === 'arn' || mode === 'resource') && segment < 5;
  if (ch === '?') return bounded ? '[^:]' : '.';
  if (!bounded || next === undefined) return '.*';
  // Resource element: "If * is the last character of a segment, it can expand beyond colons."
  // ArnLike keeps each of the six segments apart; only a pattern-ending * runs on (so "*" is any ARN).
  if (mode === 'resource' && next === ':') return '.*';
  return '[^:]*';
}

/** Index of the `}` closing a variable, skipping single-quoted defaults ('' escapes a quote). */
function closingBrace(s: string, from: number): number {
  let quoted = false;
  for (let j = from; j < s.length; j++) {
    const c = s[j];
    if (c === "'") {
      if (quoted && s[j + 1] === "'") j++;
      else quoted = !quoted;
    } else if (c === '}' && !quoted) return j;
  }
  return -1;
}

const VAR_RE = /^\s*([^\s,'{}]+)\s*(?:,\s*'((?:[^']|'')*)'\s*)?$/;

type VarToken = Extract<Token, { t: 'var' }>;

/** The escapes ${*} ${?} ${$} give their literal character; anything unparsable gives undefined. */
function variableToken(inner: string): VarToken | string | undefined {
  if (inner === '*' || inner === '?' || inner === '$') return inner;
  const m = VAR_RE.exec(inner);
  if (!m) return undefined;
  const tok: VarToken = { t: 'var', key: m[1]!.toLowerCase() };
  if (m[2] !== undefined) tok.fallback = m[2].replace(/''/g, "'");
  return tok;
}

function sourceOf(tokens: Token[], value: (key: string, fallback?: string) => string | undefined): string | undefined {
  let out = '^';
  for (const t of tokens) {
    if (t.t === 'lit') out += t.src;
    else if (t.t === 'wild') out += t.re;
    else {
      const v = value(t.key, t.fallback);
      if (v === undefined) return undefined;
      out += escapeRegExp(v);
    }
  }
  return `${out}$`;
}

export function variableValue(lookup: Lookup, key: string, fallback?: string): string | undefined {
  const v = lookup(key);
  // A multivalued key cannot be a variable; an empty value counts as absent.
  if (v === undefined || Array.isArray(v) || v === '') return fallback;
  return String(v);
}

/** The template's text with variables substituted ('equals' mode); undefined when unresolved. */
export function resolveText(tpl: Template, lookup: Lookup): string | undefined {
  if (tpl.literal !== undefined) return tpl.literal;
  let out = '';
  for (const t of tpl.tokens) {
    if (t.t === 'lit') out += t.v;
    else if (t.t === 'var') {
      const v = variableValue(lookup, t.key, t.fallback);
      if (v === undefined) return undefined;
      out += v;
    }
  }
  return out;
}

/** The template's anchored RegExp (regex modes); undefined when a variable is unresolved. */
export function resolveRegExp(tpl: Template, lookup: Lookup): RegExp | undefined {
  if (tpl.re) return tpl.re;
  let values = '';
  for (const t of tpl.tokens) {
    if (t.t !== 'var') continue;
    const v = variableValue(lookup, t.key, t.fallback);
    if (v === undefined) return undefined;
    values += `${v}\u0000`;
  }
  if (tpl.memo?.values === values) return tpl.memo.re;
  const re = cachedRegExp(sourceOf(tpl.tokens, (k, f) => variableValue(lookup, k, f))!);
  tpl.memo = { values, re };
  return re;
}
