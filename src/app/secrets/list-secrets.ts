import { Errors } from '../../domain/errors.js';
import { stagesByVersion } from '../../domain/labels.js';
import { compileFilters, validateFilters } from '../../domain/list-filters.js';
import type { SecretRecord } from '../../domain/secret.js';
import type { SortBy } from '../../storage/ports.js';
import type { RequestContext } from '../context.js';
import type { SecretsDeps } from './deps.js';
import { labelMapOf } from './write-version.js';

export type Filter = { Key: string; Values: string[] };
export type ListSecretsQuery = {
  maxResults?: number;
  nextToken?: string;
  filters?: Filter[];
  sortOrder?: 'asc' | 'desc';
  sortBy?: SortBy;
  includePlannedDeletion?: boolean;
};
export type ListedSecret = SecretRecord & { versionStages?: Record<string, string[]> };
export type ListSecretsResult = { secrets: ListedSecret[]; nextToken?: string };

/** The longest scan one call makes before it returns a short page with a NextToken. */
const MAX_SCANNED = 5_000;

/**
 * Pages through the account's secrets in the requested order (created date by default),
 * applying the filters. The store hands out keyset pages, so the first page costs the same at
 * 1,000 and at 500,000 secrets; a `name` filter is pushed down as an index range.
 */
export async function listSecrets(
  d: SecretsDeps,
  ctx: RequestContext,
  q: ListSecretsQuery,
): Promise<ListSecretsResult> {
  await d.authorize(ctx, { action: 'secretsmanager:ListSecrets', resource: '*' });
  const match = compileFilters(validateFilters(q.filters));
  const want = q.maxResults ?? 100;
  const out: SecretRecord[] = [];
  let cursor = q.nextToken;
  let scanned = 0;
  const namePrefix = singleNamePrefix(q.filters);
  while (out.length < want && scanned < MAX_SCANNED) {
    let page: Awaited<ReturnType<typeof d.store.scanSecrets>>;
    try {
      page = await d.store.scanSecrets({
        accountId: ctx.principal.accountId,
        region: ctx.region,
        includeDeleted: q.includePlannedDeletion === true,
        sortBy: q.sortBy ?? 'created-date',
        descending: q.sortOrder === 'desc',
        after: cursor,
        limit: want - out.length,
        namePrefix,
      });
    } catch (e) {
      if (e instanceof Error && e.message === 'invalid cursor') throw Errors.invalidNextToken();
      throw e;
    }
    scanned += page.secrets.length;
    for (const s of page.secrets) if (match(s)) out.push(s);
    cursor = page.cursor;
    if (!cursor) break;
  }
  const secrets = await Promise.all(
    out.map(async (s) => {
      const stages = stagesByVersion(labelMapOf(await d.store.listVersions(s.id)));
      return { ...s, versionStages: stages.size ? Object.fromEntries(stages) : undefined };
    }),
  );
  return { secrets, nextToken: cursor };
}

/** A lone positive `name` filter value is an index range; anything else is filtered in memory. */
function singleNamePrefix(filters: Filter[] | undefined): string | undefined {
  const names = (filters ?? []).filter((f) => f.Key === 'name');
  if (names.length !== 1) return undefined;
  const values = names[0]!.Values;
  if (values.length !== 1 || values[0]!.startsWith('!')) return undefined;
  return values[0];
}
