import type { RequestContext } from '../app/context.js';
import type { IamServices } from '../app/iam/wire.js';

/**
 * One query operation: maps the decoded input (model member names) to a use case and its result
 * back to the output shape's member names. No logic beyond that mapping.
 */
export type QueryOutput = Record<string, unknown> | undefined;
export type QueryHandler = (
  app: IamServices,
  ctx: RequestContext,
  input: Record<string, unknown>,
) => Promise<QueryOutput>;
export type QueryOperations = Record<string, QueryHandler>;

/** Identity as the handlers write it: the input shape's members, typed at the use site. */
export const defineOperations = <T extends QueryOperations>(ops: T): T => ops;

/** IAM returns policy documents URL-encoded (RFC 3986), as the SDKs and the CLI expect to decode. */
export const encodePolicy = (text: string): string => encodeURIComponent(text);

export type PageOut<T> = { items: T[]; isTruncated: boolean; marker?: string };
export const paged = <T>(p: PageOut<T>, name: string, map: (t: T) => unknown = (t) => t) => ({
  [name]: p.items.map(map),
  IsTruncated: p.isTruncated,
  Marker: p.marker,
});
