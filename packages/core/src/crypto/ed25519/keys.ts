/**
 * Ed25519 keys (RFC 8032) in the containers of RFC 8410: algorithm id-Ed25519 with absent
 * parameters, SPKI holding the 32-byte public key, PKCS#8 holding CurvePrivateKey — an OCTET
 * STRING of the 32-byte seed (RFC 8410 §7). JWK: OKP with crv Ed25519 (RFC 8037 §2).
 */
import { HutongError } from '../../errors.js';
import { DerReader, derOctetString } from '../der.js';
import type { Pkcs8Content } from '../key-formats.js';

/** id-Ed25519 (RFC 8410 §3). */
export const ED25519_OID = '1.3.101.112';

const KEY_BYTES = 32;

/** `ruleZh`: the same rule in Chinese, for the zh-CN message (every caller states both). */
function invalid(field: string, rule: string, ruleZh: string): HutongError {
  return new HutongError('ERR_CRYPTO_KEY_INVALID', {
    field,
    params: { suite: 'ed25519', rule },
    zhParams: { rule: ruleZh },
  });
}

/** RFC 8032 §5.1.5: the private key is any 32 random bytes. */
export function checkEd25519PrivateKey(privateKey: Uint8Array): void {
  if (privateKey.length !== KEY_BYTES)
    throw invalid('privateKey', 'an Ed25519 private key is 32 bytes', 'Ed25519 私钥应为 32 字节');
}

/** RFC 8032 §5.1.2: a public key is the 32-byte encoding of a point (decoded by the platform). */
export function checkEd25519PublicKey(publicKey: Uint8Array): void {
  if (publicKey.length !== KEY_BYTES)
    throw invalid('publicKey', 'an Ed25519 public key is 32 bytes', 'Ed25519 公钥应为 32 字节');
}

/** RFC 8410 §7: CurvePrivateKey ::= OCTET STRING inside the PKCS#8 privateKey OCTET STRING. */
export function decodeEd25519PrivateKey(content: Pkcs8Content): {
  readonly privateKey: Uint8Array;
  readonly publicKey?: Uint8Array;
} {
  const reader = new DerReader(content.privateKey, 'CurvePrivateKey');
  const privateKey = reader.octetString('');
  reader.end();
  checkEd25519PrivateKey(privateKey);
  return content.publicKey === undefined ? { privateKey } : { privateKey, publicKey: content.publicKey };
}

export function encodeEd25519PrivateKey(privateKey: Uint8Array): Uint8Array {
  return derOctetString(privateKey);
}
