import { type EncryptionContext, seal } from '../../crypto/envelope.js';
import { type AccountKey, keyArn } from '../../crypto/keyring.js';
import { Errors, ServiceError } from '../../domain/errors.js';
import type { SecretRecord } from '../../domain/secret.js';
import type { KmsKeyRecord } from '../../storage/kms-ports.js';
import type { RequestContext } from '../context.js';
import { aliasArnOf, DEFAULT_ALIAS_NAME, findKeyByRef, type KeyScope } from '../kms/key-lookup.js';
import type { SecretsDeps } from './deps.js';
import { DEFAULT_KMS_KEY_IDS, openSealed } from './value.js';

/**
 * A secret's KmsKeyId, the way Secrets Manager uses it: absent means the AWS managed
 * aws/secretsmanager key; otherwise a key id, key ARN, alias name or alias ARN of a key in the
 * secret's own account and region, stored as given and resolved at each use (an alias can be
 * re-pointed). Customer keys must be symmetric and usable (docs/kms.md for the wording).
 */
export const VALIDATION_VERSION_ID = 'RequestToValidateKeyAccess';

const isDefaultAlias = (scope: KeyScope, ref: string) =>
  ref === DEFAULT_ALIAS_NAME || ref === `arn:aws:kms:${scope.region}:${scope.accountId}:${DEFAULT_ALIAS_NAME}`;

/** The customer key `ref` names in `scope`, or undefined for the default key; KMS errors as thrown. */
async function lookup(d: SecretsDeps, scope: KeyScope, ref: string, now: number): Promise<KmsKeyRecord | undefined> {
  if (isDefaultAlias(scope, ref)) return undefined;
  const managed = await d.keyring.defaultKey(scope.accountId, scope.region);
  if (ref === managed.keyId || ref === managed.arn) return undefined;
  const key = await findKeyByRef(d.store, scope, ref, now);
  return key.keyManager === 'AWS' ? undefined : key;
}

/** KMS's refusal of a key in this state, or undefined when it can encrypt and decrypt. */
export function keyStateError(key: KmsKeyRecord): ServiceError | undefined {
  if (key.state === 'Disabled') return Errors.kmsDisabled(keyArn(key));
  if (key.state === 'PendingDeletion') return Errors.kmsPendingDeletion(keyArn(key));
  return undefined;
}

const isUsableForSecrets = (key: KmsKeyRecord) =>
  key.keySpec === 'SYMMETRIC_DEFAULT' && key.keyUsage === 'ENCRYPT_DECRYPT';

export type KeyAction = 'kms:Decrypt' | 'kms:GenerateDataKey' | 'kms:Encrypt';

/**
 * The caller's permission for the KMS call Secrets Manager makes for it on a customer key: the
 * key policy with, where it delegates to IAM or the caller is of another account, the caller's
 * identity policies (docs/kms.md "Key policies"). The condition keys are those KMS sees on a call
 * through Secrets Manager. Denied → "Access to KMS is not allowed" (statement 115).
 */
export async function authorizeKeyUse(
  d: SecretsDeps,
  ctx: RequestContext,
  key: KmsKeyRecord,
  action: KeyAction,
  context?: Partial<EncryptionContext>,
): Promise<void> {
  try {
    await d.authorize(ctx, {
      action,
      resource: keyArn(key),
      kmsKey: key,
      conditions: {
        'kms:ViaService': `secretsmanager.${ctx.region}.amazonaws.com`,
        'kms:CallerAccount': ctx.principal.accountId,
        'kms:EncryptionContext:SecretARN': context?.SecretARN,
        'kms:EncryptionContext:SecretVersionId': context?.SecretVersionId,
      },
    });
  } catch (e) {
    if (e instanceof ServiceError && e.code === 'AccessDeniedException') throw Errors.kmsNotAllowed();
    throw e;
  }
}

