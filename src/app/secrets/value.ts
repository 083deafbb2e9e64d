import { timingSafeEqual } from 'node:crypto';
import {
  addWrap,
  type EncryptionContext,
  openWith,
  type ParsedEnvelope,
  parseEnvelope,
  seal,
  type Wrap,
} from '../../crypto/envelope.js';
import type { AccountKey, KmsPurpose } from '../../crypto/keyring.js';
import { Errors, ServiceError } from '../../domain/errors.js';
import type { SecretRecord, ValueKind, VersionRecord } from '../../domain/secret.js';
import type { Sensitive } from '../../lib/sensitive.js';
import { type KmsKeyRecord, kmsStoreOf } from '../../storage/kms-ports.js';
import type { RequestContext } from '../context.js';
import type { SecretsDeps } from './deps.js';
import { authorizeKeyUse, keyStateError, mayUseKey, type SecretKey, sealingKeyOf } from './kms-key.js';

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

/** The sealed value of a new version with the KmsKeyIds ListSecretVersionIds reports for it. */
export type SealedValue = { sealed: Uint8Array; kmsKeyIds: string[] };

/**
 * Seals under the secret's key now (GenerateDataKey): its customer key, or the default key.
 * `now` only decides whether a key past its deletion date reads as deleted or as pending
 * deletion; both are refused.
 */
export async function sealForSecret(
  d: SecretsDeps,
  secret: SecretRecord,
  versionId: string,
  value: PlainValue,
  now = 0,
): Promise<SealedValue> {
  return sealWith(d, await sealingKeyOf(d, secret, now), secret, versionId, value);
}

/** Seals under a key the request resolved already (sealingKeyOf / sealingKey): GenerateDataKey. */
export function sealWith(
  d: SecretsDeps,
  { key, kmsKeyIds }: SecretKey,
  secret: SecretRecord,
  versionId: string,
  value: PlainValue,
): SealedValue {
  d.keyring.usage.record('GenerateDataKey', key.keyId, 'secret-value');
  return { sealed: seal(key, value.bytes, contextFor(secret, versionId)), kmsKeyIds };
}

export async function sealValue(d: SecretsDeps, secret: SecretRecord, versionId: string, value: PlainValue) {
  return (await sealForSecret(d, secret, versionId, value)).sealed;
}

/** A key that can decrypt now, with its KMS metadata (none for the AWS managed key). */
type Opening = { key: AccountKey; record?: KmsKeyRecord };

/** A wrap's key if it can decrypt now, else the KMS refusal (disabled, pending deletion, deleted). */
async function usableKey(d: SecretsDeps, wrap: Wrap): Promise<Opening | ServiceError> {
  const key = await d.keyring.byId(wrap.keyId);
  if (!key) return Errors.kmsInvalidCiphertext();
  if (key.managed) return { key };
  const record = await kmsStoreOf(d.store).findKmsKey(key.keyId);
  if (!record) return Errors.kmsKeyNotFound(key.arn);
  return keyStateError(record) ?? { key, record };
}

/**
 * Finds a key that may open one of the envelope's wraps now, trying them in order (a version
 * re-wrapped after a key change has several). None usable → DecryptionFailure with the first
 * refusal, which names the key as KMS does.
 */
async function openingKey(d: SecretsDeps, env: ParsedEnvelope): Promise<[Opening, Wrap]> {
  let refusal: ServiceError | undefined;
  for (const wrap of env.wraps) {
    const opening = await usableKey(d, wrap);
    if (!(opening instanceof ServiceError)) return [opening, wrap];
    refusal ??= opening;
  }
  throw Errors.kmsDecryptionFailure(refusal ?? Errors.kmsInvalidCiphertext());
}

/**
 * Opens any sealed value of a secret (Decrypt). With `ctx`, the caller needs kms:Decrypt on a
 * customer key, from its key policy and, where that delegates or the caller is of another
 * account, its identity policies (statements 74 and 115). The caller zeroes the result.
 */
export async function openSealed(
  d: SecretsDeps,
  sealed: Uint8Array,
  context: EncryptionContext,
  purpose: KmsPurpose = 'secret-value',
  ctx?: RequestContext,
): Promise<Buffer> {
  const env = parseEnvelope(sealed);
  const [{ key, record }, wrap] = await openingKey(d, env);
  if (ctx && record) await authorizeKeyUse(d, ctx, record, 'kms:Decrypt', context);
  d.keyring.usage.record('Decrypt', key.keyId, purpose);
  return openWith(key, env, wrap, context);
}

/** Opens a version's value; the caller zeroes `bytes` when done with it. */
export async function openValue(
  d: SecretsDeps,
  secret: SecretRecord,
  version: VersionRecord,
  ctx?: RequestContext,
): Promise<PlainValue> {
  if (!version.sealed || !version.kind) throw Errors.internal();
  try {
    const bytes = await openSealed(d, version.sealed, contextFor(secret, version.versionId), 'secret-value', ctx);
    return { kind: version.kind, bytes };
  } catch (e) {
    if (e instanceof ServiceError) throw e;
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

const ROTATION_LABELS = ['AWSCURRENT', 'AWSPENDING', 'AWSPREVIOUS'];

export type Rewrapped = { versionId: string; sealed: Uint8Array; kind: ValueKind; kmsKeyIds: string[] };

/**
 * After a key change, adds a copy of the data key of each AWSCURRENT, AWSPENDING and
 * AWSPREVIOUS version wrapped by the new key (as the request resolved it), keeping the old
 * copies (so those versions open with either key: Decrypt under the old key, Encrypt under the new). Versions with only custom
 * labels stay under the old key; a version whose old key cannot decrypt now is left as it is.
 * With `ctx`, a caller without kms:Encrypt on the new key re-wraps nothing, and one without
 * kms:Decrypt on a version's old key leaves that version alone (AWS UpdateSecret), silently.
 */
export async function rewrapLabelled(
  d: SecretsDeps,
  secret: SecretRecord,
  { key: to, kmsKeyIds, record: toRecord }: SecretKey,
  ctx?: RequestContext,
): Promise<Rewrapped[]> {
  if (ctx && toRecord && !(await mayUseKey(d, ctx, toRecord, 'kms:Encrypt', { SecretARN: secret.arn }))) return [];
  const out: Rewrapped[] = [];
  for (const v of await d.store.listVersions(secret.id)) {
    if (!v.sealed || !v.kind || !v.stages.some((s) => ROTATION_LABELS.includes(s))) continue;
    const env = parseEnvelope(v.sealed);
    if (env.wraps.some((w) => w.keyId === to.keyId)) continue;
    let from: AccountKey;
    try {
      const [opening] = await openingKey(d, env);
      from = opening.key;
      const context = contextFor(secret, v.versionId);
      if (ctx && opening.record && !(await mayUseKey(d, ctx, opening.record, 'kms:Decrypt', context))) continue;
    } catch (e) {
      if (e instanceof ServiceError) continue;
      throw e;
    }
    d.keyring.usage.record('Decrypt', from.keyId, 'secret-value');
    d.keyring.usage.record('Encrypt', to.keyId, 'secret-value');
    const sealed = addWrap(v.sealed, from, to, contextFor(secret, v.versionId));
    out.push({ versionId: v.versionId, sealed, kind: v.kind, kmsKeyIds: [...new Set([...v.kmsKeyIds, ...kmsKeyIds])] });
  }
  return out;
}
