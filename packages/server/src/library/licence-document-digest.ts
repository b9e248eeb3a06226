/**
 * The digest the library keeps of each signed licence it holds (`licences.document_digest`,
 * migration 0027): SHA-256 (FIPS 180-4) of the document's RFC 8785 canonical form, proof
 * included. Two documents with the same digest are the same signed document whatever their
 * member order or white space, so online verification can tell "the library's own copy,
 * whose signature was checked when it entered the library" from anything else without the
 * signature arithmetic (core `VerifyContext.heldCopy`).
 */
import { hash } from 'node:crypto';
import { type Licence, licenceCanonicalText } from '@hutong/core';

/**
 * @example licenceDocumentDigest(licence).length // 32
 */
export function licenceDocumentDigest(licence: Licence): Uint8Array {
  // licenceCanonicalText is canonicalize's text, written from the format's fixed member lists
  // (online verification digests every licence it is shown: 6 against 10 µs of CPU a licence).
  return licenceDocumentDigestOfCanonical(licenceCanonicalText(licence));
}

/**
 * {@link licenceDocumentDigest} of a licence whose RFC 8785 text is already made: core's
 * `signLicenceCanonical` returns it with the licence it signs, so a signing thread digests
 * without canonicalising the licence a second time. The text is hashed as UTF-8 by the hash
 * itself (RFC 8785 §3.2.4), without a TextEncoder copy.
 *
 * @example licenceDocumentDigestOfCanonical(canonicalize(licence)) // = licenceDocumentDigest(licence)
 */
export function licenceDocumentDigestOfCanonical(canonical: string): Uint8Array {
  // One-shot crypto.hash (Node >= 20.12): no Hash object per digest (about 3 of 20 µs a licence).
  return new Uint8Array(hash('sha256', canonical, 'buffer'));
}

/** Whether a stored digest (absent for rows written before migration 0027) equals `digest`. */
export function sameDocumentDigest(stored: Uint8Array | null | undefined, digest: Uint8Array): boolean {
  if (stored === null || stored === undefined || stored.length !== digest.length) return false;
  for (let i = 0; i < digest.length; i++) if (stored[i] !== digest[i]) return false;
  return true;
}
