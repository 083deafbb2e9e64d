import { HIDDEN } from './record.js';

/**
 * Builds requestParameters / responseElements from a request or response body, the way
 * CloudTrail writes them: member names in lower camel case (`SecretId` → `secretId`, `ARN` →
 * `arn`), and nothing that is a secret. Two independent nets:
 * - the service model: a member whose shape is `sensitive` is replaced by HIDDEN, and members the
 *   model does not know are dropped (a client cannot smuggle a value in under a new name);
 * - a denylist of member names that always hold secrets, for services without a model here and
 *   in case a model misses a flag.
 */
export type RedactShape = {
  type?: string;
  members?: Record<string, RedactShape>;
  member?: RedactShape;
  value?: RedactShape;
  sensitive?: boolean;
};

/** Compared after lower-casing and dropping non-alphanumerics (`Secret_Access_Key` matches too). */
const DENYLIST = new Set([
  'secretstring',
  'secretbinary',
  'randompassword',
  'password',
  'oldpassword',
  'newpassword',
  'secretaccesskey',
  'sessiontoken',
  'securitytoken',
  'privatekey',
  'rotationtoken',
  'clientsecret',
]);

export const isDenylisted = (name: string): boolean => DENYLIST.has(name.toLowerCase().replace(/[^a-z0-9]/g, ''));

/** `SecretId` → `secretId`, `ARN` → `arn`, `KMSKeyId` → `kmsKeyId`, `VersionIdsToStages` unchanged but the first letter. */
export function cloudTrailKey(name: string): string {
  if (/^[A-Z0-9]+$/.test(name)) return name.toLowerCase();
  const m = /^([A-Z]+)([A-Z][a-z].*)$/.exec(name);
  if (m) return m[1]!.toLowerCase() + m[2];
  return name.charAt(0).toLowerCase() + name.slice(1);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function redactValue(v: unknown, shape: RedactShape | undefined): unknown {
  if (shape?.sensitive) return HIDDEN;
  if (Array.isArray(v)) return v.map((item) => redactValue(item, shape?.member));
  if (!isObject(v)) return v;
  if (shape?.type === 'map') {
    // Map keys are data (version ids, stage names): kept as they are.
    const out: Record<string, unknown> = {};
    for (const [k, item] of Object.entries(v)) out[k] = redactValue(item, shape.value);
    return out;
  }
  return redactStructure(v, shape);
}

function redactStructure(v: Record<string, unknown>, shape: RedactShape | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(v)) {
    if (item === undefined) continue;
    const member = shape?.members?.[name];
    // With a model, only modelled members are kept; without one, every member but the denylisted.
    if (shape?.members && !member) continue;
    out[cloudTrailKey(name)] = isDenylisted(name) ? HIDDEN : redactValue(item, member);
  }
  return out;
}

/**
 * The CloudTrail form of a JSON body, or null when the body is absent or not a JSON object.
 * `shape` is the operation's input or output structure; undefined = no model (denylist only).
 */
export function cloudTrailParameters(json: unknown, shape: RedactShape | undefined): Record<string, unknown> | null {
  if (!isObject(json)) return null;
  return redactStructure(json, shape);
}
