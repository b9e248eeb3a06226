/**
 * Holder codes and their types (持证主体代码 / 持证主体代码类型, GB/T 36903 metadata
 * `certificateHolderCode` / `certificateHolderTypeCode`; codes per shared/design/standards.md §3).
 */
import { HutongError } from '../errors.js';
import { parseCitizenId } from './citizen-id.js';
import { describeType, excerpt } from './describe-input.js';
import type { IdentifierWarning } from './identifier-warning.js';
import { relabel } from './relabel.js';
import { checkUscc } from './uscc.js';

/**
 * The holder code types a licence may carry: the one table of them (nothing else
 * enumerates the codes). Names follow the national identity-document code list.
 */
export const HOLDER_CODE_TYPES = {
  '001': { zh: '统一社会信用代码', en: 'unified social credit code', holder: 'organisation' },
  '099': { zh: '其他法人或其他组织有效证照号码', en: 'other organisation code', holder: 'organisation' },
  '111': { zh: '居民身份证', en: 'citizen ID number', holder: 'person' },
  '114': { zh: '中国人民解放军军官证', en: "People's Liberation Army officer's ID", holder: 'person' },
  '115': { zh: '中国人民武装警察部队警官证', en: "People's Armed Police officer's ID", holder: 'person' },
  '118': { zh: '中国人民解放军士兵证', en: "People's Liberation Army soldier's ID", holder: 'person' },
  '119': { zh: '中国人民武装警察部队士兵证', en: "People's Armed Police soldier's ID", holder: 'person' },
  '120': { zh: '中国人民解放军文职人员证', en: "People's Liberation Army civilian staff ID", holder: 'person' },
  '122': { zh: '中国人民武装警察部队文职人员证', en: "People's Armed Police civilian staff ID", holder: 'person' },
  '411': { zh: '外交护照', en: 'diplomatic passport', holder: 'person' },
  '412': { zh: '公务护照', en: 'service passport', holder: 'person' },
  '413': { zh: '因公普通护照', en: 'ordinary passport for public affairs', holder: 'person' },
  '414': { zh: '普通护照', en: 'ordinary passport', holder: 'person' },
  '511': { zh: '台湾居民来往大陆通行证', en: 'Mainland travel permit for Taiwan residents', holder: 'person' },
  '516': {
    zh: '港澳居民来往内地通行证',
    en: 'Mainland travel permit for Hong Kong and Macao residents',
    holder: 'person',
  },
  '999': { zh: '其他个人有效证件', en: 'other personal ID', holder: 'person' },
} as const satisfies Readonly<
  Record<string, { readonly zh: string; readonly en: string; readonly holder: 'person' | 'organisation' }>
>;

export type HolderCodeType = keyof typeof HOLDER_CODE_TYPES;

export interface HolderCodeOptions {
  /** Accept USCCs whose check characters fail, as warnings (legacy import). */
  readonly legacy?: boolean;
}

export interface HolderCodeCheck {
  readonly holderCodeType: HolderCodeType;
  readonly holderCode: string;
  readonly warnings: readonly IdentifierWarning[];
}

// Passport and permit numbers are short; 64 leaves room for any other ID without letting
// a whole document through.
const MAX_HOLDER_CODE = 64;
// Not printable: controls, format characters (zero-width, bidi overrides), lone surrogates,
// private use, line and paragraph separators.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/u;
const EDGE_WHITESPACE = /^\s|\s$/u;

function isHolderCodeType(value: string): value is HolderCodeType {
  return Object.hasOwn(HOLDER_CODE_TYPES, value);
}

/**
 * Parses a holder code type: one of the codes of `HOLDER_CODE_TYPES`, as a string
 * (`'001'`, never the number 1).
 *
 * @example parseHolderCodeType('111') // '111'
 * @example parseHolderCodeType('112') // throws ERR_HOLDER_CODE_TYPE_UNKNOWN
 */
export function parseHolderCodeType(input: unknown): HolderCodeType {
  if (typeof input !== 'string') {
    throw new HutongError('ERR_HOLDER_CODE_TYPE_NOT_STRING', {
      field: 'holderCodeType',
      params: { type: describeType(input) },
    });
  }
  if (!isHolderCodeType(input)) {
    throw new HutongError('ERR_HOLDER_CODE_TYPE_UNKNOWN', {
      field: 'holderCodeType',
      params: { found: excerpt(input) },
    });
  }
  return input;
}

function checkOtherCode(code: unknown): string {
  if (typeof code !== 'string') {
    throw new HutongError('ERR_HOLDER_CODE_NOT_STRING', { field: 'holderCode', params: { type: describeType(code) } });
  }
  if (code.length === 0) throw new HutongError('ERR_HOLDER_CODE_EMPTY', { field: 'holderCode' });
  const codePoints = Array.from(code);
  if (codePoints.length > MAX_HOLDER_CODE) {
    throw new HutongError('ERR_HOLDER_CODE_TOO_LONG', {
      field: 'holderCode',
      params: { max: MAX_HOLDER_CODE, found: codePoints.length },
    });
  }
  const at = codePoints.findIndex((c) => UNPRINTABLE.test(c));
  if (at >= 0) {
    const codePoint = (codePoints[at] ?? '').codePointAt(0) ?? 0;
    throw new HutongError('ERR_HOLDER_CODE_UNPRINTABLE', {
      field: 'holderCode',
      params: { position: at + 1, codePoint: `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}` },
    });
  }
  if (EDGE_WHITESPACE.test(code)) throw new HutongError('ERR_HOLDER_CODE_EDGE_WHITESPACE', { field: 'holderCode' });
  return code;
}

/**
 * Validates a holder code against its type: `111` must be a citizen ID number, `001` a
 * USCC (legacy-aware), any other type a non-empty printable string of at most 64
 * characters without whitespace at either end. Errors carry `field` `holderCodeType` or
 * `holderCode`; the code says why.
 *
 * @example validateHolderCode('111', '11010519491231002X') // { holderCodeType: '111', holderCode: '11010519491231002X', warnings: [] }
 * @example validateHolderCode('001', '91350100M0001TGQXM', { legacy: true }).warnings[0]?.code // 'WARN_USCC_CHECK'
 */
export function validateHolderCode(typeCode: unknown, code: unknown, options?: HolderCodeOptions): HolderCodeCheck {
  const holderCodeType = parseHolderCodeType(typeCode);
  if (holderCodeType === '111') {
    return { holderCodeType, holderCode: relabel('holderCode', () => parseCitizenId(code)), warnings: [] };
  }
  if (holderCodeType === '001') {
    const { value, warnings } = relabel('holderCode', () => checkUscc(code, { legacy: options?.legacy === true }));
    return {
      holderCodeType,
      holderCode: value,
      // The warning's segment becomes the metadata field, as errors' fields do.
      warnings: warnings.map((w) => ({ code: w.code, message: w.message, field: 'holderCode' })),
    };
  }
  return { holderCodeType, holderCode: checkOtherCode(code), warnings: [] };
}
