/**
 * A licence type (证照类型): one entry of the catalogue (电子证照目录, GB/T 36902), with
 * Hutong's additions — the face-field schema, the rendering template and the suites its
 * licences must be signed with (standards.md §2, architecture §3).
 */
import { jsonPathIndex, jsonPathMember } from '../canonical/index.js';
import { SUITE_NAMES, type SuiteName } from '../crypto/types.js';
import { HutongError } from '../errors.js';
import { parseTypeCode, parseUscc, type TypeCode, type Uscc } from '../identifiers/index.js';
import { type FaceField, MAX_FACE_FIELDS, parseFaceField } from './face-field.js';
import {
  atPath,
  type Label,
  optionalMember,
  readArray,
  readInteger,
  readLabel,
  readMatterCode,
  readMembers,
  readOneOf,
  readPattern,
  readText,
  refuseDuplicates,
} from './read-members.js';
import { parseValidityRule, type ValidityRule } from './validity-rule.js';

/** Administrative levels of defining and issuing authorities (GB/T 36902). */
export const AUTHORITY_LEVELS = ['national', 'provincial', 'prefecture', 'county', 'other'] as const;
export type AuthorityLevel = (typeof AUTHORITY_LEVELS)[number];

/** Who holds licences of a type (GB/T 36902 持证主体类别): natural persons, organisations, or either. */
export const HOLDER_CATEGORIES = ['person', 'organisation', 'both'] as const;
export type HolderCategory = (typeof HOLDER_CATEGORIES)[number];

/** Lifecycle of a catalogue entry: only `published` types are issued; `retired` ones are still verified. */
export const LICENCE_TYPE_STATUSES = ['draft', 'published', 'retired'] as const;
export type LicenceTypeStatus = (typeof LICENCE_TYPE_STATUSES)[number];

export interface DefiningAuthority {
  readonly name: string;
  /** The authority's unified social credit code; also the first 18 characters of the type code. */
  readonly code: Uscc;
  readonly level: AuthorityLevel;
}

/** The government service matter (政务服务事项) whose result is a licence of this type. */
export interface RelatedMatter {
  readonly name: string;
  readonly code: string;
}

export interface LicenceType {
  readonly certificateTypeCode: TypeCode;
  readonly name: Label;
  readonly definingAuthority: DefiningAuthority;
  readonly relatedMatter?: RelatedMatter;
  readonly holderCategory: HolderCategory;
  readonly validity: ValidityRule;
  /**
   * The levels at which authorities issue this type. A list, because one type is often
   * issued at several levels (a business licence by market regulators from county to
   * national); GB/T 36902's single "issuing authority level" is the one-item case.
   */
  readonly issuingAuthorityLevel: readonly AuthorityLevel[];
  readonly faceFields: readonly FaceField[];
  /** Names the rendering template; a safe file-name-like token. */
  readonly templateId: string;
  /** Suites a licence of this type must be signed with (all of them); absent = the node's default. */
  readonly suites?: readonly SuiteName[];
  /** Version of this catalogue entry, from 1; a published entry is changed by publishing the next version. */
  readonly version: number;
  readonly status: LicenceTypeStatus;
}

// The template id ends up in file names and URLs: no separators, no dots first, no case games.
const TEMPLATE_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const TEMPLATE_ID_RULE = '[a-z0-9][a-z0-9._-]{0,63}';
const MAX_NAME = 200;
// Catalogue versions are small counters; 999 999 keeps them far from unsafe integers.
const MAX_VERSION = 999_999;

const REQUIRED = [
  'certificateTypeCode',
  'name',
  'definingAuthority',
  'holderCategory',
  'validity',
  'issuingAuthorityLevel',
  'faceFields',
  'templateId',
  'version',
  'status',
] as const;
const OPTIONAL = ['relatedMatter', 'suites'] as const;

function readDefiningAuthority(input: unknown, path: string): DefiningAuthority {
  const object = readMembers(input, path, ['name', 'code', 'level']);
  const codePath = jsonPathMember(path, 'code');
  return {
    name: readText(object.name, jsonPathMember(path, 'name'), MAX_NAME),
    code: atPath(codePath, () => parseUscc(object.code)),
    level: readOneOf(object.level, jsonPathMember(path, 'level'), AUTHORITY_LEVELS),
  };
}

