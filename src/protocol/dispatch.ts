import type { RequestContext } from '../app/context.js';
import type { Quotas } from '../app/quotas.js';
import type { AppServices } from '../app/wire.js';
import { Errors } from '../domain/errors.js';
import { decodeInput } from './decode.js';
import { loadModel, type OperationModel } from './model/load.js';
import { operations } from './operations/index.js';

const TARGET_PREFIX = 'secretsmanager.';
const ACCEPTED_TYPES = ['application/x-amz-json-1.1', 'application/x-amz-json-1.0'];

export type Dispatch = (
  ctx: RequestContext,
  target: string | undefined,
  contentType: string | undefined,
  body: Uint8Array,
) => Promise<string>;

/** Resolves the operation name from X-Amz-Target, or throws UnknownOperationException. */
export function operationName(target: string | undefined, contentType: string | undefined): string {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!type || !ACCEPTED_TYPES.includes(type)) throw Errors.unknownOperation();
  if (!target?.startsWith(TARGET_PREFIX)) throw Errors.unknownOperation();
  const name = target.slice(TARGET_PREFIX.length);
  if (!operations.has(name)) throw Errors.unknownOperation();
  return name;
}

/** X-Amz-Target → quotas (app/quotas.ts) → decode (model + overlay) → handler → JSON body. */
export function createDispatcher(app: AppServices, quotas?: Quotas): Dispatch {
  const model = loadModel();
  return async (ctx, target, contentType, body) => {
    const name = operationName(target, contentType);
    const op = operations.get(name)!;
    const admission = quotas?.admit(ctx, name);
    if (admission) await admission;
    const input = decodeInput(model.get(name) as OperationModel, body);
    const output = await op.handler(app, ctx, input);
    return JSON.stringify(output);
  };
}
