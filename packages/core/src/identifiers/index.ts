// Public surface of `identifiers/`: everything other code may import from here.
export { type AreaCode, NATIONAL_AREA_CODE, parseAreaCode } from './area-code.js';
export {
  type CitizenId,
  type CitizenIdInfo,
  type CitizenIdOptions,
  citizenIdCheckCharacter,
  citizenIdInfo,
  parseCitizenId,
} from './citizen-id.js';
export {
  HOLDER_CODE_TYPES,
  type HolderCodeCheck,
  type HolderCodeOptions,
  type HolderCodeType,
  parseHolderCodeType,
  validateHolderCode,
} from './holder-code.js';
export type { IdentifierWarning } from './identifier-warning.js';
export { type IdentifierKind, identifyKind } from './identify-kind.js';
export {
  formatLicenceId,
  LICENCE_ID_ROOT,
  type LicenceId,
  type LicenceIdParts,
  licenceIdCheckCharacter,
  licenceIdParts,
  nextLicenceVersion,
  parseLicenceId,
} from './licence-id.js';
export { organisationCodeCheckCharacter } from './organisation-code.js';
export { parseTypeCode, type TypeCode, type TypeCodeParts, typeCodeParts } from './type-code.js';
export { checkUscc, parseUscc, type Uscc, type UsccCheck, type UsccOptions, usccCheckCharacter } from './uscc.js';
