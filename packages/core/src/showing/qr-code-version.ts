/**
 * The smallest QR code version (1–40: 21×21 to 177×177 modules) that holds a text, for
 * sizing show codes (docs/design/show-code.md §2). Only what sizing needs: one segment in
 * alphanumeric or byte mode, no mixed segments, no ECI.
 */
import { HutongError } from '../errors.js';

export const QR_ERROR_CORRECTION_LEVELS = ['L', 'M', 'Q', 'H'] as const;
/** L ≈ 7 %, M ≈ 15 %, Q ≈ 25 %, H ≈ 30 % of the symbol recoverable. */
export type QrErrorCorrectionLevel = (typeof QR_ERROR_CORRECTION_LEVELS)[number];
export type QrMode = 'alphanumeric' | 'byte';

/**
 * Data codewords per version (index 0 = version 1) and level: ISO/IEC 18004:2015 table 7
 * (total codewords less error-correction codewords). Cross-checked against the standard's
 * character capacities in qr-code-version.test.ts.
 */
const DATA_CODEWORDS: Readonly<Record<QrErrorCorrectionLevel, readonly number[]>> = {
  L: [
    19, 34, 55, 80, 108, 136, 156, 194, 232, 274, 324, 370, 428, 461, 523, 589, 647, 721, 795, 861, 932, 1006, 1094,
    1174, 1276, 1370, 1468, 1531, 1631, 1735, 1843, 1955, 2071, 2191, 2306, 2434, 2566, 2702, 2812, 2956,
  ],
  M: [
    16, 28, 44, 64, 86, 108, 124, 154, 182, 216, 254, 290, 334, 365, 415, 453, 507, 563, 627, 669, 714, 782, 860, 914,
    1000, 1062, 1128, 1193, 1267, 1373, 1455, 1541, 1631, 1725, 1812, 1914, 1992, 2102, 2216, 2334,
  ],
  Q: [
    13, 22, 34, 48, 62, 76, 88, 110, 132, 154, 180, 206, 244, 261, 295, 325, 367, 397, 445, 485, 512, 568, 614, 664,
    718, 754, 808, 871, 911, 985, 1033, 1115, 1171, 1231, 1286, 1354, 1426, 1502, 1582, 1666,
  ],
  H: [
    9, 16, 26, 36, 46, 60, 66, 86, 100, 122, 140, 158, 180, 197, 223, 253, 283, 313, 341, 385, 406, 442, 464, 514, 538,
    596, 628, 661, 701, 745, 793, 845, 901, 961, 986, 1054, 1096, 1142, 1222, 1276,
  ],
};

// ISO/IEC 18004 §7.3: the alphanumeric mode's 45 characters.
const ALPHANUMERIC = /^[0-9A-Z $%*+\-./:]*$/;

/** ISO/IEC 18004 table 3: bits of the character count indicator. */
function countBits(mode: QrMode, version: number): number {
  if (mode === 'alphanumeric') return version <= 9 ? 9 : version <= 26 ? 11 : 13;
  return version <= 9 ? 8 : 16;
}

/** Bits of the data: 11 per pair of alphanumeric characters and 6 for an odd one (§7.4.4); 8 per byte (§7.4.5). */
function dataBits(mode: QrMode, length: number): number {
  return mode === 'alphanumeric' ? Math.floor(length / 2) * 11 + (length % 2) * 6 : length * 8;
}

/**
 * The smallest version whose data capacity at `level` holds `text` as one segment in
 * `mode` (mode indicator, character count, data), or undefined when not even version 40 does.
 * Byte mode counts the text's UTF-8 bytes. Throws `ERR_SHOWING_INPUT` for text the mode cannot carry.
 *
 * @example qrCodeVersion('HT1:' + 'A'.repeat(266), { mode: 'alphanumeric', level: 'M' }) // 10
 */
export function qrCodeVersion(
  text: string,
  options: { readonly mode: QrMode; readonly level: QrErrorCorrectionLevel },
): number | undefined {
  const { mode, level } = options;
  if (typeof text !== 'string' || (mode === 'alphanumeric' && !ALPHANUMERIC.test(text))) {
    throw new HutongError('ERR_SHOWING_INPUT', {
      field: 'text',
      params: { field: 'text', problem: `is not text that QR ${mode} mode can carry` },
      zhParams: { problem: `不是二维码 ${mode} 模式可承载的文本` },
    });
  }
  const codewords = DATA_CODEWORDS[level];
  if (codewords === undefined || (mode !== 'alphanumeric' && mode !== 'byte')) {
    throw new HutongError('ERR_SHOWING_INPUT', {
      field: 'options',
      params: { field: 'options', problem: 'needs a mode (alphanumeric, byte) and a level (L, M, Q, H)' },
      zhParams: { problem: '须给出模式（alphanumeric、byte）和纠错级别（L、M、Q、H）' },
    });
  }
  const length = mode === 'byte' ? new TextEncoder().encode(text).length : text.length;
  for (let version = 1; version <= 40; version++) {
    const capacity = (codewords[version - 1] as number) * 8;
    if (4 + countBits(mode, version) + dataBits(mode, length) <= capacity) return version;
  }
  return undefined;
}
