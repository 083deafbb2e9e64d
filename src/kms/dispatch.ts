import type { KmsDeps } from '../app/kms/deps.js';
import { Errors, ServiceError } from '../domain/errors.js';
import { decodeInput } from '../protocol/decode.js';
import type { Dispatch } from '../protocol/dispatch.js';
import { KMS_OPERATIONS } from './model.js';
import { KMS_HANDLERS } from './operations.js';

/** X-Amz-Target prefix of KMS (botocore kms 2014-11-01 metadata: targetPrefix TrentService). */
export const KMS_TARGET_PREFIX = 'TrentService.';
const ACCEPTED_TYPES = ['application/x-amz-json-1.1', 'application/x-amz-json-1.0'];

/** TrentService.<Op> → decode (the KMS model, same Coral wording) → use case → JSON body. */
export function createKmsDispatcher(d: KmsDeps): Dispatch {
  return async (ctx, target, contentType, body) => {
    const type = contentType?.split(';')[0]?.trim().toLowerCase();
    if (!type || !ACCEPTED_TYPES.includes(type)) throw Errors.unknownOperation();
    const name = target?.startsWith(KMS_TARGET_PREFIX) ? target.slice(KMS_TARGET_PREFIX.length) : '';
    const model = KMS_OPERATIONS[name];
    const handler = KMS_HANDLERS[name];
    if (!model || !handler) throw Errors.unknownOperation();
    return JSON.stringify(await handler(d, ctx, decodeInput(model, body)));
  };
}

/**
 * KMS's JSON error body: `__type` and a lower-case `message` (as recorded from AWS; the SDKs
 * read either case). Anything unexpected is KMSInternalException, details left in the log.
 */
export function kmsErrorBody(e: unknown): { status: number; body: string; code: string } {
  if (!(e instanceof ServiceError)) {
    const code = 'KMSInternalException';
    return { status: 500, body: JSON.stringify({ __type: code, message: 'An internal error occurred.' }), code };
  }
  const payload: Record<string, string> = { __type: e.code };
  if (e.message) payload.message = e.message;
  return { status: e.status, body: JSON.stringify(payload), code: e.code };
}
