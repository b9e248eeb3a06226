import {
  type AreaCode,
  checkFace,
  checkValidity,
  expiringDateFor,
  type FaceWarning,
  formatLicenceId,
  type HolderCodeType,
  HutongError,
  type IdentifierWarning,
  LICENCE_FORMAT,
  type LicenceId,
  type LicenceType,
  parseAreaCode,
  parseHolderCodeType,
  type StatusReference,
  type UnsignedLicence,
  type Uscc,
  validateHolderCode,
} from '@hutong/core';
import { isServerError, type LocalizedError, ServerError } from '../errors.js';
import { withEveryProblem } from '../request-problems.js';
import { type CompactDate, toCompactDate, todayInChina } from './compact-date.js';

/**
 * What a department sends to issue one licence: GB/T 36903 metadata element names (the
 * same columns bulk import reads), the face fields of the type, and optionally its own
 * record key. The identifier, version, issuer name and signature are the node's to add.
 */
export interface IssueLicenceInput {
  readonly certificateTypeCode: string;
  /** The issuer's USCC; defaults to the calling client's organisation. */
  readonly certificateIssuingAuthorityCode?: string;
  readonly certificateNumber: string;
  readonly certificateHolderName: string;
  readonly certificateHolderCode: string;
  readonly certificateHolderTypeCode: string;
  /** Default: today in China (UTC+8). */
  readonly certificateIssuedDate?: string;
  readonly certificateEffectiveDate: string;
  /** Default for a fixed-period type: effective date + the period. Absent for long-term types. */
  readonly certificateExpiringDate?: string;
  /** GB/T 2260 area code; default: the issuer's. */
  readonly certificateAreaCode?: string;
  readonly face: Readonly<Record<string, unknown>>;
  /** The department's own key of this record: a retry with it returns the same licence. */
  readonly sourceKey?: string;
}

/** The issuer as the licence names it. */
export interface IssuerProfile {
  readonly code: Uscc;
  readonly name: string;
  readonly areaCode: AreaCode;
}

/** An input that passed every check, ready to receive its identifier and status slot. */
export interface PreparedLicence {
  readonly type: LicenceType;
  readonly issuer: IssuerProfile;
  readonly metadata: {
    readonly certificateName: string;
    readonly certificateNumber: string;
    readonly certificateIssuedDate: CompactDate;
    readonly certificateHolderName: string;
    readonly certificateHolderCode: string;
    readonly certificateHolderTypeCode: HolderCodeType;
    readonly certificateEffectiveDate: CompactDate;
    readonly certificateExpiringDate?: CompactDate;
    readonly certificateAreaCode: AreaCode;
  };
  readonly face: Readonly<Record<string, string | number | boolean>>;
  readonly warnings: ReadonlyArray<IdentifierWarning | FaceWarning>;
}

export interface PrepareLicenceOptions {
  /** The clock: default issue date, "birth date not in the future" checks. */
  readonly now: Date;
  /**
   * Legacy stock (存量证照转化, `--legacy`): USCCs from early pilots whose check characters
   * fail are accepted as warnings (standards.md §5), for the holder code and face fields.
   */
  readonly legacy?: boolean;
}

/** Runs a core parser and names the metadata element at fault (core names the segment). */
function within<T>(field: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof HutongError && error.field !== field) {
      const params = error.field === undefined ? error.params : { ...error.params, segment: error.field };
      throw new HutongError(error.code, { field, params, cause: error });
    }
    throw error;
  }
}

/** Notes a refusal of one check and goes on, so that a request hears of every problem at once. */
function collect<T>(problems: LocalizedError[], run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    if (error instanceof HutongError || isServerError(error)) {
      problems.push(error);
      return undefined;
    }
    throw error;
  }
}

function readDate(value: string | undefined, field: string): CompactDate | undefined {
  if (value === undefined) return undefined;
  const date = toCompactDate(value);
  if (date === undefined) throw new ServerError('ERR_ISSUANCE_DATE', { field, params: { field } });
  return date;
}

const ORGANISATION_HOLDERS: ReadonlySet<string> = new Set(['001', '099']);

/**
 * Checks one issuance input against its licence type, with the same rules for the API,
 * the batch and bulk import: the holder code against its standard (GB 11643, GB 32100 …)
 * and the type's holder category; the face against the type's schema; the dates (effective
 * ≤ expiring, the type's validity rule, a fixed period's expiring date computed when not
 * given). Every check runs, so every problem is found at once: throws the first
 * (`HutongError`/`ServerError` naming the element at fault) carrying all of them
 * (`everyProblemOf`, `request-problems.ts`); returns the normalised licence content otherwise.
 *
 * @example
 * const prepared = prepareLicence(input, type, issuer, { now: new Date() });
 * prepared.metadata.certificateEffectiveDate // '20260101'
 */
