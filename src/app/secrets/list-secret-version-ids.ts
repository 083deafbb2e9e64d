import { Errors } from '../../domain/errors.js';
import type { VersionRecord } from '../../domain/secret.js';
import type { RequestContext } from '../context.js';
import type { SecretsDeps } from './deps.js';
import { authorizedSecret } from './lookup.js';

export type ListVersionsQuery = {
  secretId: string;
  maxResults?: number;
  nextToken?: string;
  includeDeprecated?: boolean;
};
export type ListVersionsResult = { arn: string; name: string; versions: VersionRecord[]; nextToken?: string };

const encodeOffset = (n: number) => Buffer.from(JSON.stringify({ o: n })).toString('base64url');
function decodeOffset(token: string): number {
  try {
    const o = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown }).o;
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {}
  throw Errors.invalidNextToken();
}

/** Versions newest first; deprecated (unlabelled) ones only when asked for. */
export async function listSecretVersionIds(
  d: SecretsDeps,
  ctx: RequestContext,
  q: ListVersionsQuery,
): Promise<ListVersionsResult> {
  const secret = await authorizedSecret(d, ctx, q.secretId, 'secretsmanager:ListSecretVersionIds');
  const all = (await d.store.listVersions(secret.id)).filter((v) => q.includeDeprecated || v.stages.length > 0);
  const start = q.nextToken ? decodeOffset(q.nextToken) : 0;
  const size = q.maxResults ?? 100;
  const page = all.slice(start, start + size);
  const more = start + size < all.length;
  return {
    arn: secret.arn,
    name: secret.name,
    versions: page,
    nextToken: more ? encodeOffset(start + size) : undefined,
  };
}
