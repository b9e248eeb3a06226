import { hash } from 'node:crypto';
import { canonicalize } from '@hutong/core';

/**
 * SHA-256 (hex) of the RFC 8785 canonical form of a request: two requests with the same
 * members in another order or spacing hash alike, any changed value does not.
 *
 * @example requestHash({ a: 1, b: 2 }) === requestHash({ b: 2, a: 1 }) // true
 */
export function requestHash(value: unknown): string {
  // One-shot `hash` (Node ≥ 20.12): no Hash object per call; bulk import hashes every row.
  return hash('sha256', canonicalize(value), 'hex');
}
