import { emptyRoot, leafHash, MemoryTree, nobleHashProvider, nodeHash, rootFromLeafHashes } from '@hutong/core';
import { describe, expect, it } from 'vitest';
import { nodeHashProvider } from './node-hash-provider.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('nodeHashProvider', () => {
  it('is SHA-256 (FIPS 180-4 test vectors)', () => {
    expect(hex(nodeHashProvider.sha256(new Uint8Array(0)))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(hex(nodeHashProvider.sha256(new TextEncoder().encode('abc')))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('agrees with the pure-JS default on Merkle hashes', () => {
    const entries = Array.from({ length: 37 }, (_, i) => new TextEncoder().encode(`entry ${i}`));
    const a = entries.map((e) => leafHash(e, nodeHashProvider));
    const b = entries.map((e) => leafHash(e, nobleHashProvider));
    expect(a.map(hex)).toEqual(b.map(hex));
    expect(hex(nodeHash(a[0] as Uint8Array, a[1] as Uint8Array, nodeHashProvider))).toBe(
      hex(nodeHash(b[0] as Uint8Array, b[1] as Uint8Array)),
    );
    expect(hex(rootFromLeafHashes(a, nodeHashProvider))).toBe(hex(rootFromLeafHashes(b)));
    expect(hex(emptyRoot(nodeHashProvider))).toBe(hex(emptyRoot()));
    const tree = new MemoryTree(nodeHashProvider);
    tree.appendAll(a);
    expect(hex(tree.rootHash())).toBe(hex(rootFromLeafHashes(b)));
  });

  it('gives every byte value of the digest back exactly (latin1 copy), for inputs of every block count', () => {
    for (const length of [1, 55, 56, 63, 64, 65, 119, 600, 70_000]) {
      const data = new Uint8Array(length);
      for (let i = 0; i < length; i++) data[i] = (i * 131 + length) & 0xff;
      const digest = nodeHashProvider.sha256(data);
      expect(digest).toBeInstanceOf(Uint8Array);
      expect(digest.length).toBe(32);
      expect(hex(digest)).toBe(hex(nobleHashProvider.sha256(data)));
    }
    // Digests with bytes ≥ 0x80 (latin1's upper half) among them.
    const bytes = new Set(
      Array.from({ length: 64 }, (_, i) => [...nodeHashProvider.sha256(new Uint8Array([i]))]).flat(),
    );
    expect(Math.max(...bytes)).toBeGreaterThan(0xf0);
  });

  it('does not keep the input buffer (callers reuse one scratch buffer)', () => {
    const data = new Uint8Array(65).fill(7);
    const first = nodeHashProvider.sha256(data);
    data.fill(9);
    expect(hex(first)).toBe(hex(nobleHashProvider.sha256(new Uint8Array(65).fill(7))));
  });
});
