import { HutongError } from '../errors.js';
import { describeType, excerpt } from './describe-input.js';
import type { IdentifierWarning } from './identifier-warning.js';
import { organisationCodeCheckCharacter } from './organisation-code.js';
import { ValidMemo } from './valid-memo.js';

/** A unified social credit code (统一社会信用代码, GB 32100), created only by its parsers. */
export type Uscc = string & { readonly __brand: 'Uscc' };

export interface UsccOptions {
  /**
   * Legacy stock (early pilot codes): a wrong GB 32100 check character or a wrong GB 11714
   * organisation-code check character becomes a warning instead of an error. Length,
   * charset, department, organisation type and area code stay errors.
   */
  readonly legacy?: boolean;
}

export interface UsccCheck {
  readonly value: Uscc;
  readonly warnings: readonly IdentifierWarning[];
}

// GB 32100-2015: 31 characters, digits and upper-case letters without I, O, Z, S, V;
// the index of a character is its value in the check computation.
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
// GB 32100-2015: wᵢ = 3^(i−1) mod 31 for positions 1–17.
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/**
 * First character, registration department (登记管理部门代码). GB 32100-2015's own table
 * and the codes assigned since (N agriculture, the re-assignment of 2–8 and A) disagree on
 * what 2–8 and A–G mean but together use exactly 1–9, A–G, N and Y; every other character
 * of the charset is ruled out.
 */
const DEPARTMENTS: ReadonlySet<string> = new Set([...'123456789ABCDEFG', 'N', 'Y']);

/**
 * Second character, organisation type (机构类别代码), for the departments whose table is
 * the same in every published version: 1 机构编制 (1 机关, 2 事业单位, 3 群众团体, 9 其他),
 * 5 民政 (1 社会团体, 2 民办非企业单位, 3 基金会, 9 其他), 9 工商 (1 企业, 2 个体工商户,
 * 3 农民专业合作社), N 农业 (1 组级, 2 村级, 3 乡镇级集体经济组织, 9 其他) and Y 其他
 * (always 1). For 2–8 and A–G the versions disagree, so nothing beyond the charset is
 * ruled out there.
 */
const ORGANISATION_TYPES: Readonly<Record<string, string>> = {
  '1': '1239',
  '5': '1239',
  '9': '123',
  N: '1239',
  Y: '1',
};

const AREA = /^[0-9]{6}$/;

/** USCCs parseUscc accepted (a batch checks its issuer's code thousands of times). */
const ACCEPTED = new ValidMemo(1024);

/** The segment a 1-based position of a USCC belongs to (GB 32100-2015 code structure). */
function segmentOf(position: number): string {
  if (position === 1) return 'registrationDepartment';
  if (position === 2) return 'organisationType';
  if (position <= 8) return 'areaCode';
  if (position <= 17) return 'organisationCode';
  return 'check';
}

function requireCharset(value: string): void {
  for (let i = 0; i < value.length; i++) {
    const char = value.charAt(i);
    if (!CHARSET.includes(char)) {
      throw new HutongError('ERR_USCC_CHARSET', { field: segmentOf(i + 1), params: { position: i + 1, char } });
    }
  }
}

function computeCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17.charAt(i)) * (WEIGHTS[i] ?? 0);
  // GB 32100-2015: C18 = 31 − (Σ Cᵢ·Wᵢ mod 31), and 31 is written 0.
  return CHARSET.charAt((31 - (sum % 31)) % 31);
}

/**
 * The GB 32100 check character of the first 17 characters of a unified social credit code.
 *
 * @example usccCheckCharacter('91350100M000100Y4') // '3'
 */
export function usccCheckCharacter(first17: string): string {
  if (typeof first17 !== 'string') {
    throw new HutongError('ERR_USCC_NOT_STRING', { field: 'shape', params: { type: describeType(first17) } });
  }
  if (first17.length !== 17) {
    throw new HutongError('ERR_USCC_LENGTH', { field: 'shape', params: { expected: 17, found: first17.length } });
  }
  requireCharset(first17);
  return computeCheck(first17);
}

