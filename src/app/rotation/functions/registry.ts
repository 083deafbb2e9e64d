import type { SecretRecord } from '../../../domain/secret.js';
import type { RotationSecretsApi, Rotator } from '../rotator.js';

/** A rotation function ready to invoke for one secret. */
export type OpenedFunction = {
  arn: string;
  rotator: Rotator;
  /** Longest a step may take; the engine's lease covers it. */
  timeoutMs: number;
};

/**
 * Rotation functions by Lambda ARN: the built-ins (every account and region) and the functions
 * registered with `strongroom functions add`. Only this port decides whether a RotationLambdaARN
 * can be invoked: an unknown one is AWS's AccessDeniedException, and nothing changes.
 */
export type FunctionRegistry = {
  /** The canonical ARN for what RotateSecret was given (an ARN or a bare name), if invokable. */
  resolve(given: string, scope: { accountId: string; region: string }): Promise<string | undefined>;
  /** The function for a run on `secret`; `api` serves built-ins (bound to the rotation principal). */
  open(arn: string, secret: SecretRecord, api: () => RotationSecretsApi): Promise<OpenedFunction | undefined>;
};

export const BUILTIN_FUNCTION_NAMES = [
  'strongroom-postgres-single-user',
  'strongroom-postgres-alternating-users',
  'strongroom-mysql-single-user',
  'strongroom-mysql-alternating-users',
] as const;

const ARN_RE = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]{1,64})$/;
const NAME_RE = /^[A-Za-z0-9_-]{1,64}$/;

export type LambdaArn = { region: string; accountId: string; name: string };

export function parseLambdaArn(arn: string): LambdaArn | undefined {
  const m = ARN_RE.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}

export const formatLambdaArn = (region: string, accountId: string, name: string): string =>
  `arn:aws:lambda:${region}:${accountId}:function:${name}`;

/** A bare function name means the caller's account and region, as Lambda's Invoke reads it. */
export function canonicalLambdaArn(given: string, scope: { accountId: string; region: string }): string | undefined {
  if (parseLambdaArn(given)) return given;
  return NAME_RE.test(given) ? formatLambdaArn(scope.region, scope.accountId, given) : undefined;
}

export const isBuiltinFunction = (name: string): boolean =>
  (BUILTIN_FUNCTION_NAMES as readonly string[]).includes(name);

/** Default step timeout of built-ins: they bound their own database calls. */
export const BUILTIN_TIMEOUT_MS = 5 * 60_000;

/**
 * Built-ins are loaded on first use: the database drivers stay unloaded on servers that
 * never rotate a database secret.
 */
export async function openBuiltin(name: string, api: RotationSecretsApi): Promise<Rotator | undefined> {
  const { builtinRotator } = await import('../rotators/index.js');
  return builtinRotator(name, api);
}