/** authorizeKeyUse as a yes/no, for the calls Secrets Manager skips silently when refused. */
export async function mayUseKey(
  d: SecretsDeps,
  ctx: RequestContext,
  key: KmsKeyRecord,
  action: KeyAction,
  context?: Partial<EncryptionContext>,
): Promise<boolean> {
  try {
    await authorizeKeyUse(d, ctx, key, action, context);
    return true;
  } catch (e) {
    if (e instanceof ServiceError && e.code === 'AccessDeniedException') return false;
    throw e;
  }
}

/**
 * A KmsKeyId parameter looked up once per request, in the caller's account and region: the
 * secretsmanager:KmsKeyArn condition, the key checks and the sealing all use this one answer, so
 * an alias re-pointed while the request runs cannot have the condition judge one key and the
 * value be sealed under another.
 */
export type KeyChoice = {
  /** The parameter as given; undefined when absent. */
  ref: string | undefined;
  /**
   * What the secretsmanager:KmsKeyArn condition key holds: the ARN of the key the parameter
   * names ("" meaning aws/secretsmanager), as AWS's own example expects
   * ("<key_ARN_of_the_AWS_managed_key>" matched against requests that name the key by alias). A
   * reference to nothing resolvable is given as an ARN of its own form; the request fails later.
   */
  conditionArn: string | undefined;
  /** The customer key named; undefined for the default key; KMS's refusal if it names none here. */
  key: KmsKeyRecord | ServiceError | undefined;
};

export async function chooseKmsKey(d: SecretsDeps, ctx: RequestContext, ref: string | undefined): Promise<KeyChoice> {
  if (ref === undefined) return { ref, conditionArn: undefined, key: undefined };
  const scope = { accountId: ctx.principal.accountId, region: ctx.region };
  const named = ref === '' ? DEFAULT_ALIAS_NAME : ref;
  try {
    const key = await findKeyByRef(d.store, scope, named, ctx.now);
    return { ref, conditionArn: keyArn(key), key: key.keyManager === 'AWS' ? undefined : key };
  } catch (e) {
    if (!(e instanceof ServiceError)) throw e;
    const conditionArn = named.startsWith('arn:')
      ? named
      : named.startsWith('alias/')
        ? aliasArnOf(scope, named)
        : keyArn({ ...scope, keyId: named });
    // The default key before its first use has no key row yet: the parameter names it all the same.
    return { ref, conditionArn, key: isDefaultAlias(scope, named) ? undefined : e };
  }
}

/**
 * The checks a KmsKeyId parameter passes before a secret takes it: undefined for the default key
 * (by alias, alias ARN, or its id/ARN), the customer key otherwise. A key that does not exist here
 * (another region or account included) is "Access to KMS is not allowed"; a disabled one an
 * EncryptionFailure; an asymmetric one "Cannot generate a data key with an asymmetric KMS key"
 * (statement 109).
 */
export async function acceptKmsKey(
  d: SecretsDeps,
  ctx: RequestContext,
  choice: KeyChoice,
  secretArn?: string,
): Promise<KmsKeyRecord | undefined> {
  const { key } = choice;
  if (key instanceof ServiceError) throw key.code === 'NotFoundException' ? Errors.kmsNotAllowed() : key;
  if (!key) return undefined;
  const validation = { SecretARN: secretArn, SecretVersionId: secretArn && VALIDATION_VERSION_ID };
  await authorizeKeyUse(d, ctx, key, 'kms:GenerateDataKey', validation);
  const refusal = keyStateError(key);
  if (refusal) throw Errors.kmsEncryptionFailure(refusal);
  if (!isUsableForSecrets(key)) throw Errors.asymmetricKmsKey();
  return key;
}

/**
 * Maps a KmsKeyId parameter to what the secret stores: undefined for the default key, the
 * parameter as given for a customer key (acceptKmsKey's checks, for callers needing no more).
 */
export async function resolveKmsKey(
  d: SecretsDeps,
  ctx: RequestContext,
  kmsKeyId?: string,
  secretArn?: string,
): Promise<string | undefined> {
  if (kmsKeyId === undefined || kmsKeyId === '') return undefined;
  return (await acceptKmsKey(d, ctx, await chooseKmsKey(d, ctx, kmsKeyId), secretArn)) ? kmsKeyId : undefined;
}

