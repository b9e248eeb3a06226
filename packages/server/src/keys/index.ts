// Public surface of `keys/`: issuers' signing keys, for the other domains and the CLI.
export { generateIssuerKey } from './generate-issuer-key.js';
export { getIssuerSigningKey, type IssuerSigningKey } from './get-issuer-signing-key.js';
export {
  DEFAULT_SUITE,
  ISSUER_KEY_STATUSES,
  type IssuerKey,
  type IssuerKeyStatus,
  KEY_CUSTODIES,
  type KeyCustody,
  type PublishedIssuerKey,
  publishedKeyOf,
} from './issuer-key.js';
export { listIssuerKeys } from './list-issuer-keys.js';
export { registerExternalKey } from './register-external-key.js';
export { type ResolvedVerificationKey, resolveVerificationKey } from './resolve-verification-key.js';
export { retireIssuerKey } from './retire-issuer-key.js';
export { revokeIssuerKey } from './revoke-issuer-key.js';
export { type IssuerKeyRotation, rotateIssuerKey } from './rotate-issuer-key.js';
export { trustedIssuers } from './trusted-issuers.js';
