import type { LicenceMetadata } from '../licence/index.js';

/** A holder as a verdict shows it. */
export interface MaskedHolder {
  readonly name: string;
  readonly code: string;
  /** GB/T 36903 holder code type, e.g. `111` citizen ID, `001` USCC. */
  readonly codeType: string;
}

// Organisation holders (001 USCC, 099 other organisation code): their names and codes are
// public registry facts (GB 32100 codes are published with the business licence).
const ORGANISATION_CODE_TYPES: ReadonlySet<string> = new Set(['001', '099']);

// Without a surrogate every code unit is a code point: the text is masked by index, with no
// array of its characters (every verdict masks a name and a code).
const SURROGATE = /[\ud800-\udfff]/;

/** The length in code points. */
function codePoints(value: string): number {
  return SURROGATE.test(value) ? Array.from(value).length : value.length;
}

function keepEnds(value: string, head: number, tail: number): string {
  if (!SURROGATE.test(value)) {
    const n = value.length;
    if (n <= head + tail) return '*'.repeat(n);
    return value.slice(0, head) + '*'.repeat(n - head - tail) + value.slice(n - tail);
  }
  const chars = Array.from(value);
  if (chars.length <= head + tail) return '*'.repeat(chars.length);
  return (
    chars.slice(0, head).join('') + '*'.repeat(chars.length - head - tail) + chars.slice(chars.length - tail).join('')
  );
}

/**
 * The holder with a person's name and code masked the way Chinese government apps show
 * them (GB/T 37964 masking): 张三 → 张*, 11010519491231002X → 110105********002X. A verdict
 * is printed, logged and shown on screens; it must not spread a person's ID number.
 * Organisations are shown in clear.
 *
 * @example maskHolder(licence.metadata) // { name: '张*', code: '110105********002X', codeType: '111' }
 */
export function maskHolder(metadata: LicenceMetadata): MaskedHolder {
  const codeType = metadata.certificateHolderTypeCode;
  if (ORGANISATION_CODE_TYPES.has(codeType)) {
    return { name: metadata.certificateHolderName, code: metadata.certificateHolderCode, codeType };
  }
  const code = metadata.certificateHolderCode;
  // 18-character codes keep their 6-character area prefix and last four (as ID displays do);
  // shorter ones (passports, permits) keep only their first and last two.
  const maskedCode = codePoints(code) >= 18 ? keepEnds(code, 6, 4) : keepEnds(code, 2, 2);
  return { name: keepEnds(metadata.certificateHolderName, 1, 0), code: maskedCode, codeType };
}
