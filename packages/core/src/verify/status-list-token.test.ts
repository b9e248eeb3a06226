import { deflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey, type SigningKey } from '../crypto/index.js';
import { HutongError } from '../errors.js';
import { parseUscc } from '../identifiers/index.js';
import { encodeBase64url, type Licence, type StatusReference } from '../licence/index.js';
import { openStatusListToken, STATUS_LIST_JWT_TYPE, statusListLookup } from './status-list-token.js';
import type { TrustedIssuer } from './trust-list.js';

const ISSUER = parseUscc('11220000013544541J');
const OTHER_ISSUER = parseUscc('91350100M000100Y43');
const URI = 'https://licences.example.cn/api/v1/status-lists/11220000013544541J/1';
const AT = new Date('2026-11-29T12:00:00Z');
const IAT = Math.floor(AT.getTime() / 1000) - 60;

let key: SigningKey;
let otherKey: SigningKey;
let issuers: TrustedIssuer[];

beforeAll(async () => {
  key = await generateSigningKey('ed25519');
  otherKey = await generateSigningKey('ed25519');
  issuers = [
    {
      issuerCode: ISSUER,
      name: '吉林省住房和城乡建设厅',
      types: [],
      keys: [{ keyId: key.keyId, suite: 'ed25519', key: key.publicKey, validFrom: new Date('2026-01-01T00:00:00Z') }],
    },
  ];
});

const encoder = new TextEncoder();
const segment = (value: unknown) => encodeBase64url(encoder.encode(JSON.stringify(value)));

/** Packs 2-bit entries as §4.1 does: entry i at bit 2i from the least significant bit. */
function pack(size: number, entries: Record<number, number>): Uint8Array {
  const bytes = new Uint8Array(Math.ceil((size * 2) / 8));
  for (const [i, v] of Object.entries(entries)) {
    const bit = Number(i) * 2;
    bytes[bit >> 3] = (bytes[bit >> 3] as number) | (v << (bit & 7));
  }
  return bytes;
}

async function token(
  options: {
    header?: Record<string, unknown>;
    claims?: Record<string, unknown>;
    list?: Uint8Array;
    signer?: SigningKey;
    lst?: string;
  } = {},
): Promise<string> {
  const signer = options.signer ?? key;
  const header = { alg: 'EdDSA', kid: signer.keyId, typ: STATUS_LIST_JWT_TYPE, ...options.header };
  const list = options.list ?? pack(64, { 1: 1, 2: 2, 63: 3 });
  const claims = {
    sub: URI,
    iss: ISSUER,
    iat: IAT,
    exp: IAT + 3600,
    ttl: 300,
    status_list: { bits: 2, lst: options.lst ?? encodeBase64url(new Uint8Array(deflateSync(list, { level: 9 }))) },
    ...options.claims,
  };
  const input = `${segment(header)}.${segment(claims)}`;
  return `${input}.${encodeBase64url(await signer.sign(encoder.encode(input)))}`;
}

