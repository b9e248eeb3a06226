/**
 * The citizen ID number (公民身份号码, GB 11643-1999): 6-digit address code, 8-digit birth
 * date, 3-digit sequence, 1 check character (facts verified in shared/design/standards.md §5).
 */
import { isRealDate, todayInChina } from '../dates.js';
import { HutongError } from '../errors.js';
import { isProvincePrefix } from './area-code.js';
import { describeType } from './describe-input.js';
import { ValidMemo } from './valid-memo.js';

/** A citizen ID number, created only by `parseCitizenId`. */
export type CitizenId = string & { readonly __brand: 'CitizenId' };

export interface CitizenIdInfo {
  readonly areaCode: string;
  /** `yyyy-MM-dd`. */
  readonly birthDate: string;
  readonly sex: 'male' | 'female';
}

export interface CitizenIdOptions {
  /** The clock that decides what "in the future" means (default: now); the date is taken in China (UTC+8). */
  readonly now?: Date;
}

// GB 11643-1999 check code: ISO 7064 MOD 11-2, wᵢ = 2^(18−i) mod 11 for positions 1–17.
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
// GB 11643-1999 check code: the character for each value of Σ aᵢ·wᵢ mod 11 (10 is written X).
const CHECK_CHARACTERS = '10X98765432';
const DIGIT = /^[0-9]$/;
// No living holder was born before 1900; a date before it is a keying error.
const EARLIEST_BIRTH_DATE = '19000101';
// Taiwan residents' residence permits (港澳台居民居住证, 2018) carry GB 11643 numbers with
// address code 830000, a code GB/T 2260 does not list; 81 and 82 serve Hong Kong and Macao.
const RESIDENCE_PERMIT_PREFIX = '83';

/** The segment a 1-based position belongs to (GB 11643-1999 number structure). */
function segmentOf(position: number): string {
  if (position <= 6) return 'areaCode';
  if (position <= 14) return 'birthDate';
  if (position <= 17) return 'sequence';
  return 'check';
}

function computeCheck(first17: string): string {
  let sum = 0;
  // Callers have checked the 17 digits: a digit's value is its code minus '0' (0x30).
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 0x30) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARACTERS.charAt(sum % 11);
}

/**
 * Numbers accepted before, for parseCitizenId: at most 1,024, in this process's memory only (the
 * same numbers the caller holds anyway), never written anywhere, emptied when full.
 */
const ACCEPTED = new ValidMemo(1024);

/**
 * The GB 11643 check character (`0`–`9` or `X`) of the first 17 digits of a citizen ID number.
 *
 * @example citizenIdCheckCharacter('11010519491231002') // 'X'
 */
export function citizenIdCheckCharacter(first17: string): string {
  if (typeof first17 !== 'string') {
    throw new HutongError('ERR_CITIZEN_ID_NOT_STRING', { field: 'shape', params: { type: describeType(first17) } });
  }
  if (first17.length !== 17) {
    throw new HutongError('ERR_CITIZEN_ID_LENGTH', { field: 'shape', params: { expected: 17, found: first17.length } });
  }
  requireDigits(first17, 17);
  return computeCheck(first17);
}

function requireDigits(value: string, count: number): void {
  for (let i = 0; i < count; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) continue;
    const char = value.charAt(i);
    if (!DIGIT.test(char)) {
      throw new HutongError('ERR_CITIZEN_ID_CHARSET', { field: segmentOf(i + 1), params: { position: i + 1, char } });
    }
  }
}

