// Public surface of `crypto/`: everything other code may import from here.

export { jwkThumbprint } from './jwk.js';
export {
  exportPkcs8Der,
  exportPkcs8Pem,
  exportPrivateJwk,
  exportPublicJwk,
  exportSpkiDer,
  exportSpkiPem,
  type GenerateKeyOptions,
  generateSigningKey,
  importSigningKeyJwk,
  importSigningKeyPem,
  importSigningKeyPkcs8,
  importVerificationKeyJwk,
  importVerificationKeyPem,
  importVerificationKeySpki,
  type KeyOptions,
  type PrivateJwk,
  type PublicJwk,
} from './keys.js';
export type { CryptoProvider, NativeAlgorithm, NativeKeyPair, NativeSigner, NativeVerifier } from './provider.js';
export { derToRawSignature, rawToDerSignature } from './signature-encoding.js';
export { DEFAULT_SM2_ID } from './sm2-sm3/keys.js';
export { sm3Digest } from './sm2-sm3/sm3.js';
export { describeSuite, parseSuiteName, type SuiteDescription } from './suites.js';
export { isSuiteName, type SigningKey, SUITE_NAMES, type SuiteName, type VerificationKey } from './types.js';
export { createWebCryptoProvider, webCryptoProvider } from './webcrypto-provider.js';
