import type { VerificationKey } from '../crypto/types.js';
import { decodeBase64url } from './base64url.js';
import type { Licence } from './licence.js';
import { licenceSigningBytes } from './licence-signing-bytes.js';
import { SIGNATURE_BYTES } from './signature-bytes.js';
import { parseVerificationMethod } from './verification-method.js';

/**
 * Checks the proof's signature with `key`: true only when the key's suite and key id are
 * the ones the proof names and the signature verifies over {@link licenceSigningBytes}.
 * Answers false (never throws) for a bad or malformed signature or a mismatched key; it
 * does not decide whether the key is trusted for this issuer (that is `verifyLicence`).
 *
 * @example
 * const ok = await verifyLicenceSignature(parseLicence(json), issuerKey.publicKey);
 */
export async function verifyLicenceSignature(licence: Licence, key: VerificationKey): Promise<boolean> {
  let signature: Uint8Array;
  let keyId: string;
  try {
    keyId = parseVerificationMethod(licence.proof.verificationMethod).keyId;
    signature = decodeBase64url(licence.proof.signatureValue, 'proof.signatureValue');
  } catch {
    return false;
  }
  // The proof lies outside the signed bytes, so the algorithm is the key's, never the one
  // the document asks for (the JOSE "alg" lesson, RFC 8725 §2.1).
  if (key.suite !== licence.proof.suite || key.keyId !== keyId) return false;
  if (signature.length !== SIGNATURE_BYTES[key.suite]) return false;
  return key.verify(licenceSigningBytes(licence), signature);
}
