import { readFileSync } from 'node:fs';
import {
  findReferences,
  parseEcsValueFrom,
  parseSecureParameter,
  type SecretReference,
  SecretReferenceError,
  selectValue,
} from '../client/references.js';
import type { SecretsClient } from '../client/secrets-client.js';
import { totp } from '../client/totp.js';

type Value = { SecretString?: string; SecretBinary?: string };

/** Fetches each distinct (secret, stage, version) once per run. */
function fetcher(client: SecretsClient) {
  const seen = new Map<string, Promise<string>>();
  return (ref: SecretReference): Promise<string> => {
    const key = `${ref.secretId}\u0000${ref.versionStage ?? ''}\u0000${ref.versionId ?? ''}`;
    let p = seen.get(key);
    if (!p) {
      p = client
        .call<Value>('GetSecretValue', {
          SecretId: ref.secretId,
          VersionStage: ref.versionStage,
          VersionId: ref.versionId,
        })
        .then((v) => v.SecretString ?? Buffer.from(v.SecretBinary ?? '', 'base64').toString('utf8'))
        .catch((e: Error) => {
          throw new SecretReferenceError(
            `cannot resolve ${ref.raw}: ${e.name === 'AwsError' ? `${(e as { code?: string }).code}: ` : ''}${e.message}`,
          );
        });
      seen.set(key, p);
    }
    return p;
  };
}

export async function resolveReference(client: SecretsClient, ref: SecretReference): Promise<string> {
  const value = selectValue(ref, await fetcher(client)(ref));
  return ref.totp ? totp(value, { digits: ref.totp.digits }) : value;
}

async function resolveText(get: (r: SecretReference) => Promise<string>, text: string): Promise<string> {
  const refs = findReferences(text);
  const values = await Promise.all(
    refs.map(async ({ ref }) => {
      const v = selectValue(ref, await get(ref));
      return ref.totp ? totp(v, { digits: ref.totp.digits }) : v;
    }),
  );
  let out = '';
  let at = 0;
  refs.forEach((r, i) => {
    out += text.slice(at, r.start) + values[i];
    at = r.end;
  });
  return out + text.slice(at);
}

/** JSON documents: ECS `valueFrom` ARNs become `value`, Optexity secure parameters their value. */
async function resolveJson(get: (r: SecretReference) => Promise<string>, node: unknown): Promise<unknown> {
  if (typeof node === 'string') return resolveText(get, node);
  if (Array.isArray(node)) return Promise.all(node.map((n) => resolveJson(get, n)));
  if (node === null || typeof node !== 'object') return node;
  const obj = node as Record<string, unknown>;
  if (obj.amazon_secrets_manager && typeof obj.amazon_secrets_manager === 'object') {
    const ref = parseSecureParameter(obj.amazon_secrets_manager as Record<string, unknown>);
    const v = selectValue(ref, await get(ref));
    return ref.totp ? totp(v, { digits: ref.totp.digits }) : v;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'valueFrom' && typeof v === 'string' && v.includes(':secretsmanager:')) {
      out.value = selectValue(parseEcsValueFrom(v), await get(parseEcsValueFrom(v)));
    } else {
      out[k] = await resolveJson(get, v);
    }
  }
  return out;
}

/** `strongroom resolve [file|-]`: expands every reference; any bad one is an error naming it. */
export async function resolveCommand(client: SecretsClient, file: string | undefined): Promise<string> {
  const text = !file || file === '-' ? readFileSync(0, 'utf8') : readFileSync(file, 'utf8');
  const get = fetcher(client);
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      return resolveText(get, text);
    }
    return `${JSON.stringify(await resolveJson(get, doc), null, 2)}\n`;
  }
  return resolveText(get, text);
}
