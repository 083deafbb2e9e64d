import { seal } from '../../crypto/envelope.js';
import { type AccountKey, keyArn } from '../../crypto/keyring.js';
import { Errors, ServiceError } from '../../domain/errors.js';
import type { SecretRecord } from '../../domain/secret.js';
import type { KmsKeyRecord } from '../../storage/kms-ports.js';
import type { RequestContext } from '../context.js';
import { DEFAULT_ALIAS_NAME, findKeyByRef, type KeyScope } from '../kms/key-lookup.js';
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

/**
 * The caller's IAM permission for `action` on a customer key of its own account, with the
 * condition keys a key policy would see; denied → "Access to KMS is not allowed". Key policies
 * are not evaluated, so a caller from another account is not checked here (docs/kms.md).
 */
export async function authorizeKeyUse(
  d: SecretsDeps,
  ctx: RequestContext,
  key: Pick<AccountKey, 'accountId' | 'arn'>,
  action: 'kms:Decrypt' | 'kms:GenerateDataKey',
  secretArn?: string,
): Promise<void> {
  if (ctx.principal.accountId !== key.accountId) return;
  try {
    await d.authorize(ctx, {
      action,
      resource: key.arn,
      conditions: {
        'kms:ViaService': `secretsmanager.${ctx.region}.amazonaws.com`,
        'kms:CallerAccount': ctx.principal.accountId,
        'kms:EncryptionContext:SecretARN': secretArn,
      },
    });
  } catch (e) {
    if (e instanceof ServiceError && e.code === 'AccessDeniedException') throw Errors.kmsNotAllowed();
    throw e;
  }
}

/**
 * Maps a KmsKeyId parameter to what the secret stores: undefined for the default key (by alias,
 * alias ARN, or its id/ARN), the parameter as given for a customer key. A key that does not
 * exist here (another region or account included) is "Access to KMS is not allowed"; a
 * disabled one an EncryptionFailure; an asymmetric one "Cannot generate a data key with an
 * asymmetric KMS key" (statement 109).
 */
export async function resolveKmsKey(
  d: SecretsDeps,
  ctx: RequestContext,
  kmsKeyId?: string,
): Promise<string | undefined> {
  if (kmsKeyId === undefined || kmsKeyId === '') return undefined;
  let key: KmsKeyRecord | undefined;
  try {
    key = await lookup(d, { accountId: ctx.principal.accountId, region: ctx.region }, kmsKeyId, ctx.now);
  } catch (e) {
    if (e instanceof ServiceError && e.code === 'NotFoundException') throw Errors.kmsNotAllowed();
    throw e;
  }
  if (!key) return undefined;
  await authorizeKeyUse(d, ctx, { accountId: key.accountId, arn: keyArn(key) }, 'kms:GenerateDataKey');
  const refusal = keyStateError(key);
  if (refusal) throw Errors.kmsEncryptionFailure(refusal);
  if (!isUsableForSecrets(key)) throw Errors.asymmetricKmsKey();
  return kmsKeyId;
}

export type SecretKey = { key: AccountKey; kmsKeyIds: string[] };

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
  if (!rec) return { key: await d.keyring.defaultKey(secret.accountId, secret.region), kmsKeyIds: DEFAULT_KMS_KEY_IDS };
  const refusal = keyStateError(rec);
  if (refusal) throw Errors.kmsEncryptionFailure(refusal);
  if (!isUsableForSecrets(rec)) throw Errors.asymmetricKmsKey();
  const key = await d.keyring.byId(rec.keyId);
  if (!key) throw Errors.kmsEncryptionFailure(Errors.kmsKeyNotFound(keyArn(rec)));
  return { key, kmsKeyIds: [key.arn] };
}

/**
 * The key-access check Secrets Manager makes when a secret's key is set or changed: a
 * GenerateDataKey and a Decrypt under the key with SecretVersionId "RequestToValidateKeyAccess"
 * (statement 113), results discarded. Nothing to check for the default key.
 */
export async function validateKeyAccess(d: SecretsDeps, secret: SecretRecord, now: number): Promise<void> {
  if (secret.kmsKeyId === undefined) return;
  const { key } = await sealingKeyOf(d, secret, now);
  if (key.managed) return;
  const context = { SecretARN: secret.arn, SecretVersionId: VALIDATION_VERSION_ID };
  d.keyring.usage.record('GenerateDataKey', key.keyId, 'validate-key-access');
  const sealed = seal(key, Buffer.alloc(0), context);
  (await openSealed(d, sealed, context, 'validate-key-access')).fill(0);
}
