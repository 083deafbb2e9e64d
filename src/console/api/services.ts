import type { RequestContext } from '../../app/context.js';
import type { IamServices } from '../../app/iam/wire.js';
import { SECRETS_MANAGER_SOURCE } from '../../audit/record.js';
import { ServiceError } from '../../domain/errors.js';
import type { Dispatch } from '../../protocol/dispatch.js';
import { operations as secretsManagerOperations } from '../../protocol/operations/index.js';
import { decodeInput } from '../../protocol-query/decode.js';
import type { QueryOperations } from '../../protocol-query/define.js';
import { queryErrorBody } from '../../protocol-query/errors.js';
import { IAM_MODEL } from '../../protocol-query/model/iam-model.js';
import { accessKeyOperations } from '../../protocol-query/operations/iam-access-keys.js';
import { inlinePolicyOperations } from '../../protocol-query/operations/iam-inline-policies.js';
import { userOperations } from '../../protocol-query/operations/iam-users.js';

/**
 * The operations the console may call, per AWS service, and how each is invoked: through the very
 * dispatchers the AWS endpoint uses (same decoding, validation, authorization and errors). Only
 * what a screen needs is listed; anything else is refused before it reaches a service.
 */
export const CONSOLE_OPERATIONS = {
  secretsmanager: [
    'ListSecrets',
    'DescribeSecret',
    'GetSecretValue',
    'CreateSecret',
    'PutSecretValue',
    'UpdateSecret',
    'ListSecretVersionIds',
    'UpdateSecretVersionStage',
    'TagResource',
    'UntagResource',
    'GetResourcePolicy',
    'PutResourcePolicy',
    'DeleteResourcePolicy',
    'ValidateResourcePolicy',
    'DeleteSecret',
    'RestoreSecret',
    'GetRandomPassword',
    'RotateSecret',
    'CancelRotateSecret',
    'ReplicateSecretToRegions',
    'RemoveRegionsFromReplication',
    'StopReplicationToReplica',
  ],
  cloudtrail: ['LookupEvents'],
  // For the encryption key pickers.
  kms: ['ListAliases'],
  iam: [
    'ListUsers',
    'CreateUser',
    'DeleteUser',
    'ListAccessKeys',
    'CreateAccessKey',
    'UpdateAccessKey',
    'DeleteAccessKey',
    'ListUserPolicies',
    'GetUserPolicy',
    'PutUserPolicy',
    'DeleteUserPolicy',
  ],
} as const;

export type ConsoleService = keyof typeof CONSOLE_OPERATIONS;

/** One prepared call: the body the API would have received (the audit trail reads it), and the run. */
export type PreparedCall = {
  requestBody: Uint8Array;
  /** The answer for the browser as JSON text, and the response as the audit trail should see it. */
  run(ctx: RequestContext): Promise<{ body: string; auditResponse?: string }>;
};

/** An error as this service names it on the AWS endpoint. */
export type ErrorAnswer = { status: number; code: string; message: string };

export type ServiceInvoker = {
  eventSource: string;
  /** The console-allowed operations this server actually has. */
  operations: ReadonlySet<string>;
  prepare(operation: string, input: Record<string, unknown>): PreparedCall;
  /** The service's own names for errors (the query services rename some); JSON services need none. */
  errorOf?: (e: unknown) => ErrorAnswer;
};

const JSON_TYPE = 'application/x-amz-json-1.1';

/** A JSON 1.1 service (Secrets Manager, CloudTrail): the input is the body, the output is the answer. */
export function jsonInvoker(
  eventSource: string,
  targetPrefix: string,
  dispatch: Dispatch,
  offered: readonly string[],
  has: (op: string) => boolean,
): ServiceInvoker {
  return {
    eventSource,
    operations: new Set(offered.filter(has)),
    prepare(operation, input) {
      const requestBody = Buffer.from(JSON.stringify(input), 'utf8');
      return {
        requestBody,
        async run(ctx) {
          const body = await dispatch(ctx, `${targetPrefix}${operation}`, JSON_TYPE, requestBody);
          return { body, auditResponse: body };
        },
      };
    },
  };
}

export const secretsManagerInvoker = (dispatch: Dispatch): ServiceInvoker =>
  jsonInvoker(SECRETS_MANAGER_SOURCE, 'secretsmanager.', dispatch, CONSOLE_OPERATIONS.secretsmanager, (op) =>
    secretsManagerOperations.has(op),
  );

/** Flat form fields (`UserName`, `Tags.member.1.Key`) as the query protocol carries them. */
function formFields(action: string, input: Record<string, unknown>): Map<string, string> {
  const fields = new Map<string, string>([
    ['Action', action],
    ['Version', IAM_MODEL.apiVersion],
  ]);
  for (const [k, v] of Object.entries(input)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') fields.set(k, String(v));
  }
  return fields;
}

/**
 * IAM answers in XML on the AWS endpoint; the console wants JSON, so it runs the same operation
 * table behind the query dispatcher: same model decoding and constraint messages, same use cases.
 * Like the XML path, the audit trail gets no response elements (CreateAccessKey's secret is in it).
 */
export function iamInvoker(iam: IamServices): ServiceInvoker {
  const table: QueryOperations = { ...userOperations, ...accessKeyOperations, ...inlinePolicyOperations };
  const offered = CONSOLE_OPERATIONS.iam.filter((op) => Object.hasOwn(table, op) && IAM_MODEL.operations[op]);
  return {
    eventSource: 'iam.amazonaws.com',
    operations: new Set(offered),
    prepare(operation, input) {
      const fields = formFields(operation, input);
      return {
        requestBody: Buffer.from(new URLSearchParams([...fields]).toString(), 'utf8'),
        async run(ctx) {
          const decoded = decodeInput(IAM_MODEL, IAM_MODEL.operations[operation]!.input, fields);
          const output = await table[operation]!(iam, ctx, decoded);
          return { body: JSON.stringify(output ?? {}) };
        },
      };
    },
    errorOf(e) {
      // The XML envelope's code and status (AccessDeniedException → AccessDenied, 403), same message.
      const { status, code } = queryErrorBody(e, '', IAM_MODEL.xmlNamespace);
      const message =
        e instanceof ServiceError
          ? e.message
          : 'The request processing has failed because of an unknown error, exception or failure.';
      return { status, code, message };
    },
  };
}

/** KMS's target prefix (botocore kms 2014-11-01: TrentService). */
const KMS_TARGET_PREFIX = 'TrentService.';

/** KMS (key pickers only), with the route's own error envelope: `__type` and `message`. */
export function kmsInvoker(route: {
  dispatch: Dispatch;
  errorBody?: (e: unknown, requestId: string) => { status: number; code: string };
}): ServiceInvoker {
  const base = jsonInvoker('kms.amazonaws.com', KMS_TARGET_PREFIX, route.dispatch, CONSOLE_OPERATIONS.kms, () => true);
  const errorBody = route.errorBody;
  if (!errorBody) return base;
  return {
    ...base,
    errorOf(e) {
      const { status, code } = errorBody(e, '');
      return { status, code, message: e instanceof ServiceError ? e.message : 'An internal error occurred.' };
    },
  };
}
