/**
 * What may be kept of a function's error: its first line, with anything that looks like a
 * credential value masked, and bounded. Functions choose their messages, so this is a net, not
 * a guarantee: the engine itself never puts a value into an error.
 *
 * ARNs and IAM action names ("secretsmanager:DescribeSecret", "…:secret:app/db-a1b2c3") name
 * things, never hold values, and are what an AccessDeniedException says: they are kept as they
 * are rather than read as a "secret…: <value>" label.
 */
const MAX_LENGTH = 500;
const LABELLED_VALUE =
  /(["']?[A-Za-z_-]*(?:password|passwd|pwd|secret|token|credential|apikey|api_key|private)[A-Za-z_-]*["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,;}]+)/gi;
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi;
// ARN characters only (no ?, &, |, = …), so a query string or a "|password=…" after an ARN is
// not taken for part of it; and a "name" that carries a credential word is not protected at all.
const AWS_NAMES = /\barn:aws[a-z-]*:[A-Za-z0-9:/_+.@*-]+|\b(?:secretsmanager|sts|iam|kms):[A-Za-z*]+/g;
const CREDENTIAL_WORD = /password|passwd|pwd|token|credential|api_?key|private/i;
const PLACEHOLDER = /\uE000(\d+)\uE000/g;

export function redactError(e: unknown): string {
  const err = e instanceof Error ? e : new Error(String(e));
  const prefix = err.name && err.name !== 'Error' ? `${err.name}: ` : '';
  let text = `${prefix}${err.message}`.split('\n')[0] ?? '';
  const names: string[] = [];
  text = text.replace(AWS_NAMES, (name) => (CREDENTIAL_WORD.test(name) ? name : `\uE000${names.push(name) - 1}\uE000`));
  text = text.replace(LABELLED_VALUE, '$1***').replace(URL_CREDENTIALS, '$1***@');
  text = text.replace(PLACEHOLDER, (_, i: string) => names[Number(i)] ?? '');
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH)}…` : text;
}
