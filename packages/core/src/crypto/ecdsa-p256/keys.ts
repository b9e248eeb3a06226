/**
 * ECDSA P-256 keys (FIPS 186-5, SEC 1) in the containers of RFC 5480 / RFC 5915: algorithm
 * id-ecPublicKey with named curve prime256v1. JWK: EC with crv P-256 (RFC 7518 §6.2).
 */
import { checkEcPublicKey, checkEcScalar, type PrimeCurve } from '../ec.js';

/** secp256r1 / prime256v1 (RFC 5480 §2.1.1.1). */
export const P256_CURVE_OID = '1.2.840.10045.3.1.7';

/** SEC 2 §2.4.2 / FIPS 186-5 (the points of G are not needed: the platform does the arithmetic). */
export const P256_CURVE: PrimeCurve = {
  p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
  a: 0xffffffff00000001000000000000000000000000fffffffffffffffffffffffcn,
  b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
  n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  gx: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  gy: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
};

/** SEC 1 §3.2.1: d ∈ [1, n−1]. */
export function checkP256PrivateKey(privateKey: Uint8Array): void {
  checkEcScalar(
    'ecdsa-p256',
    privateKey,
    P256_CURVE.n,
    'the private key must be in [1, n−1] (SEC 1 §3.2.1)',
    '私钥必须在 [1, n−1] 之间（SEC 1 §3.2.1）',
  );
}

export function checkP256PublicKey(publicKey: Uint8Array): void {
  checkEcPublicKey('ecdsa-p256', P256_CURVE, publicKey);
}
