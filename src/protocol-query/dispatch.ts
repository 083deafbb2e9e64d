import type { RequestContext } from '../app/context.js';
import type { IamServices } from '../app/iam/wire.js';
import { Errors } from '../domain/errors.js';
import { decodeInput, parseForm } from './decode.js';
import type { QueryOperations } from './define.js';
import { encodeResponse } from './encode-xml.js';
import type { QueryServiceModel } from './shapes.js';

/**
 * A query-protocol service: `POST /` with a form body naming `Action` (and `Version`), answered
 * in XML. The operation table is keyed by Action; anything else is InvalidAction, as AWS answers.
 */
export type QueryDispatch = (
  ctx: RequestContext,
  target: string | undefined,
  contentType: string | undefined,
  body: Uint8Array,
) => Promise<string>;

const FORM = 'application/x-www-form-urlencoded';

/** The Action a request names (for the audit trail's event name); '' when there is none. */
export const actionOf = (body: Uint8Array): string => parseForm(body).get('Action') ?? '';

export function createQueryDispatch(model: QueryServiceModel, ops: QueryOperations, app: IamServices): QueryDispatch {
  return async (ctx, _target, contentType, body) => {
    const type = contentType?.split(';')[0]?.trim().toLowerCase();
    const fields = type === FORM ? parseForm(body) : new Map<string, string>();
    const action = fields.get('Action') ?? '';
    const handler = Object.hasOwn(ops, action) ? ops[action] : undefined;
    const op = model.operations[action];
    if (!handler || !op) throw Errors.invalidAction(action, fields.get('Version') ?? model.apiVersion);
    const input = decodeInput(model, op.input, fields);
    const output = await handler(app, ctx, input);
    return encodeResponse(model, action, output, ctx.requestId);
  };
}
