import { Errors, ServiceError } from '../../domain/errors.js';
import type { FilterInput } from '../../domain/list-filters.js';
import type { RequestContext } from '../context.js';
import type { SecretsDeps } from './deps.js';
import { getSecretValue, type SecretValueResult } from './get-secret-value.js';
import { type Filter, listSecrets } from './list-secrets.js';

export type BatchGetQuery = {
  secretIdList?: string[];
  filters?: FilterInput[];
  maxResults?: number;
  nextToken?: string;
};

/** One secret the batch could not return: the SecretId as asked (or the ARN found by a filter). */
export type BatchGetError = { secretId: string; errorCode: string; message: string };

export type BatchGetResult = { values: SecretValueResult[]; errors: BatchGetError[]; nextToken?: string };

/** The model caps MaxResults at 20; AWS does not document the default, so a full page it is. */
const DEFAULT_FILTER_PAGE = 20;

/**
 * Up to 20 AWSCURRENT values, named by SecretIdList or chosen by Filters (a ListSecrets page).
 * Authorization as AWS documents it: BatchGetSecretValue on '*', ListSecrets too when filters
 * are used, and GetSecretValue on each secret. Each secret is read through getSecretValue, so it
 * is authorized, checked for deletion, decrypted and marked accessed exactly as a single read;
 * a secret that fails (missing, deleted, no value, denied) becomes an `Errors` entry and the
 * call still succeeds.
 */
export async function batchGetSecretValue(
  d: SecretsDeps,
  ctx: RequestContext,
  q: BatchGetQuery,
): Promise<BatchGetResult> {
  if ((q.secretIdList === undefined) === (q.filters === undefined)) throw Errors.batchIdsOrFilters();
  if (q.maxResults !== undefined && q.filters === undefined) throw Errors.batchMaxResultsNeedsFilters();
  await d.authorize(ctx, { action: 'secretsmanager:BatchGetSecretValue', resource: '*' });

  if (q.secretIdList !== undefined) return readEach(d, ctx, q.secretIdList);
  const page = await listSecrets(d, ctx, {
    filters: q.filters as Filter[],
    maxResults: q.maxResults ?? DEFAULT_FILTER_PAGE,
    nextToken: q.nextToken,
  });
  const result = await readEach(
    d,
    ctx,
    page.secrets.map((s) => s.arn),
  );
  // Secrets a filter picked but the caller may not read are left out silently: the caller did
  // not name them, and reporting them would list what they cannot see (issue 4, catalog §2.3).
  // Secrets named in a SecretIdList still get their Errors entry (statement 85).
  const errors = result.errors.filter((e) => e.errorCode !== 'AccessDeniedException');
  return { ...result, errors, nextToken: page.nextToken };
}

async function readEach(d: SecretsDeps, ctx: RequestContext, ids: readonly string[]): Promise<BatchGetResult> {
  const values: SecretValueResult[] = [];
  const errors: BatchGetError[] = [];
  for (const secretId of ids) {
    try {
      values.push(await getSecretValue(d, ctx, { secretId }));
    } catch (e) {
      // Only the service's own refusals are per-secret; anything else is a server fault.
      if (!(e instanceof ServiceError) || e.fault === 'server') throw e;
      errors.push({ secretId, errorCode: e.code, message: e.message });
    }
  }
  return { values, errors };
}
