import { rawCall } from '../helpers/raw.js';
import type { Creds } from '../iam/helpers.js';

/**
 * KMS API calls for test setup, signed for `kms` as the SDKs send them (there is no KMS SDK
 * client in the repository; the AWS CLI is used where the CLI itself is under test).
 */
export type KmsReply = { status: number; json: Record<string, unknown> | undefined };

export async function kmsCall(
  endpoint: string,
  creds: Creds,
  operation: string,
  input: Record<string, unknown>,
  region = 'us-east-1',
): Promise<KmsReply> {
  const r = await rawCall(endpoint, operation, JSON.stringify(input), {
    creds,
    region,
    service: 'kms',
    target: `TrentService.${operation}`,
  });
  return { status: r.status, json: r.json };
}

/** A KMS call that must succeed; its JSON result. */
export async function kmsOk(
  endpoint: string,
  creds: Creds,
  operation: string,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const r = await kmsCall(endpoint, creds, operation, input);
  if (r.status !== 200) throw new Error(`${operation} failed: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json ?? {};
}

/** CreateKey (with `Policy` when given); the key's ARN and id. */
export async function newKey(endpoint: string, creds: Creds, policy?: unknown): Promise<{ arn: string; id: string }> {
  const input = policy === undefined ? {} : { Policy: JSON.stringify(policy) };
  const meta = (await kmsOk(endpoint, creds, 'CreateKey', input)).KeyMetadata as { Arn: string; KeyId: string };
  return { arn: meta.Arn, id: meta.KeyId };
}

export const putKeyPolicy = (endpoint: string, creds: Creds, keyId: string, policy: unknown) =>
  kmsOk(endpoint, creds, 'PutKeyPolicy', { KeyId: keyId, PolicyName: 'default', Policy: JSON.stringify(policy) });

/** A key policy statement allowing `principal` (an ARN or account id) `actions` on the key. */
export const keyStatement = (principal: string, actions: string | string[] = 'kms:*', extra = {}) => ({
  Effect: 'Allow',
  Principal: { AWS: principal },
  Action: actions,
  Resource: '*',
  ...extra,
});