function readRelatedMatter(input: unknown, path: string): RelatedMatter {
  const object = readMembers(input, path, ['name', 'code']);
  return {
    name: readText(object.name, jsonPathMember(path, 'name'), MAX_NAME),
    code: readMatterCode(object.code, jsonPathMember(path, 'code')),
  };
}

function readSuite(value: unknown, path: string): SuiteName {
  return readOneOf(value, path, SUITE_NAMES);
}

/**
 * Parses a licence type (a catalogue entry) from untrusted input, strictly: unknown
 * members, duplicate face-field keys, bad codes and inconsistent rules are typed errors
 * whose `field` is the JSON path of the fault (`$.faceFields[2].key`). Identity codes
 * keep the identifiers module's precise code (e.g. a wrong USCC check character).
 *
 * @example
 * const type = parseLicenceType(JSON.parse(text));
 * type.faceFields.map((f) => f.key); // ['holderName', 'birthDate', …]
 */
export function parseLicenceType(input: unknown): LicenceType {
  const root = '$';
  const object = readMembers(input, root, REQUIRED, OPTIONAL);
  const at = (name: string) => jsonPathMember(root, name);

  const typeCodePath = at('certificateTypeCode');
  const certificateTypeCode = atPath(typeCodePath, () => parseTypeCode(object.certificateTypeCode));
  const name = readLabel(object.name, at('name'), MAX_NAME);
  const definingAuthority = readDefiningAuthority(object.definingAuthority, at('definingAuthority'));
  // GB/T 36904: type code = the defining authority's USCC + a 3-digit sequence, so the two
  // members must agree; a mismatch means the entry names the wrong authority or code.
  if (!certificateTypeCode.startsWith(definingAuthority.code)) {
    throw new HutongError('ERR_CATALOGUE_TYPE_CODE_AUTHORITY', {
      field: jsonPathMember(at('definingAuthority'), 'code'),
      params: { typeCode: certificateTypeCode, code: definingAuthority.code },
    });
  }
  const holderCategory = readOneOf(object.holderCategory, at('holderCategory'), HOLDER_CATEGORIES);
  const validity = parseValidityRule(object.validity, at('validity'));
  const levelsPath = at('issuingAuthorityLevel');
  const issuingAuthorityLevel = readArray(
    object.issuingAuthorityLevel,
    levelsPath,
    1,
    AUTHORITY_LEVELS.length,
    (v, p) => readOneOf(v, p, AUTHORITY_LEVELS),
  );
  refuseDuplicates(
    issuingAuthorityLevel,
    issuingAuthorityLevel.map((_, i) => jsonPathIndex(levelsPath, i)),
  );
  const fieldsPath = at('faceFields');
  const faceFields = readArray(object.faceFields, fieldsPath, 0, MAX_FACE_FIELDS, parseFaceField);
  refuseDuplicates(
    faceFields.map((f) => f.key),
    faceFields.map((_, i) => jsonPathMember(jsonPathIndex(fieldsPath, i), 'key')),
  );
  const templateId = readPattern(object.templateId, at('templateId'), TEMPLATE_ID, TEMPLATE_ID_RULE);
  const version = readInteger(object.version, at('version'), 1, MAX_VERSION);
  const status = readOneOf(object.status, at('status'), LICENCE_TYPE_STATUSES);

  const type: {
    -readonly [K in keyof LicenceType]: LicenceType[K];
  } = {
    certificateTypeCode,
    name,
    definingAuthority,
    holderCategory,
    validity,
    issuingAuthorityLevel,
    faceFields,
    templateId,
    version,
    status,
  };
  const relatedMatter = optionalMember(object, 'relatedMatter');
  if (relatedMatter !== undefined) type.relatedMatter = readRelatedMatter(relatedMatter, at('relatedMatter'));
  const suites = optionalMember(object, 'suites');
  if (suites !== undefined) {
    const suitesPath = at('suites');
    const list = readArray(suites, suitesPath, 1, SUITE_NAMES.length, readSuite);
    refuseDuplicates(
      list,
      list.map((_, i) => jsonPathIndex(suitesPath, i)),
    );
    type.suites = list;
  }
  return type;
}

/**
 * Looks up a face field of a type by key.
 *
 * @example faceFieldOf(type, 'idNumber')?.sensitivity // 3
 */
export function faceFieldOf(type: LicenceType, key: string): FaceField | undefined {
  return type.faceFields.find((f) => f.key === key);
}