/** The key sealing new values, the KmsKeyIds they report, and its KMS metadata (customer keys). */
export type SecretKey = { key: AccountKey; kmsKeyIds: string[]; record?: KmsKeyRecord };

/**
 * The key that seals new values of `secret` now, with the KmsKeyIds its versions report: the
 * default key, or the customer key its KmsKeyId names (refused like KMS refuses it: wrapped in
 * EncryptionFailure).
 */
export async function sealingKeyOf(d: SecretsDeps, secret: SecretRecord, now: number): Promise<SecretKey> {
  const scope = { accountId: secret.accountId, region: secret.region };
  let rec: KmsKeyRecord | undefined;
  try {
    rec = secret.kmsKeyId === undefined ? undefined : await lookup(d, scope, secret.kmsKeyId, now);
  } catch (e) {
    if (e instanceof ServiceError) throw Errors.kmsEncryptionFailure(e);
    throw e;
  }
  return sealingKey(d, secret, rec);
}

/**
 * The sealing key of `secret` from a customer key already looked up (undefined: the default key),
 * e.g. the one a request's KmsKeyId named (chooseKmsKey). That lookup ran in the caller's account:
 * a key of another account than the secret's is one the secret's account does not have.
 */
export async function sealingKey(
  d: SecretsDeps,
  secret: SecretRecord,
  rec: KmsKeyRecord | undefined,
): Promise<SecretKey> {
  if (!rec) return { key: await d.keyring.defaultKey(secret.accountId, secret.region), kmsKeyIds: DEFAULT_KMS_KEY_IDS };
  if (rec.accountId !== secret.accountId || rec.region !== secret.region) {
    const scope = { accountId: secret.accountId, region: secret.region };
    throw Errors.kmsEncryptionFailure(Errors.kmsKeyNotFound(keyArn({ ...scope, keyId: rec.keyId })));
  }
  const refusal = keyStateError(rec);
  if (refusal) throw Errors.kmsEncryptionFailure(refusal);
  if (!isUsableForSecrets(rec)) throw Errors.asymmetricKmsKey();
  const key = await d.keyring.byId(rec.keyId);
  if (!key) throw Errors.kmsEncryptionFailure(Errors.kmsKeyNotFound(keyArn(rec)));
  return { key, kmsKeyIds: [key.arn], record: rec };
}

/**
 * The caller's kms:GenerateDataKey on the key that will seal a new value of `secret` (a
 * customer key; nothing to check for the default key), before PutSecretValue or UpdateSecret
 * write one. Key refusals (disabled, …) surfaced already, as the write's EncryptionFailure, when
 * the key was resolved (sealingKeyOf / sealingKey).
 */
export async function authorizeSealing(
  d: SecretsDeps,
  ctx: RequestContext,
  secret: SecretRecord,
  key: SecretKey,
  versionId: string,
) {
  // The context the value is sealed under (value.ts), so kms:EncryptionContext:SecretVersionId
  // conditions are judged against the same pair.
  const context = { SecretARN: secret.arn, SecretVersionId: versionId };
  if (key.record) await authorizeKeyUse(d, ctx, key.record, 'kms:GenerateDataKey', context);
}

/**
 * The key-access check Secrets Manager makes when a secret's key is set or changed: a
 * GenerateDataKey and a Decrypt under the key with SecretVersionId "RequestToValidateKeyAccess"
 * (statement 113), results discarded; with `ctx`, the Decrypt is the caller's and needs its
 * kms:Decrypt (acceptKmsKey checked kms:GenerateDataKey). Nothing to check for the default key.
 */
export async function validateKeyAccess(
  d: SecretsDeps,
  secret: SecretRecord,
  { key }: SecretKey,
  ctx?: RequestContext,
): Promise<void> {
  if (key.managed) return;
  const context = { SecretARN: secret.arn, SecretVersionId: VALIDATION_VERSION_ID };
  d.keyring.usage.record('GenerateDataKey', key.keyId, 'validate-key-access');
  const sealed = seal(key, Buffer.alloc(0), context);
  (await openSealed(d, sealed, context, 'validate-key-access', ctx)).fill(0);
}
