/**
 * Signed IETF Token Status Lists for show-code and print-code tests: a real token (JWT,
 * ZLIB-compressed 2-bit entries) signed by the fixture's issuer key and opened by core's
 * `openStatusListToken`, as a verifier's cache holds it. Test-only.
 */
import { deflateSync } from 'node:zlib';
import type { SigningKey } from '../../crypto/index.js';
import { encodeBase64url } from '../../licence/index.js';
import { statusListPath } from '../../status/index.js';
import type { PreparedTrustList } from '../../trust/verify-trust-list.js';
import { JWS_ALGORITHMS, openStatusListToken, STATUS_LIST_JWT_TYPE, type StatusList } from '../../verify/index.js';

const encoder = new TextEncoder();
const segment = (value: unknown) => encodeBase64url(encoder.encode(JSON.stringify(value)));

export interface StatusListTokenInput {
  readonly issuerKey: SigningKey;
  readonly issuerCode: string;
  readonly listId: number;
  /** Entry index → value (0 valid, 1 invalid, 2 suspended). */
  readonly entries: Readonly<Record<number, number>>;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  /** Entries in the list (default 1024). */
  readonly size?: number;
}

/** The token text, as `GET /api/v1/status-lists/{issuer}/{listId}` serves it. */
export async function statusListToken(input: StatusListTokenInput): Promise<string> {
  const size = input.size ?? 1024;
  const bytes = new Uint8Array(Math.ceil((size * 2) / 8));
  for (const [i, v] of Object.entries(input.entries)) {
    const bit = Number(i) * 2;
    bytes[bit >> 3] = (bytes[bit >> 3] as number) | (v << (bit & 7));
  }
  const header = { alg: JWS_ALGORITHMS[input.issuerKey.suite], kid: input.issuerKey.keyId, typ: STATUS_LIST_JWT_TYPE };
  const claims = {
    sub: `https://zwfw.jl.example.cn${statusListPath(input.issuerCode, input.listId)}`,
    iss: input.issuerCode,
    iat: Math.floor(input.issuedAt.getTime() / 1000),
    exp: Math.floor(input.expiresAt.getTime() / 1000),
    ttl: 300,
    status_list: { bits: 2, lst: encodeBase64url(new Uint8Array(deflateSync(bytes, { level: 9 }))) },
  };
  const signingInput = `${segment(header)}.${segment(claims)}`;
  return `${signingInput}.${encodeBase64url(await input.issuerKey.sign(encoder.encode(signingInput)))}`;
}

/** The token opened against the trust list at its issue time, as a verifier cached it then. */
export async function openedStatusList(input: StatusListTokenInput, trust: PreparedTrustList): Promise<StatusList> {
  return openStatusListToken(await statusListToken(input), trust.keys, { at: input.issuedAt });
}
