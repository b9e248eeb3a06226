// Public surface of `licence/`: everything other code may import from here.
export { decodeBase64url, encodeBase64url } from './base64url.js';
export {
  type FaceValue,
  LICENCE_FORMAT,
  type Licence,
  type LicenceFace,
  type LicenceMetadata,
  type LicenceProof,
  type StatusReference,
  type UnsignedLicence,
} from './licence.js';
export { licenceCanonicalText } from './licence-canonical-text.js';
export { licenceSigningBytes } from './licence-signing-bytes.js';
export {
  type LicenceVersionChanges,
  type LicenceVersionMetadataChanges,
  newLicenceVersion,
} from './new-licence-version.js';
export {
  type ParsedLicence,
  type ParseLicenceOptions,
  parseLicence,
  parseLicenceWithWarnings,
  parseUnsignedLicence,
} from './parse-licence.js';
export { formatProofCreated, parseProofCreated } from './proof-created.js';
export {
  type CanonicalSignedLicence,
  type SignLicenceOptions,
  signLicence,
  signLicenceCanonical,
} from './sign-licence.js';
export { SIGNATURE_BYTES } from './signature-bytes.js';
export {
  formatVerificationMethod,
  isKeyId,
  parseVerificationMethod,
  type VerificationMethod,
} from './verification-method.js';
export { verifyLicenceSignature } from './verify-licence-signature.js';
