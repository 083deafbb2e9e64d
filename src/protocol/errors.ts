import { ServiceError } from '../domain/errors.js';

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

/**
 * The AWS JSON 1.1 error envelope: bare `__type` and `Message`, status 400 for client faults and
 * 500 for server faults. Anything that is not a ServiceError is an internal error whose details
 * stay in the log, never in the response.
 */
export function errorBody(e: unknown): { status: number; body: string; code: string } {
  const se =
    e instanceof ServiceError
      ? e
      : new ServiceError('InternalServiceError', 'An error occurred on the server side.', 500);
  const payload: Record<string, string> = { __type: se.code };
  if (se.message) payload.Message = se.message;
  return { status: se.status, body: JSON.stringify(payload), code: se.code };
}
