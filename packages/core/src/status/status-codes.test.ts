/** The status mappings, written out value by value (standards.md §6, §9; IETF Token Status List). */
import { describe, expect, it } from 'vitest';
import { isTerminalStatus, LICENCE_STATUSES, type LicenceStatus } from './licence-status.js';
import { nationalStatusCode, nationalStatusLabel, sharingAnswerCode } from './national-status-code.js';
import { statusListValue } from './status-list-value.js';

// biome-ignore format: the table is read as a grid
const EXPECTED: ReadonlyArray<readonly [LicenceStatus, 0 | 1 | 2, string, string, boolean]> = [
  // status            list  national sharing terminal
  ['valid',             0,   '01',    '0',    false],
  ['suspended',         2,   '02',    '23',   false],
  ['revoked',           1,   '07',    '21',   true],
  ['cancelled',         1,   '04',    '21',   true],
  ['abolished',         1,   '99',    '21',   true],
  ['expired',           1,   '05',    '22',   false],
  ['superseded',        1,   '99',    '21',   true],
  ['transferred-out',   1,   '06',    '99',   true],
];

describe('status mappings', () => {
  it('cover every status value', () => {
    expect(EXPECTED.map(([s]) => s)).toEqual([...LICENCE_STATUSES]);
  });

  it.each(EXPECTED)(
    '%s → status list %i, national %s, sharing answer %s, terminal %s',
    (status, list, national, sharing, terminal) => {
      expect(statusListValue(status)).toBe(list);
      expect(nationalStatusCode(status)).toBe(national);
      expect(sharingAnswerCode(status)).toBe(sharing);
      expect(isTerminalStatus(status)).toBe(terminal);
    },
  );

  it('describes the statuses the national vocabulary files under 99', () => {
    expect(nationalStatusLabel('abolished')).toEqual({ zh: '废止', en: 'abolished' });
    expect(nationalStatusLabel('superseded').zh).toBe('已变更（被新版本替代）');
    expect(nationalStatusLabel('cancelled')).toEqual({ zh: '注销', en: 'cancelled' });
  });

  it('never writes the reserved value 3', () => {
    for (const status of LICENCE_STATUSES) expect(statusListValue(status)).not.toBe(3);
  });
});
