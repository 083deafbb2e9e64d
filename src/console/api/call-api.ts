import type { IncomingMessage } from 'node:http';
import type { Principal, RequestContext } from '../../app/context.js';
import type { ApiCall } from '../../audit/api-call.js';
import { Errors, ServiceError } from '../../domain/errors.js';
import { ConsoleErrors } from '../console-errors.js';
import type { ConsoleDeps } from '../deps.js';
import { headerOf, sourceIpOf } from '../http-headers.js';
import type { ConsoleService, ErrorAnswer } from './services.js';

const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d+$/;

export type CallResult = { status: number; body: string; requestId: string };

type CallRequest = { service: ConsoleService; operation: string; input: Record<string, unknown>; region: string };

function parseCall(d: ConsoleDeps, body: Record<string, unknown>): CallRequest {
  const service = (body.service ?? 'secretsmanager') as ConsoleService;
  const operation = body.operation;
  const input = body.input ?? {};
  const region = body.region ?? 'us-east-1';
  if (typeof operation !== 'string') throw ConsoleErrors.badRequest('operation must be a string.');
  if (typeof region !== 'string' || !REGION_RE.test(region))
    throw ConsoleErrors.badRequest('region is not a region name.');
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw ConsoleErrors.badRequest('input must be a JSON object.');
  }
  if (!Object.hasOwn(d.services, service) || !d.services[service]?.operations.has(operation)) {
    throw ConsoleErrors.operationNotOffered(String(service), operation);
  }
  return { service, operation, input: input as Record<string, unknown>, region };
}

const jsonErrorOf = (e: unknown): ErrorAnswer => {
  const se = e instanceof ServiceError ? e : Errors.internal();
  return { status: se.status, code: se.code, message: se.message };
};

/** The answer for the browser: the AWS code and message, never a stack or a value. */
function errorAnswer(
  e: unknown,
  requestId: string,
  errorOf: (e: unknown) => ErrorAnswer,
): { status: number; body: string; error: ApiCall['error'] } {
  const { status, code, message } = errorOf(e);
  return { status, body: JSON.stringify({ code, message, requestId }), error: { code, message } };
}

/**
 * One console action: the AWS operation by name, as the session's principal, through the same
 * dispatcher as the AWS endpoint, recorded in the audit trail before the answer leaves (and
 * refused if it cannot be recorded, as the endpoint does).
 */
export async function callOperation(
  d: ConsoleDeps,
  req: IncomingMessage,
  principal: Principal,
  body: Record<string, unknown>,
): Promise<CallResult> {
  const c = parseCall(d, body);
  const invoker = d.services[c.service]!;
  const requestId = d.ids.requestId();
  const userAgent = `strongroom-console ${headerOf(req, 'user-agent') ?? ''}`.trim();
  const prepared = invoker.prepare(c.operation, c.input);
  const ctx: RequestContext = {
    principal,
    region: c.region,
    requestId,
    sourceIp: sourceIpOf(req),
    userAgent,
    secureTransport: d.secure,
    now: d.clock.now(),
  };
  const call: ApiCall = {
    requestId,
    eventSource: invoker.eventSource,
    operation: c.operation,
    sourceIp: ctx.sourceIp,
    userAgent,
    caller: principal,
    region: c.region,
    requestBody: prepared.requestBody,
  };
  let status = 200;
  let answer: string;
  try {
    const out = await prepared.run(ctx);
    call.responseBody = out.auditResponse;
    answer = out.body;
  } catch (e) {
    if (!(e instanceof ServiceError)) {
      d.log.error('console call failed', {
        requestId,
        operation: c.operation,
        error: e instanceof Error ? e.message : String(e),
      });
    }
    const failed = errorAnswer(e, requestId, invoker.errorOf ?? jsonErrorOf);
    ({ status, body: answer } = failed);
    call.error = failed.error;
  }
  if (d.audit) {
    try {
      await d.audit(call);
    } catch (e) {
      d.log.error('audit write failed: console request refused', {
        requestId,
        error: e instanceof Error ? e.message : String(e),
      });
      ({ status, body: answer } = errorAnswer(Errors.internal(), requestId, invoker.errorOf ?? jsonErrorOf));
    }
  }
  return { status, body: answer, requestId };
}
