import type { IncomingMessage } from 'node:http';
import { BodyTooLarge, readBody } from '../../http/read-body.js';
import { ConsoleErrors } from '../console-errors.js';
import { headerOf } from '../http-headers.js';

/**
 * The JSON body of a console API POST. Requiring application/json also means a cross-site page
 * cannot send one without a CORS preflight, which this server never answers.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const type = headerOf(req, 'content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    req.resume();
    throw ConsoleErrors.notJson();
  }
  const raw = await readBody(req, limit).catch((e) => {
    throw e instanceof BodyTooLarge ? ConsoleErrors.tooLarge() : e;
  });
  let parsed: unknown;
  try {
    parsed = raw.length === 0 ? {} : JSON.parse(raw.toString('utf8'));
  } catch {
    throw ConsoleErrors.badRequest('The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw ConsoleErrors.badRequest('The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

export const stringField = (body: Record<string, unknown>, name: string, max: number): string => {
  const v = body[name];
  if (typeof v !== 'string' || v.length === 0 || v.length > max) {
    throw ConsoleErrors.badRequest(`${name} must be a string of 1 to ${max} characters.`);
  }
  return v;
};
