/**
 * JSON Web Keys (RFC 7517) for Hutong's suites and RFC 7638 thumbprints, which are Hutong's
 * key ids. EC keys (P-256, and SM2 by Hutong's convention — see sm2-sm3/keys.ts) carry x and y;
 * OKP keys (Ed25519, RFC 8037) carry x. Coordinates are unpadded base64url of the full
 * 32-byte field size (RFC 7518 §6.2.1.2).
 */
import { HutongError } from '../errors.js';
import { base64UrlDecode, base64UrlEncode, typeName, utf8 } from './bytes.js';
import { ecCoordinates, ecPublicKey, FIELD_BYTES } from './ec.js';
import type { SuiteDefinition } from './suite.js';
import { suiteByJwk } from './suites.js';

/** A public JWK of one of Hutong's suites. */
export interface PublicJwk {
  readonly kty: 'EC' | 'OKP';
  readonly crv: string;
  readonly x: string;
  /** Present for EC keys only. */
  readonly y?: string;
}

/** A private JWK: the public members plus `d` (the scalar or the Ed25519 seed). */
export interface PrivateJwk extends PublicJwk {
  readonly d: string;
}

/** `ruleZh`: the same rule in Chinese, for the zh-CN message (every caller states both). */
function invalid(field: string, rule: string, ruleZh: string): HutongError {
  return new HutongError('ERR_CRYPTO_JWK_INVALID', { field, params: { field, rule }, zhParams: { rule: ruleZh } });
}

function asObject(jwk: unknown): Readonly<Record<string, unknown>> {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
    throw new HutongError('ERR_CRYPTO_INPUT_TYPE', {
      field: 'jwk',
      params: { what: 'jwk', expected: 'a JSON object', actual: typeName(jwk) },
      zhParams: { expected: 'JSON 对象' },
    });
  }
  return jwk as Readonly<Record<string, unknown>>;
}

function member(jwk: Readonly<Record<string, unknown>>, name: string): string {
  const value = Object.hasOwn(jwk, name) ? jwk[name] : undefined;
  if (typeof value !== 'string') throw invalid(name, 'a string member is required', '须为字符串成员');
  return value;
}

function bytesMember(jwk: Readonly<Record<string, unknown>>, name: string, length: number): Uint8Array {
  const bytes = base64UrlDecode(member(jwk, name));
  if (bytes === undefined) throw invalid(name, 'not canonical unpadded base64url', '不是规范的无填充 base64url 编码');
  if (bytes.length !== length)
    throw invalid(name, `must encode exactly ${length} bytes`, `必须恰好编码 ${length} 个字节`);
  return bytes;
}

/**
 * RFC 7638 §3: the thumbprint is SHA-256 over the required members only, in lexicographic
 * order, without whitespace. Required members: EC — crv, kty, x, y (§3.2); OKP — crv, kty, x
 * (RFC 8037 §2); RSA — e, kty, n (§3.2).
 */
const REQUIRED_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
  RSA: ['e', 'kty', 'n'],
};

/**
 * The RFC 7638 JWK thumbprint (SHA-256, base64url): Hutong's key id. Works for any EC, OKP
 * or RSA JWK (a client's key need not be a Hutong suite); other members are ignored.
 *
 * @example
 * // RFC 7638 §3.1's example RSA key:
 * await jwkThumbprint({ kty: 'RSA', e: 'AQAB', n: '0vx7agoebGc…' }) // 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs'
 */
export async function jwkThumbprint(jwk: unknown): Promise<string> {
  const object = asObject(jwk);
  const kty = member(object, 'kty');
  const required = REQUIRED_MEMBERS[kty];
  if (required === undefined)
    throw invalid(
      'kty',
      'RFC 7638 thumbprints are defined here for EC, OKP and RSA keys',
      '此处仅为 EC、OKP 和 RSA 密钥定义了 RFC 7638 指纹',
    );
  // JSON.stringify escapes exactly as RFC 7638 §3.3 asks (UTF-8 JSON, no insignificant whitespace).
  const canonical = `{${required.map((name) => `${JSON.stringify(name)}:${JSON.stringify(member(object, name))}`).join(',')}}`;
  const digest = await globalThis.crypto.subtle.digest('SHA-256', utf8(canonical) as Uint8Array<ArrayBuffer>);
  return base64UrlEncode(new Uint8Array(digest));
}

/** The public JWK of a raw public key of `suite`. */
export function publicJwkOf(suite: SuiteDefinition, publicKey: Uint8Array): PublicJwk {
  if (suite.jwk.kty === 'EC') {
    const { x, y } = ecCoordinates(publicKey);
    return { kty: 'EC', crv: suite.jwk.crv, x: base64UrlEncode(x), y: base64UrlEncode(y) };
  }
  return { kty: 'OKP', crv: suite.jwk.crv, x: base64UrlEncode(publicKey) };
}

export function privateJwkOf(suite: SuiteDefinition, publicKey: Uint8Array, privateKey: Uint8Array): PrivateJwk {
  return { ...publicJwkOf(suite, publicKey), d: base64UrlEncode(privateKey) };
}

/** Reads the key material of a JWK of one of Hutong's suites. `d` is returned when present. */
export function readJwk(jwk: unknown): {
  readonly suite: SuiteDefinition;
  readonly publicKey: Uint8Array;
  readonly privateKey?: Uint8Array;
} {
  const object = asObject(jwk);
  const kty = member(object, 'kty');
  const crv = member(object, 'crv');
  const suite = suiteByJwk(kty, crv);
  if (suite === undefined) {
    throw new HutongError('ERR_CRYPTO_KEY_ALGORITHM_UNSUPPORTED', {
      field: 'crv',
      params: { algorithm: `JWK kty ${kty.slice(0, 20)}`, curve: crv.slice(0, 20) },
      zhParams: { algorithm: `JWK（kty 为 ${kty.slice(0, 20)}）` },
    });
  }
  const publicKey =
    suite.jwk.kty === 'EC'
      ? ecPublicKey(bytesMember(object, 'x', FIELD_BYTES), bytesMember(object, 'y', FIELD_BYTES))
      : bytesMember(object, 'x', suite.publicKeyLength);
  if (!Object.hasOwn(object, 'd')) return { suite, publicKey };
  return { suite, publicKey, privateKey: bytesMember(object, 'd', FIELD_BYTES) };
}
