// Public surface of `verify/`: everything other code may import from here.
export { type MaskedHolder, maskHolder } from './mask-holder.js';
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
  type OfflineStatus,
  PROOF_CLOCK_SKEW_MS,
  type StatusLookup,
  type TypeCatalogue,
  type VerifyContext,
  verifyLicence,
} from './verify-licence.js';
