import type { SecretRecord } from '../../../domain/secret.js';
import type { RotationFunctionRecord, RotationStore } from '../../../storage/rotation-ports.js';
import { createHandlerRotator } from './handler-process.js';
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
  /** The secret half of a handler function's access key. */
  secretAccessKey(accessKeyId: string): Promise<string | undefined>;
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
  const accessKeyId = f.accessKeyId;
  if (!accessKeyId) return undefined;
  const rotator = createHandlerRotator({
    runtime: f.kind,
    arn: f.arn,
    name: f.name,
    file: f.target,
    handler: f.handler ?? (f.kind === 'node' ? 'handler' : 'lambda_handler'),
    timeoutMs: f.timeoutMs,
    shutdown: d.shutdown,
    // The function calls the secret's region, as a Lambda in that region would.
    environment: async () => {
      const secretAccessKey = await d.secretAccessKey(accessKeyId);
      if (!secretAccessKey) throw new Error('the function has no active access key');
      return { endpointUrl: d.endpointUrl(), region: secret.region, accessKeyId, secretAccessKey };
    },
  });
  return { arn: f.arn, rotator, timeoutMs: f.timeoutMs };
}
