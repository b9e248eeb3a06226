import { inflateSync } from 'node:zlib';
import { decodeBase64url, generateSigningKey } from '@hutong/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STATUS_LIST_CAPACITY, statusIndexOf } from './allocate-status-slots.js';
import {
  compressStatusList,
  packStatusList,
  readStatusEntry,
  STATUS_LIST_JWT_TYPE,
  signStatusListToken,
} from './status-list-token.js';

const decoder = new TextDecoder();

function decodeSegment(segment: string): Record<string, unknown> {
  return JSON.parse(decoder.decode(decodeBase64url(segment))) as Record<string, unknown>;
}

describe('packStatusList (draft-ietf-oauth-status-list §4.1, 2 bits an entry)', () => {
  it('puts entry 0 in the least significant bits of byte 0', () => {
    // §4.1's own 2-bit example: statuses [1, 2, 0, 3] pack as 0b11001001 = 0xC9.
    expect([
      ...packStatusList(4, [
        [0, 1],
        [1, 2],
        [3, 3],
      ]),
    ]).toEqual([0xc9]);
  });

  it('reads back every entry it wrote', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 4095 }), fc.integer({ min: 0, max: 2 })), {
          selector: ([index]) => index,
          maxLength: 300,
        }),
        (entries) => {
          const bytes = packStatusList(4096, entries);
          for (const [index, value] of entries) expect(readStatusEntry(bytes, index)).toBe(value);
          const set = new Set(entries.map(([index]) => index));
          for (let i = 0; i < 4096; i += 97) if (!set.has(i)) expect(readStatusEntry(bytes, i)).toBe(0);
        },
      ),
    );
  });

  it('refuses an index outside the list', () => {
    expect(() => packStatusList(8, [[8, 1]])).toThrow(RangeError);
  });
});

describe('status list size', () => {
  it('keeps 1,000,000 licences with 1 % invalid under 30 KB compressed', () => {
    // Slots as the allocator hands them out (scattered), 1 % of them revoked at random.
    let seed = 42;
    const random = () => {
      // xorshift32 (Marsaglia 2003): deterministic, and uniform enough for a size estimate.
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    const entries: Array<[number, number]> = [];
    for (let ordinal = 0; ordinal < 1_000_000; ordinal++) {
      if (random() < 0.01) entries.push([statusIndexOf(ordinal), 1]);
    }
    const compressed = compressStatusList(packStatusList(STATUS_LIST_CAPACITY, entries));
    expect(compressed.length).toBeLessThanOrEqual(30_000);
    expect(compressed.length).toBeGreaterThan(1_000);
  });

  it('hands out distinct indices for every ordinal of a list', () => {
    const seen = new Uint8Array(STATUS_LIST_CAPACITY);
    for (let ordinal = 0; ordinal < STATUS_LIST_CAPACITY; ordinal++) seen[statusIndexOf(ordinal)] = 1;
    expect(seen.every((v) => v === 1)).toBe(true);
  });
});

describe('signStatusListToken', () => {
  it.each(['ed25519', 'ecdsa-p256', 'sm2-sm3'] as const)('signs a verifiable %s status list JWT', async (suite) => {
    const key = await generateSigningKey(suite);
    const list = packStatusList(64, [
      [5, 1],
      [9, 2],
    ]);
    const jwt = await signStatusListToken(
      {
        uri: 'http://127.0.0.1/api/v1/status-lists/91350100M000100Y43/1',
        issuer: '91350100M000100Y43',
        issuedAt: new Date('2026-11-29T12:00:00Z'),
        expiresAt: new Date('2026-11-30T12:00:00Z'),
        ttl: 300,
        list,
      },
      key,
    );
    const [header = '', payload = '', signature = ''] = jwt.split('.');
    expect(decodeSegment(header)).toEqual({
      alg: { ed25519: 'EdDSA', 'ecdsa-p256': 'ES256', 'sm2-sm3': 'SM2' }[suite],
      kid: key.keyId,
      typ: STATUS_LIST_JWT_TYPE,
    });
    const claims = decodeSegment(payload) as { sub: string; iat: number; status_list: { bits: number; lst: string } };
    expect(claims.sub).toBe('http://127.0.0.1/api/v1/status-lists/91350100M000100Y43/1');
    expect(claims.iat).toBe(Date.parse('2026-11-29T12:00:00Z') / 1000);
    expect(claims.status_list.bits).toBe(2);
    const inflated = new Uint8Array(inflateSync(decodeBase64url(claims.status_list.lst)));
    expect(inflated).toEqual(list);
    const input = new TextEncoder().encode(`${header}.${payload}`);
    expect(await key.publicKey.verify(input, decodeBase64url(signature))).toBe(true);
    const tampered = new TextEncoder().encode(`${header}.${payload}x`);
    expect(await key.publicKey.verify(tampered, decodeBase64url(signature))).toBe(false);
  });
});
