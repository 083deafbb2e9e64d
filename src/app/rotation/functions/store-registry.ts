import { ServiceError } from '../../../domain/errors.js';
import type { SecretRecord } from '../../../domain/secret.js';
import type { RotationFunctionRecord, RotationStore } from '../../../storage/rotation-ports.js';
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

export type RegistryDeps = {
  store: Pick<RotationStore, 'findRotationFunction'>;
  /** The webhook's HMAC key, unsealed. */
  signingKey(f: RotationFunctionRecord): Buffer;
  /**
   * A session of a handler function's execution role, as Lambda assumes it (app/iam/execution-role.ts):
   * rejects with AccessDeniedException when the role is gone or does not trust lambda.amazonaws.com.
   */
  executionRole(
    f: RotationFunctionRecord & { roleArn: string },
    durationSeconds: number,
  ): Promise<Pick<FunctionEnvironment, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>>;
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

/** Fresh credentials for each invocation, as Lambda gives each execution environment. */
async function invocationCredentials(d: RegistryDeps, f: RotationFunctionRecord) {
  const roleArn = f.roleArn;
  if (!roleArn) {
    // Registered before execution roles existed: its administrator key was deleted (migration 7).
    throw new ExecutionRoleError(
      `${f.arn} has no execution role: register it again with \`strongroom functions add ${f.name} --role <role ARN>\``,
    );
  }
  try {
    const s = await d.executionRole({ ...f, roleArn }, sessionSeconds(f.timeoutMs));
    return { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey, sessionToken: s.sessionToken };
  } catch (e) {
    if (e instanceof ServiceError && e.code === 'AccessDeniedException') {
      throw new ExecutionRoleError(
        `Lambda cannot assume the execution role ${roleArn}: it does not exist or its trust policy does not allow lambda.amazonaws.com`,
      );
    }
    throw e;
  }
}
