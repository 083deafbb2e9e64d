import type { RequestContext } from '../../app/context.js';
import type { AppServices } from '../../app/wire.js';

/** One operation: decoded input (already type- and constraint-checked) → JSON-ready output. */
export type OperationHandler = (
  app: AppServices,
  ctx: RequestContext,
  input: Input,
) => Promise<Record<string, unknown>>;

/** Inputs are decoded by the model-driven codec, so fields have the model's types. */
export type Input = Record<string, unknown>;

export type OperationDef = { name: string; handler: OperationHandler };

export const defineOperation = (name: string, handler: OperationHandler): OperationDef => ({ name, handler });

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
export const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
export const list = <T>(v: unknown): T[] | undefined => (Array.isArray(v) ? (v as T[]) : undefined);

/** Epoch milliseconds → the epoch seconds (with millisecond fraction) AWS JSON carries. */
export const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000);
