/**
 * What the two prime-curve suites (sm2-sm3, ecdsa-p256) share: curve constants, the public
 * point check, and the ECPrivateKey structure inside PKCS#8 (RFC 5915 §3).
 */
import { HutongError } from '../errors.js';
import { bigIntToBytes, bytesEqual, bytesToBigInt, concatBytes } from './bytes.js';
import { DerReader, derBitString, derOctetString, derSequence, derSmallInteger } from './der.js';
import { derExplicit, type Pkcs8Content } from './key-formats.js';
import type { SuiteName } from './types.js';

/** id-ecPublicKey (RFC 5480 §2.1.1): the algorithm OID of every EC key, the curve says which. */
export const ID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';

/** Short Weierstrass curve y² = x³ + ax + b over GF(p) with base point order n. */
export interface PrimeCurve {
  readonly p: bigint;
  readonly a: bigint;
  readonly b: bigint;
  readonly n: bigint;
  readonly gx: bigint;
  readonly gy: bigint;
}

/** Coordinates and scalars of both curves are 256-bit. */
export const FIELD_BYTES = 32;

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

/** `ruleZh`: the same rule in Chinese, for the zh-CN message (every caller states both). */
function invalid(suite: SuiteName, field: string, rule: string, ruleZh: string): HutongError {
  return new HutongError('ERR_CRYPTO_KEY_INVALID', { field, params: { suite, rule }, zhParams: { rule: ruleZh } });
}

/**
 * Public key validation (SEC 1 §3.2.2.1 / GB/T 32918.1 §6.2): uncompressed form 04‖x‖y,
 * coordinates in [0, p−1], the point on the curve. (The cofactor is 1 for both curves, so
 * an on-curve point other than infinity — which has no 04 encoding — has order n.)
 */
export function checkEcPublicKey(suite: SuiteName, curve: PrimeCurve, publicKey: Uint8Array): void {
  if (publicKey.length === FIELD_BYTES + 1 && (publicKey[0] === 2 || publicKey[0] === 3)) {
    throw new HutongError('ERR_CRYPTO_KEY_FORM_UNSUPPORTED', {
      field: 'publicKey',
      params: { form: 'compressed EC point (SEC 1 §2.3.3); write the key uncompressed' },
      zhParams: { form: '压缩的椭圆曲线点（SEC 1 §2.3.3）；请以非压缩形式写出密钥' },
    });
  }
  if (publicKey.length !== 2 * FIELD_BYTES + 1 || publicKey[0] !== 4) {
    throw invalid(suite, 'publicKey', 'an EC public key is 65 bytes, 04‖x‖y', '椭圆曲线公钥应为 65 字节：04‖x‖y');
  }
  const x = bytesToBigInt(publicKey.subarray(1, 1 + FIELD_BYTES));
  const y = bytesToBigInt(publicKey.subarray(1 + FIELD_BYTES));
  const { p, a, b } = curve;
  if (x >= p || y >= p)
    throw invalid(suite, 'publicKey', 'a coordinate is not below the field prime', '有坐标不小于域素数');
  if (mod(y * y - (x * x * x + a * x + b), p) !== 0n)
    throw invalid(suite, 'publicKey', 'the point is not on the curve', '该点不在曲线上');
}

/** Private scalar range check: d ∈ [1, maxExclusive − 1]. */
export function checkEcScalar(
  suite: SuiteName,
  privateKey: Uint8Array,
  maxExclusive: bigint,
  rule: string,
  ruleZh: string,
): void {
  if (privateKey.length !== FIELD_BYTES)
    throw invalid(suite, 'privateKey', `a private key is ${FIELD_BYTES} bytes`, `私钥应为 ${FIELD_BYTES} 字节`);
  const d = bytesToBigInt(privateKey);
  if (d < 1n || d >= maxExclusive) throw invalid(suite, 'privateKey', rule, ruleZh);
}

export function ecPublicKey(x: Uint8Array, y: Uint8Array): Uint8Array {
  return concatBytes(Uint8Array.of(4), x, y);
}

export function ecCoordinates(publicKey: Uint8Array): { x: Uint8Array; y: Uint8Array } {
  return { x: publicKey.subarray(1, 1 + FIELD_BYTES), y: publicKey.subarray(1 + FIELD_BYTES) };
}

/**
 * Reads RFC 5915 ECPrivateKey from the PKCS#8 `privateKey` octets. The optional `[0]`
 * parameters must repeat the AlgorithmIdentifier's curve (RFC 5915 §3); the optional `[1]`
 * public key is returned for the caller to check against the derived one.
 */
export function decodeEcPrivateKey(
  suite: SuiteName,
  content: Pkcs8Content,
): { readonly privateKey: Uint8Array; readonly publicKey?: Uint8Array } {
  const outer = new DerReader(content.privateKey, 'ECPrivateKey');
  const seq = outer.sequence('');
  outer.end();
  const version = seq.smallInteger('version');
  if (version !== 1)
    throw invalid(
      suite,
      'ECPrivateKey.version',
      'ECPrivateKey version must be 1 (RFC 5915 §3)',
      'ECPrivateKey 的版本号必须为 1（RFC 5915 §3）',
    );
  const privateKey = seq.octetString('privateKey');
  // RFC 5915 §3: privateKey is ceiling(log2(n)/8) octets, i.e. exactly 32 for both curves.
  if (privateKey.length !== FIELD_BYTES) {
    throw invalid(
      suite,
      'ECPrivateKey.privateKey',
      `the private key octet string must be ${FIELD_BYTES} bytes`,
      `私钥八位组串必须为 ${FIELD_BYTES} 字节`,
    );
  }
  if (seq.peekTag() === 0xa0) {
    const params = seq.explicit(0, 'parameters');
    const curve = params.oid('namedCurve');
    params.end();
    if (curve !== content.algorithm.namedCurve) {
      throw invalid(
        suite,
        'ECPrivateKey.parameters',
        'the curve differs from the one in the AlgorithmIdentifier',
        '曲线与 AlgorithmIdentifier 中的不同',
      );
    }
  }
  let publicKey: Uint8Array | undefined;
  if (seq.peekTag() === 0xa1) {
    const wrapper = seq.explicit(1, 'publicKey');
    publicKey = wrapper.bitStringBytes('');
    wrapper.end();
  }
  seq.end();
  if (content.publicKey !== undefined) {
    // RFC 5958 publicKey [1] and ECPrivateKey's own: two copies must agree.
    if (publicKey !== undefined && !bytesEqual(publicKey, content.publicKey)) {
      throw invalid(
        suite,
        'PrivateKeyInfo.publicKey',
        'the two public keys in the document differ',
        '文档中的两个公钥不一致',
      );
    }
    publicKey = content.publicKey;
  }
  return publicKey === undefined ? { privateKey } : { privateKey, publicKey };
}

/** Writes ECPrivateKey as OpenSSL 3 does: version 1, the scalar, `[1]` public key, no `[0]`. */
export function encodeEcPrivateKey(privateKey: Uint8Array, publicKey?: Uint8Array): Uint8Array {
  return derSequence(
    derSmallInteger(1),
    derOctetString(privateKey),
    publicKey === undefined ? new Uint8Array(0) : derExplicit(1, derBitString(publicKey)),
  );
}

/** The scalar as a fixed-width big-endian value. */
export function scalarBytes(value: bigint): Uint8Array {
  return bigIntToBytes(value, FIELD_BYTES);
}