function validate(input: unknown, today: string): CitizenId {
  if (typeof input !== 'string') {
    throw new HutongError('ERR_CITIZEN_ID_NOT_STRING', { field: 'shape', params: { type: describeType(input) } });
  }
  if (input.length !== 18) {
    throw new HutongError('ERR_CITIZEN_ID_LENGTH', { field: 'shape', params: { expected: 18, found: input.length } });
  }
  requireDigits(input, 17);
  const check = input.charAt(17);
  if (check === 'x') {
    // Spreadsheets and keyboards produce a lower-case x; GB 11643 writes X. Say so, never fix it.
    throw new HutongError('ERR_CITIZEN_ID_LOWERCASE_X', { field: 'check' });
  }
  if (check !== 'X' && !DIGIT.test(check)) {
    throw new HutongError('ERR_CITIZEN_ID_CHARSET', { field: 'check', params: { position: 18, char: check } });
  }

  // GB 11643-1999: the address code is a GB/T 2260 county-level code; its first two digits
  // are a province. The county list changes yearly (and old numbers keep abolished codes),
  // so only the province is checked.
  const areaCode = input.slice(0, 6);
  const province = areaCode.slice(0, 2);
  if (!isProvincePrefix(province) && province !== RESIDENCE_PERMIT_PREFIX) {
    throw new HutongError('ERR_CITIZEN_ID_AREA_CODE', { field: 'areaCode', params: { found: areaCode } });
  }

  // GB 11643-1999: the birth date is yyyyMMdd (GB/T 7408) and must be a real, past date.
  const birth = input.slice(6, 14);
  if (!isRealDate(Number(birth.slice(0, 4)), Number(birth.slice(4, 6)), Number(birth.slice(6, 8)))) {
    throw new HutongError('ERR_CITIZEN_ID_BIRTH_DATE', { field: 'birthDate', params: { found: birth } });
  }
  if (birth < EARLIEST_BIRTH_DATE) {
    throw new HutongError('ERR_CITIZEN_ID_BIRTH_DATE_TOO_EARLY', {
      field: 'birthDate',
      params: { min: EARLIEST_BIRTH_DATE, found: birth },
    });
  }
  if (birth > today) {
    throw new HutongError('ERR_CITIZEN_ID_BIRTH_DATE_FUTURE', { field: 'birthDate', params: { found: birth, today } });
  }

  const expected = computeCheck(input);
  if (check !== expected) {
    throw new HutongError('ERR_CITIZEN_ID_CHECK', { field: 'check', params: { expected, found: check } });
  }
  return input as CitizenId;
}

/**
 * Parses an 18-character citizen ID number: digits, a province-level area code, a real
 * birth date from 1900 to today (China time), and the MOD 11-2 check character (upper-case
 * `X` only). Errors name the segment in `field`: `shape`, `areaCode`, `birthDate`,
 * `sequence` or `check`.
 *
 * @example parseCitizenId('11010519491231002X') // '11010519491231002X' as CitizenId
 * @example parseCitizenId('11010519491231002x') // throws ERR_CITIZEN_ID_LOWERCASE_X (field 'check')
 */
export function parseCitizenId(input: unknown, options?: CitizenIdOptions): CitizenId {
  const today = todayInChina(options?.now);
  // Every check but "not in the future" depends on the number alone: a number accepted before
  // needs only that one again (a licence's holder code is parsed several times on its way).
  if (ACCEPTED.has(input) && input.slice(6, 14) <= today) return input as CitizenId;
  const id = validate(input, today);
  ACCEPTED.add(id);
  return id;
}

/**
 * What a citizen ID number says about its holder.
 *
 * @example citizenIdInfo(parseCitizenId('11010519491231002X'))
 * // { areaCode: '110105', birthDate: '1949-12-31', sex: 'female' }
 */
export function citizenIdInfo(id: CitizenId): CitizenIdInfo {
  // Re-validate (a brand can be forged with a cast) but without the clock: a number that
  // was valid when parsed stays readable.
  const valid = validate(id, '99991231');
  const birth = valid.slice(6, 14);
  return {
    areaCode: valid.slice(0, 6),
    birthDate: `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`,
    // GB 11643-1999: the sequence code is odd for men, even for women.
    sex: Number(valid.charAt(16)) % 2 === 1 ? 'male' : 'female',
  };
}
