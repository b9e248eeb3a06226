import { HutongError } from '../errors.js';
import { describeType, excerpt } from './describe-input.js';

/** A 6-digit administrative division code (GB/T 2260), e.g. `650000` (Xinjiang). */
export type AreaCode = string & { readonly __brand: 'AreaCode' };

/**
 * GB/T 2260 province-level codes (the first two digits of every area code). 71 Taiwan,
 * 81 Hong Kong and 82 Macao are in GB/T 2260 although the mainland registers nothing
 * under them.
 */
const PROVINCES: Readonly<Record<string, string>> = {
  '11': '北京',
  '12': '天津',
  '13': '河北',
  '14': '山西',
  '15': '内蒙古',
  '21': '辽宁',
  '22': '吉林',
  '23': '黑龙江',
  '31': '上海',
  '32': '江苏',
  '33': '浙江',
  '34': '安徽',
  '35': '福建',
  '36': '江西',
  '37': '山东',
  '41': '河南',
  '42': '湖北',
  '43': '湖南',
  '44': '广东',
  '45': '广西',
  '46': '海南',
  '50': '重庆',
  '51': '四川',
  '52': '贵州',
  '53': '云南',
  '54': '西藏',
  '61': '陕西',
  '62': '甘肃',
  '63': '青海',
  '64': '宁夏',
  '65': '新疆',
  '71': '台湾',
  '81': '香港',
  '82': '澳门',
};

/**
 * `100000` names the whole country. GB/T 2260 lists no such code, but the national
 * registration authorities use it (characters 3–8 of central-level USCCs such as
 * `11100000000013338W`, the defining authority in GB/T 36904's published identifiers),
 * so a national licence's jurisdiction is written with it.
 */
export const NATIONAL_AREA_CODE = '100000';

const SIX_DIGITS = /^[0-9]{6}$/;

/** True when `prefix` (two digits) is a GB/T 2260 province-level code. Internal. */
export function isProvincePrefix(prefix: string): boolean {
  return Object.hasOwn(PROVINCES, prefix);
}

/**
 * Parses a GB/T 2260 area code: 6 ASCII digits whose first two are a province-level
 * code, or the national code `100000`. Only the shape and the province are checked: the
 * list of prefectures and counties changes every year and is data, not a parser's job.
 *
 * @example parseAreaCode('650000') // '650000' as AreaCode
 * @example parseAreaCode('990000') // throws ERR_AREA_CODE_PROVINCE (field 'province')
 */
export function parseAreaCode(input: unknown): AreaCode {
  if (typeof input !== 'string') {
    throw new HutongError('ERR_AREA_CODE_NOT_STRING', { field: 'shape', params: { type: describeType(input) } });
  }
  if (!SIX_DIGITS.test(input)) {
    throw new HutongError('ERR_AREA_CODE_SHAPE', { field: 'shape', params: { found: excerpt(input) } });
  }
  if (input !== NATIONAL_AREA_CODE && !isProvincePrefix(input.slice(0, 2))) {
    throw new HutongError('ERR_AREA_CODE_PROVINCE', { field: 'province', params: { prefix: input.slice(0, 2) } });
  }
  return input as AreaCode;
}
