// Public surface of `verify/`: everything other code may import from here.

export {
  CONSENT_RECEIPT_FORMAT,
  type ConsentReceipt,
  type ConsentReceiptHolder,
  type ConsentReceiptLicences,
  type ConsentReceiptProof,
  type ConsentReceiptRelyingParty,
  consentReceiptSigningBytes,
  MAX_RECEIPT_LICENCES,
  MAX_RECEIPT_PURPOSE,
  parseConsentReceipt,
  receiptVerificationMethod,
  signConsentReceipt,
  type UnsignedConsentReceipt,
} from './consent-receipt.js';
export { type MaskedHolder, maskHolder } from './mask-holder.js';
export {
  JWS_ALGORITHMS,
  MAX_STATUS_LIST_BYTES,
  openStatusListToken,
  REMEMBERED_STATUS_LISTS,
  STATUS_LIST_JWT_TYPE,
  type StatusList,
  statusListLookup,
} from './status-list-token.js';
export { type KeyResolver, type TrustedIssuer, type TrustedKey, trustListResolver } from './trust-list.js';
export {
  CHECK_NAMES,
  type CheckName,
  type Verdict,
  type VerdictCheck,
  type VerdictLicence,
  type VerdictWarning,
} from './verdict.js';
export {
  CONSENT_RECEIPT_CHECK_NAMES,
  type ConsentReceiptCheck,
  type ConsentReceiptCheckName,
  type ConsentReceiptSummary,
  type ConsentReceiptVerdict,
  verifyConsentReceipt,
} from './verify-consent-receipt.js';
export {
  type HeldCopy,
  type OfflineStatus,
  PROOF_CLOCK_SKEW_MS,
  type StatusLookup,
  type TypeCatalogue,
  type VerifyContext,
  verifyLicence,
} from './verify-licence.js';
