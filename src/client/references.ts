/**
 * References to secrets inside configuration text, parsed into what to fetch and which part to
 * keep. Every malformed reference is an error naming it: resolution never yields a silent ''.
 *
 * - CloudFormation: {{resolve:secretsmanager:<secret-id>:SecretString:<json-key>:<version-stage>:<version-id>}}
 *   (everything after the secret id optional; stage and id mutually exclusive; no segment may
 *   contain ':' and the reference may not end with a backslash).
 * - ECS valueFrom: arn:aws:secretsmanager:<region>:<acct>:secret:<name>[:<json-key>:<stage>:<id>]
 * - Workato masks: {{workato:sm:<key name>:<secret ARN>}} (key names may contain dots; the ARN
 *   starts at ':arn:').
 */
export type SecretReference = {
  /** The text that was matched, for error messages. */
  raw: string;
  secretId: string;
  jsonKey?: string;
  versionStage?: string;
  versionId?: string;
  /** Turn the selected value into a TOTP code (Optexity's type totp_secret). */
  totp?: { digits: number };
};

export class SecretReferenceError extends Error {
  override readonly name = 'SecretReferenceError';
}

const bad = (raw: string, why: string) => new SecretReferenceError(`invalid secret reference ${raw}: ${why}`);

const ARN_PARTS = 7; // arn:aws:secretsmanager:<region>:<account>:secret:<name>

/** Splits `<secret-id>:<rest...>`; an ARN id keeps its own colons. */
function splitId(body: string): { id: string; rest: string[] } {
  const parts = body.split(':');
  if (body.startsWith('arn:')) return { id: parts.slice(0, ARN_PARTS).join(':'), rest: parts.slice(ARN_PARTS) };
  return { id: parts[0] ?? '', rest: parts.slice(1) };
}

const opt = (s: string | undefined) => (s === undefined || s === '' ? undefined : s);

function selector(raw: string, ref: SecretReference, rest: string[]): SecretReference {
  const [jsonKey, versionStage, versionId, ...extra] = rest;
  if (extra.length > 0) throw bad(raw, 'too many segments (a segment may not contain ":")');
  const out: SecretReference = {
    ...ref,
    jsonKey: opt(jsonKey),
    versionStage: opt(versionStage),
    versionId: opt(versionId),
  };
  if (out.versionStage && out.versionId) throw bad(raw, 'give a version stage or a version id, not both');
  return out;
}

export function parseCloudFormation(raw: string): SecretReference {
  const m = /^\{\{resolve:secretsmanager:(.*)\}\}$/s.exec(raw);
  if (!m) throw bad(raw, 'expected {{resolve:secretsmanager:...}}');
  const body = m[1]!;
  if (body.endsWith('\\')) throw bad(raw, 'a reference may not end with a backslash');
  const { id, rest } = splitId(body);
  if (!id) throw bad(raw, 'the secret id is empty');
  if (rest.length > 0 && rest[0] !== 'SecretString')
    throw bad(raw, `the segment after the secret id must be SecretString, not '${rest[0]}'`);
  return selector(raw, { raw, secretId: id }, rest.slice(1));
}

export function parseEcsValueFrom(raw: string): SecretReference {
  if (!/^arn:[^:]+:secretsmanager:/.test(raw)) throw bad(raw, 'expected a Secrets Manager ARN');
  const { id, rest } = splitId(raw);
  if (id.split(':').length < ARN_PARTS || !id.split(':')[6]) throw bad(raw, 'the ARN has no secret name');
  return selector(raw, { raw, secretId: id }, rest);
}

export function parseWorkato(raw: string): SecretReference {
  const m = /^\{\{workato:sm:(.*)\}\}$/s.exec(raw);
  if (!m) throw bad(raw, 'expected {{workato:sm:<key name>:<secret ARN>}}');
  const at = m[1]!.indexOf(':arn:');
  if (at <= 0) throw bad(raw, 'expected <key name>:<secret ARN>');
  const jsonKey = m[1]!.slice(0, at);
  const secretId = m[1]!.slice(at + 1);
  if (!/^arn:[^:]+:secretsmanager:[^:]*:\d{12}:secret:.+$/.test(secretId))
    throw bad(raw, 'the secret ARN is malformed');
  return { raw, secretId, jsonKey };
}

/** Optexity's secure-parameter object: secret_name, region_name, key, type, digits. */
export type SecureParameter = {
  secret_name?: unknown;
  region_name?: unknown;
  key?: unknown;
  type?: unknown;
  digits?: unknown;
};

export function parseSecureParameter(p: SecureParameter): SecretReference & { region: string } {
  const raw = JSON.stringify(p);
  if (typeof p.secret_name !== 'string' || !p.secret_name) throw bad(raw, 'secret_name is required');
  if (typeof p.region_name !== 'string' || !p.region_name) throw bad(raw, 'region_name is required');
  if (p.key !== undefined && p.key !== null && typeof p.key !== 'string') throw bad(raw, 'key must be a string');
  const ref: SecretReference & { region: string } = { raw, secretId: p.secret_name, region: p.region_name };
  if (typeof p.key === 'string') ref.jsonKey = p.key;
  if (p.type !== undefined && p.type !== null) {
    if (p.type !== 'totp_secret') throw bad(raw, `unknown type '${String(p.type)}'`);
    if (typeof p.digits !== 'number' || !Number.isInteger(p.digits))
      throw bad(raw, 'digits is required when type is totp_secret');
    ref.totp = { digits: p.digits };
  }
  return ref;
}

/** Every reference in a text, in order, with its position. */
export function findReferences(text: string): { start: number; end: number; ref: SecretReference }[] {
  const out: { start: number; end: number; ref: SecretReference }[] = [];
  const re = /\{\{(?:resolve:secretsmanager|workato:sm):[^}]*\}\}/g;
  for (const m of text.matchAll(re)) {
    const raw = m[0];
    const ref = raw.startsWith('{{resolve:') ? parseCloudFormation(raw) : parseWorkato(raw);
    out.push({ start: m.index, end: m.index + raw.length, ref });
  }
  return out;
}

/** Picks the referenced part of a fetched value; a JSON key on a non-JSON secret is an error. */
export function selectValue(ref: SecretReference, value: string): string {
  if (ref.jsonKey === undefined) return value;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new SecretReferenceError(
      `secret ${ref.secretId} is not a JSON object, so key '${ref.jsonKey}' cannot be read (${ref.raw})`,
    );
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new SecretReferenceError(
      `secret ${ref.secretId} is not a JSON object, so key '${ref.jsonKey}' cannot be read (${ref.raw})`,
    );
  }
  const v = (parsed as Record<string, unknown>)[ref.jsonKey];
  if (v === undefined)
    throw new SecretReferenceError(`secret ${ref.secretId} has no key '${ref.jsonKey}' (${ref.raw})`);
  return typeof v === 'string' ? v : JSON.stringify(v);
}
