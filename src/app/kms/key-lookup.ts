import { DEFAULT_KEY_ALIAS, keyArn } from '../../crypto/keyring.js';
import { Errors } from '../../domain/errors.js';
import { type KmsKeyRecord, type KmsStore, kmsStoreOf } from '../../storage/kms-ports.js';
import type { KeyStore } from '../../storage/ports.js';

/**
 * How a KeyId parameter names a key, as KMS reads it: a key id, a key ARN, an alias name
 * (`alias/…`) or an alias ARN, always within one account and region. AWS's NotFoundException
 * wording differs by form (recorded against AWS: docs/kms.md).
 */
export type KeyScope = { accountId: string; region: string };
export type KmsStores = KeyStore & Partial<KmsStore>;

export const DEFAULT_ALIAS_NAME = `alias/${DEFAULT_KEY_ALIAS}`;
const KEY_ID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY_ARN_RE = /^arn:aws[a-z-]*:kms:([a-z0-9-]*):(\d{12}):key\/(.*)$/;
const ALIAS_ARN_RE = /^arn:aws[a-z-]*:kms:([a-z0-9-]*):(\d{12}):(alias\/.*)$/;

export const aliasArnOf = (s: KeyScope, aliasName: string) => `arn:aws:kms:${s.region}:${s.accountId}:${aliasName}`;
export const isKeyIdFormat = (v: string) => KEY_ID_RE.test(v);

type Parsed = { kind: 'key'; keyId: string } | { kind: 'alias'; aliasName: string };

function parseRef(scope: KeyScope, ref: string): Parsed {
  const aliasArn = ALIAS_ARN_RE.exec(ref);
  if (aliasArn) {
    if (aliasArn[1] !== scope.region || aliasArn[2] !== scope.accountId) throw Errors.kmsAliasNotFound(ref);
    return { kind: 'alias', aliasName: aliasArn[3]! };
  }
  if (ref.startsWith('alias/')) return { kind: 'alias', aliasName: ref };
  const arn = KEY_ARN_RE.exec(ref);
  if (arn) {
    if (arn[1] !== scope.region) throw Errors.kmsInvalidArn(arn[1]!);
    if (arn[2] !== scope.accountId || !KEY_ID_RE.test(arn[3]!)) throw Errors.kmsKeyNotFound(ref);
    return { kind: 'key', keyId: arn[3]! };
  }
  if (!KEY_ID_RE.test(ref)) throw Errors.kmsInvalidKeyId(ref);
  return { kind: 'key', keyId: ref };
}

/** The key an alias points at in the scope, or undefined. */
export async function aliasTarget(store: KmsStores, scope: KeyScope, aliasName: string): Promise<string | undefined> {
  if (aliasName === DEFAULT_ALIAS_NAME) {
    return (await store.findKeyByAlias(scope.accountId, scope.region, DEFAULT_KEY_ALIAS))?.keyId;
  }
  return (await kmsStoreOf(store).findKmsAlias(scope.accountId, scope.region, aliasName))?.targetKeyId;
}

/** A key whose deletion date has passed is gone, whether or not the purge ran yet. */
export const isDeleted = (k: KmsKeyRecord, now: number) =>
  k.state === 'PendingDeletion' && k.deletionDate !== undefined && k.deletionDate <= now;

/** Finds the key `ref` names in `scope`, or throws KMS's NotFoundException for that form of ref. */
export async function findKeyByRef(store: KmsStores, scope: KeyScope, ref: string, now: number): Promise<KmsKeyRecord> {
  const parsed = parseRef(scope, ref);
  let keyId: string | undefined;
  if (parsed.kind === 'alias') {
    keyId = await aliasTarget(store, scope, parsed.aliasName);
    if (!keyId) throw Errors.kmsAliasNotFound(aliasArnOf(scope, parsed.aliasName));
  } else {
    keyId = parsed.keyId;
  }
  const key = await kmsStoreOf(store).findKmsKey(keyId);
  if (!key || key.accountId !== scope.accountId || key.region !== scope.region || isDeleted(key, now)) {
    throw Errors.kmsKeyNotFound(keyArn({ ...scope, keyId }));
  }
  return key;
}

/** Refuses a key that cannot encrypt or decrypt now (state first, then usage), as KMS does. */
export function assertUsableForCrypto(key: KmsKeyRecord, operation: string): void {
  const arn = keyArn(key);
  if (key.state === 'Disabled') throw Errors.kmsDisabled(arn);
  if (key.state === 'PendingDeletion') throw Errors.kmsPendingDeletion(arn);
  if (key.keyUsage !== 'ENCRYPT_DECRYPT') throw Errors.kmsKeyUsage(arn, key.keyUsage, operation);
  if (key.keySpec !== 'SYMMETRIC_DEFAULT') throw Errors.kmsAlgorithm('SYMMETRIC_DEFAULT', key.keySpec);
}

export const isSymmetric = (key: KmsKeyRecord) => key.keySpec === 'SYMMETRIC_DEFAULT';
