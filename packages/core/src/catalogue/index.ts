// Public surface of `catalogue/`: everything other code may import from here.
export {
  FACE_FIELD_FORMATS,
  FACE_FIELD_TYPES,
  type FaceField,
  type FaceFieldFormat,
  type FaceFieldOption,
  type FaceFieldType,
  isFaceFieldKey,
  isSensitivityGrade,
  MAX_FACE_TEXT_LENGTH,
  parseFaceField,
  SENSITIVITY_GRADES,
  type SensitivityGrade,
} from './face-field.js';
export {
  type FaceIssue,
  type FaceIssueJson,
  FaceValidationError,
  isFaceValidationError,
} from './face-validation-error.js';
export {
  AUTHORITY_LEVELS,
  type AuthorityLevel,
  type DefiningAuthority,
  faceFieldOf,
  HOLDER_CATEGORIES,
  type HolderCategory,
  LICENCE_TYPE_STATUSES,
  type LicenceType,
  type LicenceTypeStatus,
  parseLicenceType,
  type RelatedMatter,
} from './licence-type.js';
export { FULL_MASK, maskFace, maskFaceValue } from './mask-face-value.js';
export type { Label } from './read-members.js';
export { parseResponsibilityEntry, type ResponsibilityEntry } from './responsibility-entry.js';
export { parseScenarioEntry, type ScenarioEntry } from './scenario-entry.js';
export {
  checkFace,
  type FaceWarning,
  type ValidatedFace,
  type ValidateFaceOptions,
  validateFace,
} from './validate-face.js';
export {
  checkValidity,
  expiringDateFor,
  expiringDateRange,
  type LicenceValidity,
  parseValidityRule,
  VALIDITY_KINDS,
  type ValidityKind,
  type ValidityPeriod,
  type ValidityRule,
} from './validity-rule.js';
