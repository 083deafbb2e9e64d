import { timingSafeEqual } from 'node:crypto';
import type { EncryptionContext } from '../../crypto/envelope.js';
import { open, seal } from '../../crypto/envelope.js';
import { Errors } from '../../domain/errors.js';
import type { SecretRecord, ValueKind, VersionRecord } from '../../domain/secret.js';
import type { Sensitive } from '../../lib/sensitive.js';
import type { SecretsDeps } from './deps.js';

/** A value as the API carries it: exactly one of a string or bytes. */
export type SecretValueInput = { string?: Sensitive<string>; binary?: Sensitive<Uint8Array> };

export type PlainValue = { kind: ValueKind; bytes: Buffer };

/** Returns undefined when no value was given; throws when both were. */
export function plainValue(v: SecretValueInput): PlainValue | undefined {
  if (v.string !== undefined && v.binary !== undefined) throw Errors.bothValues();
  if (v.string !== undefined) return { kind: 'string', bytes: Buffer.from(v.string.reveal(), 'utf8') };
  if (v.binary !== undefined) return { kind: 'binary', bytes: Buffer.from(v.binary.reveal()) };
  return undefined;
}

const contextFor = (secret: SecretRecord, versionId: string): EncryptionContext => ({
  SecretARN: secret.arn,
  SecretVersionId: versionId,
});

/** KmsKeyIds as AWS reports them for versions under the default key. */
export const DEFAULT_KMS_KEY_IDS = ['DefaultEncryptionKey'];

export async function sealValue(d: SecretsDeps, secret: SecretRecord, versionId: string, value: PlainValue) {
  const key = await d.keyring.defaultKey(secret.accountId, secret.region);
  return seal(key, value.bytes, contextFor(secret, versionId));
}

/** Opens a version's value; the caller zeroes `bytes` when done with it. */
export async function openValue(d: SecretsDeps, secret: SecretRecord, version: VersionRecord): Promise<PlainValue> {
  if (!version.sealed || !version.kind) throw Errors.internal();
  try {
    const bytes = await open(d.keyring, version.sealed, contextFor(secret, version.versionId));
    return { kind: version.kind, bytes };
  } catch {
    throw new Error(`cannot open version ${version.versionId} of ${secret.arn}`);
  }
}

/** Idempotency compare of a resent ClientRequestToken: same kind and bytes, in constant time. */
export async function sameValue(d: SecretsDeps, secret: SecretRecord, version: VersionRecord, value: PlainValue) {
  const stored = await openValue(d, secret, version);
  try {
    return (
      stored.kind === value.kind &&
      stored.bytes.length === value.bytes.length &&
      timingSafeEqual(stored.bytes, value.bytes)
    );
  } finally {
    stored.bytes.fill(0);
  }
}
