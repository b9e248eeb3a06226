/**
 * Suite `sm2-sm3`: SM2 signatures with SM3 (GB/T 32918.2-2016, GB/T 32905-2016), the national
 * default. Pure JavaScript through sm-crypto-v2 on every platform: `node:crypto` cannot set the
 * distinguishing ID (it signs with an empty ID), so it is never used for SM2.
 */
import { decodeEcPrivateKey, encodeEcPrivateKey, ID_EC_PUBLIC_KEY } from '../ec.js';
import type { SuiteDefinition } from '../suite.js';
import {
  checkSm2PrivateKey,
  checkSm2PublicKey,
  generateSm2KeyPair,
  SM2_CURVE_OID,
  sm2PublicKeyFromPrivate,
} from './keys.js';
import { createSm2Signer } from './sign.js';
import { createSm2Verifier } from './verify.js';

export const sm2Sm3Suite: SuiteDefinition = {
  name: 'sm2-sm3',
  keyAlgorithm: { oid: ID_EC_PUBLIC_KEY, namedCurve: SM2_CURVE_OID },
  jwk: { kty: 'EC', crv: 'SM2' },
  signatureLength: 64,
  derSignature: true,
  usesDistinguishingId: true,
  publicKeyLength: 65,
  checkPrivateKey: checkSm2PrivateKey,
  checkPublicKey: checkSm2PublicKey,
  decodePrivateKey: (content) => decodeEcPrivateKey('sm2-sm3', content),
  encodePrivateKey: encodeEcPrivateKey,
  async generate() {
    return generateSm2KeyPair();
  },
  async prepareSigner(context, privateKey) {
    const publicKey = sm2PublicKeyFromPrivate(privateKey);
    return { sign: createSm2Signer(privateKey, publicKey, context.distinguishingId), publicKey };
  },
  async prepareVerifier(context, publicKey) {
    return createSm2Verifier(publicKey, context.distinguishingId);
  },
};
