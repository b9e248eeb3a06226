// Public surface of `showing/`: show codes (亮证码, docs/design/show-code.md).
export { decodeBase45, encodeBase45 } from './base45.js';
export {
  type CreatedShowCode,
  type CreateShowCodeOptions,
  createShowCode,
  type ShowCodeInput,
} from './create-show-code.js';
export { decodeShowCode } from './decode-show-code.js';
export { type DisclosureChoice, defaultDisclosure, MAX_DEFAULT_FACE_FIELDS } from './disclosure.js';
export {
  QR_ERROR_CORRECTION_LEVELS,
  type QrErrorCorrectionLevel,
  type QrMode,
  qrCodeVersion,
} from './qr-code-version.js';
export {
  DEFAULT_SHOW_CODE_LIFETIME_SECONDS,
  MAX_PURPOSE_LENGTH,
  MAX_SHOW_CODE_LENGTH,
  MAX_SHOW_CODE_LIFETIME_SECONDS,
  MAX_SHOWN_FIELDS,
  SHOW_CODE_CLOCK_SKEW_MS,
  SHOW_CODE_NONCE_BYTES,
  SHOW_CODE_PREFIX,
  SHOW_PURPOSE_CODES,
  SHOW_PURPOSE_LABELS,
  SHOWABLE_METADATA,
  type ShowableMetadata,
  type ShowCode,
  type ShownField,
  type ShowPurposeCode,
} from './show-code.js';
export {
  type ShowCodeSize,
  type ShowCodeSizeReport,
  SIZE_SCENARIOS,
  type SizeDistribution,
  type SizeScenario,
  showCodeSizeReport,
} from './show-code-size-report.js';
export {
  type SeenNonce,
  SHOW_CODE_CHECK_NAMES,
  type ShowCodeCheck,
  type ShowCodeCheckName,
  type ShowCodeSummary,
  type ShowCodeVerdict,
  type VerifyShowCodeOptions,
  verifyShowCode,
} from './verify-show-code.js';
