import { canonicalBytes } from '../canonical/index.js';
import type { Licence, UnsignedLicence } from './licence.js';

/**
 * The bytes a licence's proof signs — THE CONTRACT (docs/design/licence-format.md §4):
 * the UTF-8 encoding of the RFC 8785 canonical JSON of the licence without its `proof`
 * member. Every other member (format, metadata, face, statusReference) is covered, so
 * none can be added, removed or changed without breaking the signature.
 *
 * @example
 * const bytes = licenceSigningBytes(licence); // same bytes whether or not `licence` carries a proof
 */
export function licenceSigningBytes(licence: UnsignedLicence | Licence): Uint8Array {
  // Copy every own member but `proof` rather than listing the known ones, so that a
  // member added to the format later can never slip out of the signature.
  const unsigned = Object.fromEntries(Object.entries(licence).filter(([name]) => name !== 'proof'));
  return canonicalBytes(unsigned);
}
