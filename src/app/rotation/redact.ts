/**
 * What may be kept of a function's error: its first line, with anything that looks like a
 * credential value masked, and bounded. Functions choose their messages, so this is a net, not
 * a guarantee: the engine itself never puts a value into an error.
 */
const MAX_LENGTH = 500;
const LABELLED_VALUE =
  /(["']?[A-Za-z_-]*(?:password|passwd|pwd|secret|token|credential|apikey|api_key|private)[A-Za-z_-]*["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;}]+)/gi;
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi;

export function redactError(e: unknown): string {
  const err = e instanceof Error ? e : new Error(String(e));
  const prefix = err.name && err.name !== 'Error' ? `${err.name}: ` : '';
  let text = `${prefix}${err.message}`.split('\n')[0] ?? '';
  text = text.replace(LABELLED_VALUE, '$1***').replace(URL_CREDENTIALS, '$1***@');
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH)}…` : text;
}
