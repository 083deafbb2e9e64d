export {
  ALGORITHM,
  type CanonicalInput,
  canonicalHeadersBlock,
  canonicalHeaderValue,
  canonicalRequest,
  credentialScope,
  EMPTY_SHA256,
  type HeaderBag,
  parseAmzDate,
  sha256Hex,
  stringToSign,
  TERMINATOR,
  toAmzDate,
} from './canonical.js';
export { canonicalQuery, canonicalUri, decodeComponent, splitRawQuery, uriEscape } from './encode.js';
export { type AddedHeaders, type PresignInput, presignUrl, type SignRequestInput, signRequest } from './sign.js';
export { defaultSigningKeyCache, deriveSigningKey, SigningKeyCache, signatureHex } from './signing-key.js';
