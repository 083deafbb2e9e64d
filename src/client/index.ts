/** `strongroom/client`: the caching client, TOTP codes and reference parsing for applications. */
export { type ClientConfig, loadClientConfig } from './aws-config.js';
export {
  findReferences,
  parseCloudFormation,
  parseEcsValueFrom,
  parseSecureParameter,
  parseWorkato,
  type SecretReference,
  SecretReferenceError,
  selectValue,
} from './references.js';
export { type CachedValue, SecretCache, type SecretCacheOptions } from './secret-cache.js';
export { AwsError, createSecretsClient, type SecretsClient } from './secrets-client.js';
export { base32Decode, hotp, parseTotpSeed, totp } from './totp.js';
