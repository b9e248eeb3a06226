/**
 * SM2 keys (GB/T 32918.1-2016, curve sm2p256v1 of GB/T 32918.5-2017).
 *
 * Containers, as OpenSSL 3 writes them (`openssl genpkey -algorithm SM2`): SPKI and PKCS#8
 * with algorithm id-ecPublicKey and named curve 1.2.156.10197.1.301 (GB/T 33560 OID for the
 * SM2 curve), the private key as RFC 5915 ECPrivateKey.
 *
 * JWK: there is no registered JWK for SM2 (RFC 7518 §7.6 lists P-256/384/521 only). Hutong
 * writes `{"kty":"EC","crv":"SM2","x":…,"y":…}` — the EC key type with the curve name that
 * OpenSSL, GmSSL and the draft JOSE-SM profiles use — so that the RFC 7638 thumbprint
 * (members crv, kty, x, y) is defined exactly as for P-256. Other implementations must use
 * the same members to compute the same key id.
 */
import { sm2 } from 'sm-crypto-v2';
import { HutongError } from '../../errors.js';
import { bytesToBigInt, fromHex, toHex, utf8 } from '../bytes.js';
import { checkEcPublicKey, checkEcScalar, type PrimeCurve, scalarBytes } from '../ec.js';

/** GB/T 33560-2017 / GM/T 0006: the OID of the SM2 elliptic curve. */
export const SM2_CURVE_OID = '1.2.156.10197.1.301';

/** GB/T 32918.5-2017 §3 (recommended curve parameters). */
export const SM2_CURVE: PrimeCurve = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
  gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
};

/** The default distinguishing identifier (GM/T 0009-2012 §10, used by OpenSSL's `distid`). */
export const DEFAULT_SM2_ID = '1234567812345678';

/** GB/T 32918.2 §5.5: ENTL_A is two bytes counting bits, so the ID is at most 8191 bytes. */
export const MAX_SM2_ID_BYTES = 8191;

/** Normalises the distinguishing-ID option to bytes (UTF-8 for text). */
export function sm2IdBytes(id: string | Uint8Array | undefined): Uint8Array {
  const bytes = id === undefined ? utf8(DEFAULT_SM2_ID) : typeof id === 'string' ? utf8(id) : id;
  if (bytes.length > MAX_SM2_ID_BYTES) {
    throw new HutongError('ERR_CRYPTO_OPTION_INVALID', {
      field: 'distinguishingId',
      params: { option: 'distinguishingId', rule: `at most ${MAX_SM2_ID_BYTES} bytes (ENTL is 16 bits)` },
      zhParams: { rule: `至多 ${MAX_SM2_ID_BYTES} 字节（ENTL 为 16 位）` },
    });
  }
  return bytes;
}

/** GB/T 32918.1 §6.1: d ∈ [1, n−2] (so that 1 + d is invertible mod n when signing). */
export function checkSm2PrivateKey(privateKey: Uint8Array): void {
  checkEcScalar(
    'sm2-sm3',
    privateKey,
    SM2_CURVE.n - 1n,
    'the private key must be in [1, n−2] (GB/T 32918.1 §6.1)',
    '私钥必须在 [1, n−2] 之间（GB/T 32918.1 §6.1）',
  );
}

export function checkSm2PublicKey(publicKey: Uint8Array): void {
  checkEcPublicKey('sm2-sm3', SM2_CURVE, publicKey);
}

/** P = [d]G (GB/T 32918.1 §6.1). */
export function sm2PublicKeyFromPrivate(privateKey: Uint8Array): Uint8Array {
  return fromHex(sm2.getPublicKeyFromPrivateKey(toHex(privateKey)));
}

/** A fresh key pair: d uniform in [1, n−2] by rejection sampling from the platform CSPRNG. */
export function generateSm2KeyPair(): { privateKey: Uint8Array; publicKey: Uint8Array } {
  const buffer = new Uint8Array(32);
  for (;;) {
    globalThis.crypto.getRandomValues(buffer);
    const d = bytesToBigInt(buffer);
    if (d >= 1n && d <= SM2_CURVE.n - 2n) {
      const privateKey = scalarBytes(d);
      return { privateKey, publicKey: sm2PublicKeyFromPrivate(privateKey) };
    }
  }
}
