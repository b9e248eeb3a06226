import { canonicalBytes } from '../canonical/index.js';
import type { TrustList, UnsignedTrustList } from './trust-list.js';

/**
 * The bytes a trust list's proof signs — THE CONTRACT (docs/design/trust-list.md §3), the
 * licence rule again: the UTF-8 encoding of the RFC 8785 canonical JSON of the list without
 * its `proof` member. Every other member is covered.
 *
 * @example
 * const bytes = trustListSigningBytes(list); // same bytes whether or not `list` carries a proof
 */
export function trustListSigningBytes(list: UnsignedTrustList | TrustList): Uint8Array {
  // Every own member but `proof`, rather than the known ones: a member added to the format
  // later can never slip out of the signature.
  const unsigned = Object.fromEntries(Object.entries(list).filter(([name]) => name !== 'proof'));
  return canonicalBytes(unsigned);
}
