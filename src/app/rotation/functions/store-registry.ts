import { ServiceError } from '../../../domain/errors.js';
import type { SecretRecord } from '../../../domain/secret.js';
import type { RotationFunctionRecord, RotationStore } from '../../../storage/rotation-ports.js';
import type { EventSink } from '../../events.js';
import { LAMBDA_SERVICE } from '../../iam/execution-role.js';
import { createHandlerRotator, type FunctionEnvironment } from './handler-process.js';
import {
  BUILTIN_TIMEOUT_MS,
  canonicalLambdaArn,
  type FunctionRegistry,
  isBuiltinFunction,
  type OpenedFunction,
  openBuiltin,
  parseLambdaArn,
} from './registry.js';
import { createWebhookRotator } from './webhook.js';

/** A session of an execution role, as STS's AssumeRole answers it. */
export type ExecutionSession = Pick<FunctionEnvironment, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'> & {
  /** Epoch milliseconds. */
  expiration: number;
  /** "<role id>:<session name>" */
  assumedRoleId: string;
  /** arn:aws:sts::<account>:assumed-role/<role>/<session name> */
  arn: string;
};

export type RegistryDeps = {
  store: Pick<RotationStore, 'findRotationFunction'>;
  /** The webhook's HMAC key, unsealed. */
  signingKey(f: RotationFunctionRecord): Buffer;
  /**
   * A session of a handler function's execution role, as Lambda assumes it (app/iam/execution-role.ts):
   * rejects with AccessDeniedException when the role is gone or does not trust lambda.amazonaws.com.
   */
  executionRole(f: RotationFunctionRecord & { roleArn: string }, durationSeconds: number): Promise<ExecutionSession>;
  /** The audit trail: each assume is recorded (sts AssumeRole by Lambda) before the function runs. */
  events: Pick<EventSink, 'assumedRole'>;
  now(): number;
  /** This server's URL as functions must call it (known once it listens). */
  endpointUrl(): string;
  shutdown: AbortSignal;
};

/** Built-ins by name, registered functions from the store (read per use: the CLI may add some). */
export function createFunctionRegistry(d: RegistryDeps): FunctionRegistry {
  return {
    async resolve(given, scope) {
      const arn = canonicalLambdaArn(given, scope);
      const parsed = arn === undefined ? undefined : parseLambdaArn(arn);
      if (!arn || !parsed) return undefined;
      if (isBuiltinFunction(parsed.name)) return arn;
      return (await d.store.findRotationFunction(arn)) ? arn : undefined;
    },
    async open(arn, secret, api) {
      const parsed = parseLambdaArn(arn);
      if (!parsed) return undefined;
      if (isBuiltinFunction(parsed.name)) {
        const rotator = await openBuiltin(parsed.name, api());
        return rotator && { arn, rotator, timeoutMs: BUILTIN_TIMEOUT_MS };
      }
      const f = await d.store.findRotationFunction(arn);
      return f && openRegistered(d, f, secret);
    },
  };
}

function openRegistered(d: RegistryDeps, f: RotationFunctionRecord, secret: SecretRecord): OpenedFunction | undefined {
  if (f.kind === 'webhook') {
    if (!f.sealedSigningKey) return undefined;
    const rotator = createWebhookRotator({
      url: f.target,
      arn: f.arn,
      signingKey: d.signingKey(f),
      timeoutMs: f.timeoutMs,
      shutdown: d.shutdown,
    });
    return { arn: f.arn, rotator, timeoutMs: f.timeoutMs };
  }
  const rotator = createHandlerRotator({
    runtime: f.kind,
    arn: f.arn,
    name: f.name,
    file: f.target,
    handler: f.handler ?? (f.kind === 'node' ? 'handler' : 'lambda_handler'),
    timeoutMs: f.timeoutMs,
    shutdown: d.shutdown,
    // The function calls the secret's region, as a Lambda in that region would.
    environment: async () => ({
      endpointUrl: d.endpointUrl(),
      region: secret.region,
      ...(await invocationCredentials(d, f)),
    }),
  });
  return { arn: f.arn, rotator, timeoutMs: f.timeoutMs };
}

/**
 * How long an invocation's credentials last: the step's timeout (the process is killed then)
 * plus a margin for starting it and for clocks of other nodes that may verify its requests.
 * Not more: credentials that outlive their process only serve whoever copied them.
 */
export const sessionSeconds = (timeoutMs: number): number => Math.ceil(timeoutMs / 1000) + 30;

class ExecutionRoleError extends Error {
  override readonly name = 'ExecutionRoleError';
}

class AuditWriteError extends Error {
  override readonly name = 'AuditWriteError';
}

/**
 * Fresh credentials for each invocation, as Lambda gives each execution environment. The assume
 * is recorded in the audit trail before the credentials reach the function, fail closed like every
 * audit write: without a durable record the step fails and the session is never handed out.
 */
async function invocationCredentials(d: RegistryDeps, f: RotationFunctionRecord) {
  const roleArn = f.roleArn;
  if (!roleArn) {
    // Registered before execution roles existed: its administrator key was deleted (migration 7).
    throw new ExecutionRoleError(
      `${f.arn} has no execution role: register it again with \`strongroom functions add ${f.name} --role <role ARN>\``,
    );
  }
  let s: ExecutionSession;
  try {
    s = await d.executionRole({ ...f, roleArn }, sessionSeconds(f.timeoutMs));
  } catch (e) {
    if (e instanceof ServiceError && e.code === 'AccessDeniedException') {
      throw new ExecutionRoleError(
        `Lambda cannot assume the execution role ${roleArn}: it does not exist or its trust policy does not allow lambda.amazonaws.com`,
      );
    }
    throw e;
  }
  await recordAssumedRole(d, f, roleArn, s);
  return { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, sessionToken: s.sessionToken };
}

/** The AssumeRole record of this invocation's session: its key id, never its secret or token. */
async function recordAssumedRole(d: RegistryDeps, f: RotationFunctionRecord, roleArn: string, s: ExecutionSession) {
  const failed = `the audit record of Lambda assuming the execution role ${roleArn} could not be written`;
  if (!d.events.assumedRole) throw new AuditWriteError(failed);
  try {
    await d.events.assumedRole({
      invokedBy: LAMBDA_SERVICE,
      roleArn,
      roleSessionName: f.name,
      region: f.region,
      accessKeyId: s.accessKeyId,
      expiration: s.expiration,
      assumedRoleId: s.assumedRoleId,
      assumedRoleArn: s.arn,
      at: d.now(),
    });
  } catch {
    // The sink logged the cause; the session goes unused and expires with the step's timeout.
    throw new AuditWriteError(failed);
  }
}
