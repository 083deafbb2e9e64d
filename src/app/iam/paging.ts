import { Errors } from '../../domain/errors.js';

/**
 * IAM's Marker/MaxItems paging over a list already in its final order: the marker is the
 * opaque position after the last item returned, present (with IsTruncated) only when more follow.
 */
export type Page<T> = { items: T[]; isTruncated: boolean; marker?: string };

export const DEFAULT_MAX_ITEMS = 100;

export function page<T>(all: readonly T[], marker: string | undefined, maxItems = DEFAULT_MAX_ITEMS): Page<T> {
  const start = marker === undefined ? 0 : positionOf(marker);
  if (start > all.length) throw Errors.iamValidation('Invalid Marker.');
  const items = all.slice(start, start + maxItems);
  const end = start + items.length;
  if (end >= all.length) return { items, isTruncated: false };
  return { items, isTruncated: true, marker: Buffer.from(`p:${end}`).toString('base64url') };
}

function positionOf(marker: string): number {
  const m = /^p:(\d+)$/.exec(Buffer.from(marker, 'base64url').toString('utf8'));
  if (!m) throw Errors.iamValidation('Invalid Marker.');
  return Number(m[1]);
}