async function refusal(p: Promise<unknown>): Promise<HutongError> {
  try {
    await p;
  } catch (error) {
    if (error instanceof HutongError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const licenceOf = (issuer: string) => ({ metadata: { certificateIssuingAuthorityCode: issuer } }) as unknown as Licence;
const ref = (index: number, uri = URI): StatusReference => ({ uri, index }) as StatusReference;

describe('openStatusListToken: an IETF Token Status List checked against the trust list', () => {
  it('opens a signed list and answers entries through statusListLookup', async () => {
    const list = await openStatusListToken(await token(), issuers, { at: AT });
    expect(list).toMatchObject({ uri: URI, issuerCode: ISSUER, keyId: key.keyId, bits: 2, size: 64, ttl: 300 });
    expect([0, 1, 2, 3, 63, 64, -1, 1.5].map((i) => list.entry(i))).toEqual([
      0,
      1,
      2,
      0,
      3,
      undefined,
      undefined,
      undefined,
    ]);
    const lookup = statusListLookup([list]);
    const mine = licenceOf(ISSUER);
    expect([0, 1, 2, 63, 64].map((i) => lookup(ref(i), mine))).toEqual([
      'valid',
      'invalid',
      'suspended',
      undefined,
      undefined,
    ]);
    // Another issuer's licence pointing into this list, or a list the verifier does not hold: no answer.
    expect(lookup(ref(0), licenceOf(OTHER_ISSUER))).toBeUndefined();
    expect(lookup(ref(0, `${URI}x`), mine)).toBeUndefined();
  });

  it('refuses a token whose signature, key, algorithm or type is wrong', async () => {
    const good = await token();
    const [h, p, s] = good.split('.') as [string, string, string];
    const flipped = `${s[0] === 'A' ? 'B' : 'A'}${s.slice(1)}`;
    expect((await refusal(openStatusListToken(`${h}.${p}.${flipped}`, issuers, { at: AT }))).code).toBe(
      'ERR_VERIFY_STATUS_LIST_SIGNATURE',
    );
    // The payload of another token under this token's signature.
    const [, p2] = (await token({ list: pack(64, {}) })).split('.') as [string, string];
    expect((await refusal(openStatusListToken(`${h}.${p2}.${s}`, issuers, { at: AT }))).code).toBe(
      'ERR_VERIFY_STATUS_LIST_SIGNATURE',
    );
    expect((await refusal(openStatusListToken(await token({ signer: otherKey }), issuers, { at: AT }))).code).toBe(
      'ERR_VERIFY_STATUS_LIST_KEY_UNKNOWN',
    );
    const foreign = await token({ claims: { iss: OTHER_ISSUER } });
    expect((await refusal(openStatusListToken(foreign, issuers, { at: AT }))).code).toBe(
      'ERR_VERIFY_STATUS_LIST_KEY_UNKNOWN',
    );
    const es256 = await token({ header: { alg: 'ES256' } });
    expect(await refusal(openStatusListToken(es256, issuers, { at: AT }))).toMatchObject({
      code: 'ERR_VERIFY_STATUS_LIST_MALFORMED',
      field: 'header.alg',
    });
    const jwt = await token({ header: { typ: 'JWT' } });
    expect(await refusal(openStatusListToken(jwt, issuers, { at: AT }))).toMatchObject({ field: 'header.typ' });
  });

  it('refuses an expired list at every use, a list signed outside its key’s validity, and malformed claims', async () => {
    const t = await token();
    await expect(openStatusListToken(t, issuers, { at: AT })).resolves.toBeDefined();
    const late = new Date((IAT + 3600) * 1000);
    expect((await refusal(openStatusListToken(t, issuers, { at: late }))).code).toBe('ERR_VERIFY_STATUS_LIST_EXPIRED');
    const early = await token({ claims: { iat: Math.floor(new Date('2025-06-01T00:00:00Z').getTime() / 1000) } });
    expect((await refusal(openStatusListToken(early, issuers, { at: AT }))).code).toBe(
      'ERR_VERIFY_STATUS_LIST_KEY_INVALID',
    );
    for (const [claims, field] of [
      [{ sub: '' }, 'sub'],
      [{ iat: 'yesterday' }, 'iat'],
      [{ ttl: -1 }, 'ttl'],
      [{ status_list: { bits: 3, lst: 'AA' } }, 'status_list.bits'],
      [{ status_list: { bits: 2, lst: 'not base64!' } }, 'status_list.lst'],
      [{ status_list: { bits: 2, lst: encodeBase64url(new Uint8Array([1, 2, 3, 4])) } }, 'status_list.lst'],
    ] as const) {
      const error = await refusal(openStatusListToken(await token({ claims }), issuers, { at: AT }));
      expect(error.field, JSON.stringify(claims)).toBe(field);
    }
    for (const text of ['', 'a.b', 'a.b.c.d', 42]) {
      expect((await refusal(openStatusListToken(text, issuers, { at: AT }))).code).toMatch(/^ERR_/);
    }
  });

  it('refuses a list that inflates beyond MAX_STATUS_LIST_BYTES without inflating it all', async () => {
    const bomb = new Uint8Array(deflateSync(new Uint8Array(17 * 1024 * 1024), { level: 9 }));
    const error = await refusal(openStatusListToken(await token({ lst: encodeBase64url(bomb) }), issuers, { at: AT }));
    expect(error).toMatchObject({ code: 'ERR_VERIFY_STATUS_LIST_MALFORMED', field: 'status_list.lst' });
  });

  it('remembers an opened list by its exact token and trust list, never a refused one', async () => {
    const t = await token();
    const a = await openStatusListToken(t, issuers, { at: AT });
    expect(await openStatusListToken(t, issuers, { at: AT })).toBe(a);
    // Other trust (no key for the issuer): refused, whatever was remembered under the first.
    expect((await refusal(openStatusListToken(t, [], { at: AT }))).code).toBe('ERR_VERIFY_STATUS_LIST_KEY_UNKNOWN');
    const [h, p, s] = t.split('.') as [string, string, string];
    const bad = `${h}.${p}.${s.slice(0, -2)}${s.slice(-2) === 'AA' ? 'AQ' : 'AA'}`;
    for (let i = 0; i < 2; i++) {
      expect((await refusal(openStatusListToken(bad, issuers, { at: AT }))).code).toBe(
        'ERR_VERIFY_STATUS_LIST_SIGNATURE',
      );
    }
  });
});
