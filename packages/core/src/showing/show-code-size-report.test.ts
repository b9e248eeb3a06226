import { describe, expect, it } from 'vitest';
import { MAX_SHOW_CODE_LENGTH } from './show-code.js';
import { SIZE_SCENARIOS, showCodeSizeReport } from './show-code-size-report.js';
import { demoCatalogue } from './test-support/demo-catalogue.js';

describe('showCodeSizeReport over the demo catalogue', () => {
  const types = demoCatalogue();
  const report = showCodeSizeReport(types);

  it('measures every type in every scenario', () => {
    expect(types.length).toBe(10);
    expect(report.entries.length).toBe(types.length * SIZE_SCENARIOS.length);
    for (const scenario of SIZE_SCENARIOS) expect(report.distributions[scenario].count).toBe(types.length);
  });

  it('three fields (name, licence number, a date) stay within 600 characters for every type', () => {
    const three = report.entries.filter((e) => e.scenario === 'three-fields');
    for (const e of three) {
      expect(e.fields.length).toBe(3);
      expect(e.base45Chars, e.typeName).toBeLessThanOrEqual(600);
    }
    expect(report.distributions['three-fields'].base45Chars.max).toBeLessThanOrEqual(600);
  });

  it('every default code fits a screen-read QR code', () => {
    for (const e of report.entries.filter((x) => x.scenario === 'default')) expect(e.fits, e.typeName).toBe(true);
  });

  it('the measured claim of the format: base45 needs no larger a QR code than base64url, in every case', () => {
    for (const e of report.entries) {
      expect(e.base45Chars).toBe(4 + Math.ceil((e.bytes * 3) / 2));
      expect(e.base64urlChars).toBe(4 + Math.ceil((e.bytes * 4) / 3));
      expect(e.qrVersionBase45 ?? 41).toBeLessThanOrEqual(e.qrVersionBase64url ?? 41);
    }
    const d = report.distributions.default;
    expect(d.qrVersionBase45.median).toBeLessThan(d.qrVersionBase64url.median);
  });

  it('distributions are nearest-rank statistics of the entries', () => {
    const chars = report.entries
      .filter((e) => e.scenario === 'all-fields')
      .map((e) => e.base45Chars)
      .sort((a, b) => a - b);
    expect(report.distributions['all-fields'].base45Chars).toEqual({
      min: chars[0],
      median: chars[4],
      p90: chars[8],
      max: chars[9],
    });
    expect(report.entries.some((e) => e.scenario === 'all-fields' && e.base45Chars > MAX_SHOW_CODE_LENGTH)).toBe(true);
  });
});
