// Public surface of `trust/`: the node's signed trust list (docs/design/trust-list.md).
export {
  type BuildTrustListOptions,
  buildTrustList,
  type TrustListInput,
  type TrustListIssuerInput,
  type TrustListKeyInput,
} from './build-trust-list.js';
export {
  MAX_TRUST_LIST_ISSUERS,
  MAX_TRUST_LIST_LIFETIME_DAYS,
  type NodeVerificationMethod,
  parseNodeVerificationMethod,
  parseTrustList,
  parseUnsignedTrustList,
} from './parse-trust-list.js';
export {
  TRUST_LIST_FORMAT,
  type TrustList,
  type TrustListIssuer,
  type TrustListIssuerKey,
  type TrustListLogKey,
  type TrustListNode,
  type TrustListProof,
  type TrustListPublicKey,
  type TrustListShowingKey,
  type UnsignedTrustList,
} from './trust-list.js';
export { trustListSigningBytes } from './trust-list-signing-bytes.js';
export {
  type AcceptedTrustList,
  findShowingKey,
  findTrustedIssuer,
  isPreparedTrustList,
  type PreparedLogKey,
  type PreparedShowingKey,
  type PreparedTrustList,
  SHOWING_KEY_HINT_BYTES,
  type TrustAnchor,
  type VerifyTrustListOptions,
  verifyTrustList,
} from './verify-trust-list.js';
