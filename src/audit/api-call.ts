import type { ServiceShapes } from './model-shapes.js';
import {
  type CloudTrailRecord,
  EVENT_VERSION,
  eventTimeOf,
  isReadOnly,
  type RecordResource,
  SECRET_RESOURCE_TYPE,
  SECRETS_MANAGER_SOURCE,
} from './record.js';
import { cloudTrailParameters } from './redact.js';
import { type Caller, userIdentityOf } from './user-identity.js';

export type { Caller } from './user-identity.js';

/** One API request as the edge saw it; built by http/aws-endpoint.ts, recorded before the response. */
export type ApiCall = {
  requestId: string;
  eventSource: string;
  /** The operation named by X-Amz-Target (without the service prefix); '' when there was none. */
  operation: string;
  sourceIp: string;
  userAgent?: string;
  /** The Authorization header, read for the claimed key and region when authentication failed. */
  authorization?: string;
  /** The verified caller and region; absent when authentication failed. */
  caller?: Caller;
  region?: string;
  requestBody?: Uint8Array;
  /** The response body of a successful call. */
  responseBody?: string;
  error?: { code: string; message: string };
};

const CREDENTIAL = /Credential=([A-Za-z0-9]{1,128})\/\d{8}\/([a-z0-9-]{1,32})\//;

function parseJson(bytes: Uint8Array | string | undefined): unknown {
  if (bytes === undefined || bytes.length === 0) return undefined;
  try {
    const text =
      typeof bytes === 'string'
        ? bytes
        : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Query-protocol requests (IAM, STS) are form-encoded: their parameters, minus Action and Version,
 * become a flat object (no model here: the denylist hides passwords and keys).
 */
function parseRequest(bytes: Uint8Array | undefined): unknown {
  const json = parseJson(bytes);
  if (json !== undefined || bytes === undefined || bytes.length === 0) return json;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (!/^[\w.%+-]+=/.test(text)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(text)) if (k !== 'Action' && k !== 'Version') out[k] = v;
  return out;
}

/**
 * A read's response only lends its ARN to the record; our responses put it first, so it is read
 * without parsing what can be a 64 KB value (anything else falls back to a full parse).
 */
export const LEADING_ARN = /^\{"ARN":("(?:[^"\\]|\\.)*")/;

function arnOfRead(body: string | undefined): unknown {
  const m = body ? LEADING_ARN.exec(body) : null;
  return m ? { ARN: JSON.parse(m[1]!) } : parseJson(body);
}

const stringField = (o: unknown, key: string): string | undefined => {
  const v = (o as Record<string, unknown> | undefined)?.[key];
  return typeof v === 'string' ? v : undefined;
};

/** The secret an operation acted on, as CloudTrail's `resources` lists it (Secrets Manager only). */
function secretResources(
  call: ApiCall,
  request: unknown,
  response: unknown,
  resolved?: string,
): RecordResource[] | undefined {
  if (call.eventSource !== SECRETS_MANAGER_SOURCE) return undefined;
  const arn = stringField(response, 'ARN') ?? resolved ?? stringField(request, 'SecretId');
  const m = arn ? /^arn:[a-z-]+:secretsmanager:[a-z0-9-]*:(\d{12}):secret:/.exec(arn) : null;
  return arn && m ? [{ accountId: m[1]!, type: SECRET_RESOURCE_TYPE, ARN: arn }] : undefined;
}

/**
 * The SecretId of a successful change to a secret whose response names no ARN (TagResource,
 * UntagResource): the caller resolves it, so responseElements.arn is there for every change.
 */
export function secretIdNeedingArn(call: ApiCall): string | undefined {
  if (call.error || call.eventSource !== SECRETS_MANAGER_SOURCE || isReadOnly(call.operation)) return undefined;
  if (stringField(parseJson(call.responseBody), 'ARN') !== undefined) return undefined;
  return stringField(parseJson(call.requestBody), 'SecretId');
}

/**
 * BatchGetSecretValue is also recorded as one GetSecretValue per secret it returned (as CloudTrail
 * does): the calls to record besides the batch itself, values left out.
 */
export function batchMemberCalls(call: ApiCall): ApiCall[] {
  if (call.error || call.eventSource !== SECRETS_MANAGER_SOURCE || call.operation !== 'BatchGetSecretValue') return [];
  const values = (parseJson(call.responseBody) as { SecretValues?: { ARN?: unknown }[] } | undefined)?.SecretValues;
  if (!Array.isArray(values)) return [];
  return values
    .map((v) => v.ARN)
    .filter((arn): arn is string => typeof arn === 'string')
    .map((arn) => ({
      ...call,
      operation: 'GetSecretValue',
      requestBody: Buffer.from(JSON.stringify({ SecretId: arn })),
      responseBody: JSON.stringify({ ARN: arn }),
    }));
}

/** Signature errors quote the canonical request (signed headers, maybe a session token): cut it. */
const safeMessage = (message: string): string => message.split('\n\n')[0] ?? '';

/**
 * The CloudTrail record of one API call. Read-only calls have no responseElements (CloudTrail
 * writes them for changes only), so a GetSecretValue response is never copied anywhere.
 */
export function apiCallRecord(
  call: ApiCall,
  shapes: ServiceShapes | undefined,
  eventId: string,
  now: number,
  /** The secret's ARN when the response does not carry it (see secretIdNeedingArn). */
  secretArn?: string,
): CloudTrailRecord {
  const claimed = call.caller ? undefined : CREDENTIAL.exec(call.authorization ?? '');
  const readOnly = isReadOnly(call.operation);
  const op = shapes?.(call.operation);
  const request = parseRequest(call.requestBody);
  const response = call.error ? undefined : readOnly ? arnOfRead(call.responseBody) : parseJson(call.responseBody);
  const resources = secretResources(call, request, response, secretArn);
  const elements = readOnly || call.error ? null : cloudTrailParameters(response, op?.output);
  const account = call.caller?.accountId;
  return {
    eventVersion: EVENT_VERSION,
    userIdentity: userIdentityOf(call.caller, claimed?.[1]),
    eventTime: eventTimeOf(now),
    eventSource: call.eventSource,
    eventName: call.operation,
    awsRegion: call.region ?? claimed?.[2] ?? '',
    sourceIPAddress: call.sourceIp.replace(/^::ffff:/, ''),
    userAgent: (call.userAgent ?? '').slice(0, 1024),
    ...(call.error && { errorCode: call.error.code, errorMessage: safeMessage(call.error.message) }),
    requestParameters: cloudTrailParameters(request, op?.input),
    responseElements: elements && secretArn && !('arn' in elements) ? { arn: secretArn, ...elements } : elements,
    requestID: call.requestId,
    eventID: eventId,
    readOnly,
    ...(resources && { resources }),
    eventType: 'AwsApiCall',
    managementEvent: true,
    ...(account !== undefined && { recipientAccountId: account }),
    eventCategory: 'Management',
  };
}
