import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { formatLambdaArn, isBuiltinFunction } from '../app/rotation/functions/registry.js';
import { sealSigningKey } from '../app/rotation/functions/signing-key.js';
import { newAccessKeyId, newSecretAccessKey, sealSecretKey } from '../auth/access-keys.js';
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
};

export type Registered = { arn: string; signingKey?: Buffer; accessKeyId?: string };

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
  } else if (!existsSync(spec.target)) {
    throw new Error(`no handler file at ${spec.target}`);
  }
}

/**
 * Registers a rotation function under arn:aws:lambda:<region>:<account>:function:<name>. A
 * webhook gets an HMAC signing key (returned once, stored sealed); a handler file gets its own
 * access key, stored sealed like the administrator's, which it runs with.
 *
 * Until policies land, the function's key is an administrator key (serverPrincipal grants
 * isAdmin to the user name "admin"); the IAM work replaces it with short-lived role credentials.
 */
export async function registerFunction(
  store: Store,
  rootKey: Uint8Array,
  spec: FunctionSpec,
  now: number,
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
  const accessKeyId = newAccessKeyId();
  record.accessKeyId = accessKeyId;
  await store.insertRotationFunction(record, {
    accessKeyId,
    accountId: spec.accountId,
    principalArn: `arn:aws:iam::${spec.accountId}:role/strongroom-rotation-${spec.name}`,
    userName: 'admin',
    sealedSecret: sealSecretKey(rootKey, accessKeyId, newSecretAccessKey()),
    status: 'Active',
    createdAt: now,
  });
  return { arn, accessKeyId };
}
