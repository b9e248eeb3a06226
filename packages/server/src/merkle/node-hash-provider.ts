/**
 * Node's native SHA-256 as core's `HashProvider`, for the log service: Merkle work is
 * millions of tiny hashes and OpenSSL's SHA-256 (with SHA-NI where the CPU has it) is
 * several times faster than core's pure-JS default. `crypto.hash` (Node ≥ 20.12) is a
 * one-shot call without a Hash object per node; older Node falls back to createHash.
 */
import * as nodeCrypto from 'node:crypto';
import type { HashProvider } from '@hutong/core';

type OneShotHash = (algorithm: string, data: Uint8Array, outputEncoding: 'buffer') => Buffer;

const oneShot = (nodeCrypto as unknown as { hash?: OneShotHash }).hash;

/**
 * @example const tree = new MemoryTree(nodeHashProvider);
 */
export const nodeHashProvider: HashProvider = Object.freeze({
  sha256:
    oneShot !== undefined
      ? (data: Uint8Array): Uint8Array => oneShot('sha256', data, 'buffer')
      : (data: Uint8Array): Uint8Array => nodeCrypto.createHash('sha256').update(data).digest(),
});