/**
 * Checks a unified social credit code, strictly or (with `legacy: true`) tolerating wrong
 * check characters as warnings. Every code returned has the right length, charset,
 * department, organisation type and area-code shape; input is never trimmed or upper-cased.
 *
 * @example checkUscc('91350100M000100Y43') // { value: '91350100M000100Y43', warnings: [] }
 * @example checkUscc('91350100M0001TGQXM', { legacy: true }).warnings[0]?.code // 'WARN_USCC_CHECK'
 */
export function checkUscc(input: unknown, options?: UsccOptions): UsccCheck {
  // A code parseUscc accepted has no defect, so no warning either way (legacy or not).
  if (ACCEPTED.has(input)) return { value: input as Uscc, warnings: [] };
  const legacy = options?.legacy === true;
  if (typeof input !== 'string') {
    throw new HutongError('ERR_USCC_NOT_STRING', { field: 'shape', params: { type: describeType(input) } });
  }
  if (input.length !== 18) {
    throw new HutongError('ERR_USCC_LENGTH', { field: 'shape', params: { expected: 18, found: input.length } });
  }
  requireCharset(input);

  const department = input.charAt(0);
  if (!DEPARTMENTS.has(department)) {
    throw new HutongError('ERR_USCC_DEPARTMENT', { field: 'registrationDepartment', params: { char: department } });
  }
  const allowedTypes = ORGANISATION_TYPES[department];
  const organisationType = input.charAt(1);
  if (allowedTypes !== undefined && !allowedTypes.includes(organisationType)) {
    throw new HutongError('ERR_USCC_ORGANISATION_TYPE', {
      field: 'organisationType',
      params: { department, char: organisationType, allowed: [...allowedTypes].join(', ') },
    });
  }
  // GB 32100-2015: characters 3–8 are the registration authority's GB/T 2260 code, digits only.
  const area = input.slice(2, 8);
  if (!AREA.test(area)) {
    throw new HutongError('ERR_USCC_AREA_CODE', { field: 'areaCode', params: { found: excerpt(area) } });
  }

  const warnings: IdentifierWarning[] = [];
  const defect = (
    code: 'ERR_USCC_ORGANISATION_CODE_CHECK' | 'ERR_USCC_CHECK',
    field: string,
    expected: string,
    found: string,
  ) => {
    const error = new HutongError(code, { field, params: { expected, found } });
    if (!legacy) throw error;
    warnings.push({ code: code.replace(/^ERR_/, 'WARN_'), message: error.message, field });
  };

  // GB 32100-2015: characters 9–17 are the GB 11714 organisation code with its own check.
  const organisationCheck = organisationCodeCheckCharacter(input.slice(8, 16));
  if (input.charAt(16) !== organisationCheck) {
    defect('ERR_USCC_ORGANISATION_CODE_CHECK', 'organisationCode', organisationCheck, input.charAt(16));
  }
  const check = computeCheck(input);
  if (input.charAt(17) !== check) defect('ERR_USCC_CHECK', 'check', check, input.charAt(17));

  if (warnings.length === 0) ACCEPTED.add(input);
  return { value: input as Uscc, warnings };
}

/**
 * Parses a unified social credit code strictly (GB 32100 and the GB 11714 code inside).
 *
 * @example parseUscc('91350100M000100Y43') // '91350100M000100Y43' as Uscc
 * @example parseUscc('91350100M000100Y44') // throws ERR_USCC_CHECK (field 'check')
 */
export function parseUscc(input: unknown): Uscc {
  if (ACCEPTED.has(input)) return input as Uscc;
  // Without `legacy` a defect throws: what returns has no warning (and checkUscc kept it).
  return checkUscc(input).value;
}
