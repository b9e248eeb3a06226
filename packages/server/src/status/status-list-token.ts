import { deflateSync } from 'node:zlib';
import { encodeBase64url, JWS_ALGORITHMS, type SigningKey, STATUS_LIST_JWT_TYPE } from '@hutong/core';

/**
 * IETF Token Status List (draft-ietf-oauth-status-list), JWT form. Why this and not the
 * W3C Bitstring Status List: docs/design/status-lists.md.
 */

/** §4.1: 2 bits an entry — 0x00 VALID, 0x01 INVALID, 0x02 SUSPENDED (core STATUS_LIST_VALUES). */
export const STATUS_LIST_BITS = 2;

/** §5.1 / IANA media type of a Status List Token in JWT form; `typ` and `alg` per suite are core's (its reader checks them). */
export { JWS_ALGORITHMS, STATUS_LIST_JWT_TYPE } from '@hutong/core';
export const STATUS_LIST_MEDIA_TYPE = 'application/statuslist+jwt';

/**
 * Packs entries into the byte array of §4.1: entry `i` lives in byte `⌊i·bits/8⌋`, at bit
 * offset `(i·bits) mod 8` counted from the least significant bit.
 *
 * @example packStatusList(8, [[0, 1], [3, 2]]) // Uint8Array [0b10000001, 0]
 */
export function packStatusList(capacity: number, entries: Iterable<readonly [number, number]>): Uint8Array {
  const bytes = new Uint8Array(Math.ceil((capacity * STATUS_LIST_BITS) / 8));
  for (const [index, value] of entries) {
    if (!Number.isInteger(index) || index < 0 || index >= capacity)
      throw new RangeError(`status index ${index} outside the list`);
    const bit = index * STATUS_LIST_BITS;
    const at = bit >> 3;
    const shift = bit & 7;
    // Clear, then set: a slot is written once per value it takes.
    bytes[at] = ((bytes[at] ?? 0) & ~(0b11 << shift)) | ((value & 0b11) << shift);
  }
  return bytes;
}

/**
 * Reads entry `index` of a packed list (the inverse of {@link packStatusList}).
 *
 * @example readStatusEntry(packStatusList(8, [[3, 2]]), 3) // 2
 */
export function readStatusEntry(bytes: Uint8Array, index: number): number {
  const bit = index * STATUS_LIST_BITS;
  return ((bytes[bit >> 3] ?? 0) >> (bit & 7)) & 0b11;
}

/**
 * §4.1: "compressed using DEFLATE [RFC1951] with the ZLIB [RFC1950] data format", at the
 * highest level (the list is built once per change and fetched many times).
 */
export function compressStatusList(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(deflateSync(bytes, { level: 9 }));
}

export interface StatusListClaims {
  /** §5.1: `sub` MUST equal the `uri` the licences' status references carry. */
  readonly uri: string;
  readonly issuedAt: Date;
  /** §5.1 `exp`: when a verifier must stop relying on this copy. */
  readonly expiresAt: Date;
  /** §5.1 `ttl`: seconds a verifier may cache the list before fetching it again. */
  readonly ttl: number;
  /** The packed, uncompressed list. */
  readonly list: Uint8Array;
  /** The issuer's USCC (`iss`). */
  readonly issuer: string;
}

const encoder = new TextEncoder();

function segment(value: unknown): string {
  return encodeBase64url(encoder.encode(JSON.stringify(value)));
}

/**
 * Signs a Status List Token (§5.1): header `{ alg, kid, typ: 'statuslist+jwt' }`, claims
 * `{ sub, iss, iat, exp, ttl, status_list: { bits: 2, lst } }`, JWS compact serialisation
 * (RFC 7515 §7.1) with the raw signature of `key`.
 *
 * @example const jwt = await signStatusListToken(claims, issuerKey); // 'eyJhbGciOiJFZERTQSIs…'
 */
export async function signStatusListToken(claims: StatusListClaims, key: SigningKey): Promise<string> {
  const header = { alg: JWS_ALGORITHMS[key.suite], kid: key.keyId, typ: STATUS_LIST_JWT_TYPE };
  const payload = {
    sub: claims.uri,
    iss: claims.issuer,
    iat: Math.floor(claims.issuedAt.getTime() / 1000),
    exp: Math.floor(claims.expiresAt.getTime() / 1000),
    ttl: claims.ttl,
    status_list: { bits: STATUS_LIST_BITS, lst: encodeBase64url(compressStatusList(claims.list)) },
  };
  const signingInput = `${segment(header)}.${segment(payload)}`;
  const signature = await key.sign(encoder.encode(signingInput));
  return `${signingInput}.${encodeBase64url(signature)}`;
}
