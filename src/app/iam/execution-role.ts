import { randomUUID } from 'node:crypto';
import { Errors } from '../../domain/errors.js';
import type { IamRoleRecord } from '../../storage/iam-ports.js';
import type { RequestContext } from '../context.js';
import { type AssumeRoleResult, assumeDenied, issueSession } from './assume-role.js';
import type { IamDeps } from './deps.js';
import { parseRoleArn } from './names.js';

/** The service principal a Lambda execution role's trust policy must allow, as on AWS. */
export const LAMBDA_SERVICE = 'lambda.amazonaws.com';

export type ExecutionRoleCommand = {
  /** arn:aws:iam::<account>:role/<path><name>, in the function's account. */
  roleArn: string;
  /** arn:aws:lambda:<region>:<account>:function:<name> */
  functionArn: string;
  functionName: string;
  accountId: string;
  region: string;
  durationSeconds: number;
  now: number;
};

/**
 * What Lambda does before it runs a function: assume the function's execution role as the
 * service principal lambda.amazonaws.com. The role's trust policy decides through the same
 * authorizer as sts:AssumeRole (a service principal has no identity policies: only a trust
 * statement naming {"Service": "lambda.amazonaws.com"} allows it), with the condition keys
 * aws:SourceAccount and aws:SourceArn naming the function. The session is named after the
 * function and carries its ARN (lambda:SourceFunctionArn); an unknown role is refused like an
 * untrusting one.
 */
export async function assumeExecutionRole(
  d: IamDeps,
  c: ExecutionRoleCommand,
): Promise<Omit<AssumeRoleResult, 'packedPolicySize' | 'sourceIdentity'>> {
  const role = await authorizeExecutionRole(d, c);
  return issueSession(d, role, {
    sessionName: c.functionName,
    durationSeconds: Math.min(c.durationSeconds, role.maxSessionDuration),
    now: c.now,
    sourceFunctionArn: c.functionArn,
  });
}

/** The role, if Lambda may assume it for this function; otherwise AWS's AccessDenied. */
export async function authorizeExecutionRole(d: IamDeps, c: Omit<ExecutionRoleCommand, 'durationSeconds'>) {
  const ctx = lambdaContext(c);
  await d.authorize(ctx, {
    action: 'sts:AssumeRole',
    resource: c.roleArn,
    conditions: {
      'sts:RoleSessionName': c.functionName,
      'aws:SourceAccount': c.accountId,
      'aws:SourceArn': c.functionArn,
    },
  });
  const target = parseRoleArn(c.roleArn);
  const role: IamRoleRecord | undefined = target && (await d.store.findRole(target.accountId, target.name));
  if (!role) throw Errors.accessDenied(assumeDenied(ctx, c.roleArn));
  return role;
}

const lambdaContext = (c: { accountId: string; region: string; now: number }): RequestContext => ({
  principal: {
    accountId: c.accountId,
    arn: LAMBDA_SERVICE,
    type: 'AWSService',
    userName: LAMBDA_SERVICE,
    accessKeyId: LAMBDA_SERVICE,
    isAdmin: false,
  },
  region: c.region,
  requestId: randomUUID(),
  sourceIp: LAMBDA_SERVICE,
  secureTransport: true,
  now: c.now,
});
