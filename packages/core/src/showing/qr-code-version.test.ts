import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { QR_ERROR_CORRECTION_LEVELS, qrCodeVersion } from './qr-code-version.js';

/**
 * ISO/IEC 18004:2015 table 7, alphanumeric capacity per version (1–40) and level: an
 * independent statement of the data codeword table the module holds.
 */
const ALPHANUMERIC_CAPACITY: Record<string, number[]> = {
  L: [
    25, 47, 77, 114, 154, 195, 224, 279, 335, 395, 468, 535, 619, 667, 758, 854, 938, 1046, 1153, 1249, 1352, 1460,
    1588, 1704, 1853, 1990, 2132, 2223, 2369, 2520, 2677, 2840, 3009, 3183, 3351, 3537, 3729, 3927, 4087, 4296,
  ],
  M: [
    20, 38, 61, 90, 122, 154, 178, 221, 262, 311, 366, 419, 483, 528, 600, 656, 734, 816, 909, 970, 1035, 1134, 1248,
    1326, 1451, 1542, 1637, 1732, 1839, 1994, 2113, 2238, 2369, 2506, 2632, 2780, 2894, 3054, 3220, 3391,
  ],
  Q: [
    16, 29, 47, 67, 87, 108, 125, 157, 189, 221, 259, 296, 352, 376, 426, 470, 531, 574, 644, 702, 742, 823, 890, 963,
    1041, 1094, 1172, 1263, 1322, 1429, 1499, 1618, 1700, 1787, 1867, 1966, 2071, 2181, 2298, 2420,
  ],
  H: [
    10, 20, 35, 50, 64, 84, 93, 122, 143, 174, 200, 227, 259, 283, 321, 365, 408, 452, 493, 557, 587, 640, 672, 744,
    779, 864, 910, 958, 1016, 1080, 1150, 1226, 1307, 1394, 1431, 1530, 1591, 1658, 1774, 1852,
  ],
};
/** The same table, byte mode, level L and H. */
const BYTE_CAPACITY: Record<string, number[]> = {
  L: [
    17, 32, 53, 78, 106, 134, 154, 192, 230, 271, 321, 367, 425, 458, 520, 586, 644, 718, 792, 858, 929, 1003, 1091,
    1171, 1273, 1367, 1465, 1528, 1628, 1732, 1840, 1952, 2068, 2188, 2303, 2431, 2563, 2699, 2809, 2953,
  ],
  H: [
    7, 14, 24, 34, 44, 58, 64, 84, 98, 119, 137, 155, 177, 194, 220, 250, 280, 310, 338, 382, 403, 439, 461, 511, 535,
    593, 625, 658, 698, 742, 790, 842, 898, 958, 983, 1051, 1093, 1139, 1219, 1273,
  ],
};

describe('qrCodeVersion (ISO/IEC 18004 capacities)', () => {
  it.each(QR_ERROR_CORRECTION_LEVELS)('alphanumeric, level %s: every version holds exactly its capacity', (level) => {
    const capacities = ALPHANUMERIC_CAPACITY[level] as number[];
    capacities.forEach((capacity, i) => {
      expect(qrCodeVersion('A'.repeat(capacity), { mode: 'alphanumeric', level })).toBe(i + 1);
      expect(qrCodeVersion('A'.repeat(capacity + 1), { mode: 'alphanumeric', level })).toBe(
        i === 39 ? undefined : i + 2,
      );
    });
  });

  it.each(['L', 'H'] as const)('byte, level %s: every version holds exactly its capacity', (level) => {
    (BYTE_CAPACITY[level] as number[]).forEach((capacity, i) => {
      expect(qrCodeVersion('a'.repeat(capacity), { mode: 'byte', level })).toBe(i + 1);
      expect(qrCodeVersion('a'.repeat(capacity + 1), { mode: 'byte', level })).toBe(i === 39 ? undefined : i + 2);
    });
  });

  it('counts UTF-8 bytes in byte mode', () => {
    // 14 bytes fit version 1-M in byte mode: 5 Chinese characters are 15.
    expect(qrCodeVersion('王小明住址', { mode: 'byte', level: 'M' })).toBe(2);
    expect(qrCodeVersion('王小明住', { mode: 'byte', level: 'M' })).toBe(1);
  });

  it('refuses text alphanumeric mode cannot carry', () => {
    expect(() => qrCodeVersion('ht1:', { mode: 'alphanumeric', level: 'M' })).toThrow(HutongError);
    expect(() => qrCodeVersion('HT1', { mode: 'kanji' as never, level: 'M' })).toThrow(HutongError);
  });
});
