/** Suite `ecdsa-p256`: ECDSA over P-256 with SHA-256 (FIPS 186-5) through the platform `CryptoProvider`. */
import { decodeEcPrivateKey, encodeEcPrivateKey, ID_EC_PUBLIC_KEY } from '../ec.js';
import { generateNative } from '../native.js';
import type { SuiteDefinition } from '../suite.js';
import { checkP256PrivateKey, checkP256PublicKey, P256_CURVE_OID } from './keys.js';
import { createP256Signer, ECDSA_P256_ALGORITHM } from './sign.js';
import { createP256Verifier } from './verify.js';

export const ecdsaP256Suite: SuiteDefinition = {
  name: 'ecdsa-p256',
  keyAlgorithm: { oid: ID_EC_PUBLIC_KEY, namedCurve: P256_CURVE_OID },
  jwk: { kty: 'EC', crv: 'P-256' },
  signatureLength: 64,
  derSignature: true,
  usesDistinguishingId: false,
  publicKeyLength: 65,
  checkPrivateKey: checkP256PrivateKey,
  checkPublicKey: checkP256PublicKey,
  decodePrivateKey: (content) => decodeEcPrivateKey('ecdsa-p256', content),
  encodePrivateKey: encodeEcPrivateKey,
  generate: (context) => generateNative(ecdsaP256Suite, ECDSA_P256_ALGORITHM, context),
  prepareSigner: (context, privateKey) => createP256Signer(ecdsaP256Suite, context, privateKey),
  prepareVerifier: (context, publicKey) => createP256Verifier(ecdsaP256Suite, context, publicKey),
};
