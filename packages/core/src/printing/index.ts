// Public surface of `printing/`: print codes (打印码) of printed licences and annotated copies
// (docs/design/printed-licence.md).
export {
  type CreatedPrintCode,
  type CreatePrintCodeOptions,
  codeOfVerificationPath,
  createPrintCode,
  decodePrintCode,
  isPrintCodeText,
  MAX_ANNOTATION_TEXT,
  MAX_PRINT_CODE_LENGTH,
  PRINT_CODE_PREFIX,
  PRINT_FACE_DIGEST_BYTES,
  PRINTED_METADATA,
  type PrintAnnotation,
  type PrintCode,
  type PrintCodeInput,
  type PrintedFace,
  type PrintedMetadata,
  printedFaceDigest,
  printedFaceOf,
  verificationUrl,
} from './print-code.js';
export {
  PRINT_CODE_CHECK_NAMES,
  type PrintCodeCheck,
  type PrintCodeCheckName,
  type PrintCodeSummary,
  type PrintCodeVerdict,
  type VerifyPrintCodeOptions,
  verifyPrintCode,
} from './verify-print-code.js';
