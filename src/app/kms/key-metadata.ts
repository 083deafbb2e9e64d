import { keyArn } from '../../crypto/keyring.js';
import type { KmsKeyRecord } from '../../storage/kms-ports.js';

/**
 * KeyMetadata as DescribeKey, CreateKey and friends return it (shape recorded against AWS in
 * LocalStack's KMS snapshots: AWSAccountId, Arn, CreationDate, CustomerMasterKeySpec,
 * Description, Enabled, EncryptionAlgorithms, KeyId, KeyManager, KeySpec, KeyState, KeyUsage,
 * MultiRegion, Origin; DeletionDate while pending deletion). Dates are epoch seconds.
 */
export type KeyMetadata = {
  AWSAccountId: string;
  KeyId: string;
  Arn: string;
  CreationDate: number;
  Enabled: boolean;
  Description: string;
  KeyUsage: string;
  KeyState: string;
  DeletionDate?: number;
  PendingDeletionWindowInDays?: number;
  Origin: 'AWS_KMS';
  KeyManager: string;
  CustomerMasterKeySpec?: string;
  KeySpec: string;
  EncryptionAlgorithms?: string[];
  SigningAlgorithms?: string[];
  MacAlgorithms?: string[];
  KeyAgreementAlgorithms?: string[];
  MultiRegion: false;
};

/** The AWS managed key's description, as the console shows it for aws/secretsmanager. */
export const MANAGED_KEY_DESCRIPTION = 'Default key that protects my Secrets Manager data when no other key is defined';

const RSA = ['RSA_2048', 'RSA_3072', 'RSA_4096'];
const ECC_SIGNING: Record<string, string> = {
  ECC_NIST_P256: 'ECDSA_SHA_256',
  ECC_NIST_P384: 'ECDSA_SHA_384',
  ECC_NIST_P521: 'ECDSA_SHA_512',
  ECC_SECG_P256K1: 'ECDSA_SHA_256',
};
const HMAC = ['HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512'];
const RSA_SIGNING = [
  'RSASSA_PSS_SHA_256',
  'RSASSA_PSS_SHA_384',
  'RSASSA_PSS_SHA_512',
  'RSASSA_PKCS1_V1_5_SHA_256',
  'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512',
];

/** Key usages each key spec allows (KMS developer guide, "Key spec reference"). */
export function usagesFor(keySpec: string): string[] {
  if (keySpec === 'SYMMETRIC_DEFAULT') return ['ENCRYPT_DECRYPT'];
  if (RSA.includes(keySpec)) return ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'];
  if (keySpec === 'ECC_SECG_P256K1') return ['SIGN_VERIFY'];
  if (keySpec in ECC_SIGNING) return ['SIGN_VERIFY', 'KEY_AGREEMENT'];
  if (HMAC.includes(keySpec)) return ['GENERATE_VERIFY_MAC'];
  if (keySpec === 'SM2') return ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'KEY_AGREEMENT'];
  return ['SIGN_VERIFY']; // ML_DSA_*, ECC_NIST_EDWARDS25519
}

function algorithms(k: KmsKeyRecord): Partial<KeyMetadata> {
  const { keySpec: spec, keyUsage: usage } = k;
  if (usage === 'ENCRYPT_DECRYPT') {
    if (spec === 'SYMMETRIC_DEFAULT') return { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] };
    if (spec === 'SM2') return { EncryptionAlgorithms: ['SM2PKE'] };
    return { EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] };
  }
  if (usage === 'GENERATE_VERIFY_MAC') return { MacAlgorithms: [`HMAC_SHA_${spec.slice('HMAC_'.length)}`] };
  if (usage === 'KEY_AGREEMENT') return { KeyAgreementAlgorithms: ['ECDH'] };
  if (RSA.includes(spec)) return { SigningAlgorithms: RSA_SIGNING };
  if (spec in ECC_SIGNING) return { SigningAlgorithms: [ECC_SIGNING[spec]!] };
  if (spec === 'SM2') return { SigningAlgorithms: ['SM2DSA'] };
  if (spec === 'ECC_NIST_EDWARDS25519') return { SigningAlgorithms: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'] };
  return { SigningAlgorithms: ['ML_DSA_SHAKE_256'] };
}

/** The deprecated CustomerMasterKeySpec mirrors KeySpec where the old enum has the value. */
const LEGACY_SPECS = new Set([...RSA, ...Object.keys(ECC_SIGNING), ...HMAC, 'SYMMETRIC_DEFAULT', 'SM2']);

export function keyMetadata(k: KmsKeyRecord): KeyMetadata {
  const m: KeyMetadata = {
    AWSAccountId: k.accountId,
    KeyId: k.keyId,
    Arn: keyArn(k),
    CreationDate: k.createdAt / 1000,
    Enabled: k.state === 'Enabled',
    Description: k.keyManager === 'AWS' ? MANAGED_KEY_DESCRIPTION : k.description,
    KeyUsage: k.keyUsage,
    KeyState: k.state,
    Origin: 'AWS_KMS',
    KeyManager: k.keyManager,
    CustomerMasterKeySpec: LEGACY_SPECS.has(k.keySpec) ? k.keySpec : undefined,
    KeySpec: k.keySpec,
    ...algorithms(k),
    MultiRegion: false,
  };
  if (k.deletionDate !== undefined) m.DeletionDate = k.deletionDate / 1000;
  if (k.pendingWindowDays !== undefined) m.PendingDeletionWindowInDays = k.pendingWindowDays;
  return m;
}
