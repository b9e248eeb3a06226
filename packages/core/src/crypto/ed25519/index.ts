/** Suite `ed25519`: Ed25519 (RFC 8032) through the platform `CryptoProvider`. */
import { generateNative } from '../native.js';
import type { SuiteDefinition } from '../suite.js';
import {
  checkEd25519PrivateKey,
  checkEd25519PublicKey,
  decodeEd25519PrivateKey,
  ED25519_OID,
  encodeEd25519PrivateKey,
} from './keys.js';
import { createEd25519Signer, ED25519_ALGORITHM } from './sign.js';
import { createEd25519Verifier } from './verify.js';

export const ed25519Suite: SuiteDefinition = {
  name: 'ed25519',
  keyAlgorithm: { oid: ED25519_OID },
  jwk: { kty: 'OKP', crv: 'Ed25519' },
  signatureLength: 64,
  derSignature: false,
  usesDistinguishingId: false,
  publicKeyLength: 32,
  checkPrivateKey: checkEd25519PrivateKey,
  checkPublicKey: checkEd25519PublicKey,
  decodePrivateKey: decodeEd25519PrivateKey,
  encodePrivateKey: encodeEd25519PrivateKey,
  generate: (context) => generateNative(ed25519Suite, ED25519_ALGORITHM, context),
  prepareSigner: (context, privateKey) => createEd25519Signer(ed25519Suite, context, privateKey),
  prepareVerifier: (context, publicKey) => createEd25519Verifier(ed25519Suite, context, publicKey),
};
