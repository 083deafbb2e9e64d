import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseRoleArn } from '../app/iam/names.js';
import { formatLambdaArn, isBuiltinFunction } from '../app/rotation/functions/registry.js';
import { sealSigningKey } from '../app/rotation/functions/signing-key.js';
import type { Store } from '../storage/ports.js';
import type { RotationFunctionKind, RotationFunctionRecord } from '../storage/rotation-ports.js';

export type FunctionSpec = {
  name: string;
  kind: RotationFunctionKind;
  /** Webhook URL or handler file. */
  target: string;
  handler?: string;
  timeoutMs: number;
  accountId: string;
  region: string;
  /** Webhooks: the HMAC key to use instead of a random one. */
  signingKey?: Buffer;
  /** Handler files: the execution role (required, as Lambda requires one). */
  roleArn?: string;
};

export type Registered = { arn: string; signingKey?: Buffer; roleArn?: string };

/**
 * Whether Lambda may assume the role for this function (it exists and its trust policy allows
 * lambda.amazonaws.com): rejects otherwise. The CLI passes the IAM use case.
 */
export type RoleCheck = (roleArn: string, functionArn: string, spec: FunctionSpec) => Promise<void>;

const NAME_RE = /^[A-Za-z0-9_-]{1,64}$/;
const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d+$/;

function check(spec: FunctionSpec): void {
  if (!NAME_RE.test(spec.name)) throw new Error(`invalid function name ${spec.name}: 1-64 letters, digits, - or _`);
  if (isBuiltinFunction(spec.name)) throw new Error(`${spec.name} is a built-in rotator: it needs no registration`);
  if (!/^\d{12}$/.test(spec.accountId)) throw new Error(`invalid account ${spec.accountId}: 12 digits`);
  if (!REGION_RE.test(spec.region)) throw new Error(`invalid region ${spec.region}`);
  if (!Number.isInteger(spec.timeoutMs) || spec.timeoutMs < 1000 || spec.timeoutMs > 900_000) {
    throw new Error('the timeout must be 1 to 900 seconds (Lambda limits)');
  }
  if (spec.kind === 'webhook') {
    const url = URL.canParse(spec.target) ? new URL(spec.target) : undefined;
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
      throw new Error(`invalid webhook URL ${spec.target}`);
    if (spec.roleArn !== undefined)
      throw new Error('--role is for handler files: a webhook calls with credentials of its own');
  } else if (!existsSync(spec.target)) {
    throw new Error(`no handler file at ${spec.target}`);
  }
}

/** Lambda's own rules for an execution role: required, a role ARN, in the function's account. */
function checkRoleArn(spec: FunctionSpec): string {
  if (spec.roleArn === undefined) {
    throw new Error(
      'a handler function needs an execution role, as a Lambda does: --role arn:aws:iam::<account>:role/<name> (a role whose trust policy allows lambda.amazonaws.com)',
    );
  }
  const role = parseRoleArn(spec.roleArn);
  if (!role) throw new Error(`invalid role ARN ${spec.roleArn}: arn:aws:iam::<account>:role/<name>`);
  if (role.accountId !== spec.accountId) {
    throw new Error(
      `Cross-account pass role is not allowed: the role must be in the function's account ${spec.accountId}`,
    );
  }
  return spec.roleArn;
}

/**
 * Registers a rotation function under arn:aws:lambda:<region>:<account>:function:<name>. A
 * webhook gets an HMAC signing key (returned once, stored sealed); a handler file gets its
 * execution role, which each invocation assumes afresh (app/iam/execution-role.ts), so that
 * the role's policies are what the function may do. The role is checked now as Lambda's
 * CreateFunction checks it, and again at every invocation.
 */
export async function registerFunction(
  store: Store,
  rootKey: Uint8Array,
  spec: FunctionSpec,
  now: number,
  checkRole?: RoleCheck,
): Promise<Registered> {
  const target = spec.kind === 'webhook' || isAbsolute(spec.target) ? spec.target : resolve(spec.target);
  check({ ...spec, target });
  const arn = formatLambdaArn(spec.region, spec.accountId, spec.name);
  if (await store.findRotationFunction(arn)) throw new Error(`${arn} is already registered: remove it first`);
  const record: RotationFunctionRecord = {
    arn,
    accountId: spec.accountId,
    region: spec.region,
    name: spec.name,
    kind: spec.kind,
    target,
    timeoutMs: spec.timeoutMs,
    createdAt: now,
  };
  if (spec.kind === 'webhook') {
    const signingKey = spec.signingKey ?? randomBytes(32);
    record.sealedSigningKey = sealSigningKey(rootKey, arn, signingKey);
    await store.insertRotationFunction(record);
    return { arn, signingKey };
  }
  record.handler = spec.handler ?? (spec.kind === 'node' ? 'handler' : 'lambda_handler');
  const roleArn = checkRoleArn(spec);
  if (!checkRole) throw new Error('a handler function can only be registered with a check of its execution role');
  await checkRole(roleArn, arn, spec);
  record.roleArn = roleArn;
  await store.insertRotationFunction(record);
  return { arn, roleArn };
}