export function prepareLicence(
  input: IssueLicenceInput,
  type: LicenceType,
  issuer: IssuerProfile,
  options: PrepareLicenceOptions,
): PreparedLicence {
  const legacy = options.legacy === true;
  // In the order the checks used to stop at: the first problem found is the one thrown.
  const problems: LocalizedError[] = [];
  const holderType = collect(problems, () =>
    within('certificateHolderTypeCode', () => parseHolderCodeType(input.certificateHolderTypeCode)),
  );
  const holder =
    holderType === undefined
      ? undefined
      : collect(problems, () =>
          within('certificateHolderCode', () =>
            validateHolderCode(holderType, input.certificateHolderCode, { legacy }),
          ),
        );
  const isOrganisation = holder !== undefined && ORGANISATION_HOLDERS.has(holder.holderCodeType);
  if (
    holder !== undefined &&
    ((type.holderCategory === 'person' && isOrganisation) ||
      (type.holderCategory === 'organisation' && !isOrganisation))
  ) {
    problems.push(
      new ServerError('ERR_ISSUANCE_HOLDER_CATEGORY', {
        field: 'certificateHolderTypeCode',
        params: {
          typeCode: type.certificateTypeCode,
          category: type.holderCategory,
          holderTypeCode: holder.holderCodeType,
        },
      }),
    );
  }

  const issued = collect(problems, () => readDate(input.certificateIssuedDate, 'certificateIssuedDate'));
  const effective = collect(
    problems,
    () =>
      readDate(input.certificateEffectiveDate, 'certificateEffectiveDate') ??
      (() => {
        throw new ServerError('ERR_ISSUANCE_DATE', {
          field: 'certificateEffectiveDate',
          params: { field: 'certificateEffectiveDate' },
        });
      })(),
  );
  const given = collect(problems, () => readDate(input.certificateExpiringDate, 'certificateExpiringDate'));
  let validity: ReturnType<typeof checkValidity> | undefined;
  // Order first: "effective after expiring" is the clearer message for the commonest slip.
  if (effective !== undefined && given !== undefined && effective > given) {
    problems.push(
      new ServerError('ERR_ISSUANCE_DATE_ORDER', {
        field: 'certificateExpiringDate',
        params: { effective, expiring: given },
      }),
    );
  } else if (effective !== undefined) {
    const expiring =
      given === undefined && type.validity.kind === 'period' ? expiringDateFor(effective, type.validity) : given;
    validity = collect(problems, () => checkValidity(effective, expiring, type.validity));
  }

  const checkedFace = collect(problems, () => checkFace(type, input.face, { now: options.now, legacy }));
  const areaCode =
    input.certificateAreaCode === undefined
      ? issuer.areaCode
      : collect(problems, () => within('certificateAreaCode', () => parseAreaCode(input.certificateAreaCode)));

  const [first, ...rest] = problems;
  if (first !== undefined) throw withEveryProblem([first, ...rest]);
  if (holder === undefined || validity === undefined || checkedFace === undefined || areaCode === undefined) {
    throw new Error('prepareLicence: a check passed without its result');
  }
  const { face, warnings: faceWarnings } = checkedFace;

  return {
    type,
    issuer,
    metadata: {
      certificateName: type.name.zh,
      certificateNumber: input.certificateNumber,
      certificateIssuedDate: issued ?? todayInChina(options.now),
      certificateHolderName: input.certificateHolderName,
      certificateHolderCode: holder.holderCode,
      certificateHolderTypeCode: holder.holderCodeType,
      certificateEffectiveDate: validity.effectiveDate,
      ...(validity.expiringDate === undefined ? {} : { certificateExpiringDate: validity.expiringDate }),
      certificateAreaCode: areaCode,
    },
    face,
    warnings: [...holder.warnings.map((w) => ({ ...w, field: 'certificateHolderCode' })), ...faceWarnings],
  };
}

/**
 * The unsigned licence of a prepared input, version 001, with its identifier (GB/T 36904:
 * type code, issuer code, serial, version, MOD 37,36 check) and status list entry.
 *
 * @example const unsigned = assembleLicence(prepared, '202600000001', { uri, index: 7 });
 */
export function assembleLicence(
  prepared: PreparedLicence,
  serial: string,
  statusReference: StatusReference | undefined,
): UnsignedLicence {
  const identifier: LicenceId = formatLicenceId({
    typeCode: prepared.type.certificateTypeCode,
    issuerCode: prepared.issuer.code,
    serial,
    version: '001',
  });
  const m = prepared.metadata;
  return {
    format: LICENCE_FORMAT,
    metadata: {
      certificateIdentifier: identifier,
      certificateName: m.certificateName,
      certificateTypeCode: prepared.type.certificateTypeCode,
      certificateNumber: m.certificateNumber,
      certificateVersion: '001',
      certificateIssuingAuthorityName: prepared.issuer.name,
      certificateIssuingAuthorityCode: prepared.issuer.code,
      certificateIssuedDate: m.certificateIssuedDate,
      certificateHolderName: m.certificateHolderName,
      certificateHolderCode: m.certificateHolderCode,
      certificateHolderTypeCode: m.certificateHolderTypeCode,
      certificateEffectiveDate: m.certificateEffectiveDate,
      ...(m.certificateExpiringDate === undefined ? {} : { certificateExpiringDate: m.certificateExpiringDate }),
      certificateAreaCode: m.certificateAreaCode,
    },
    face: prepared.face,
    ...(statusReference === undefined ? {} : { statusReference }),
  };
}
