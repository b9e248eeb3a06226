import { createPrintCode, createShowCode, verificationUrl } from '@hutong/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, fixture, NOW } from '../../../core/src/trust/test-support/fixtures.js';
import { codeOfScan, verifyCode } from './check-code.js';

let f: Fixture;
beforeAll(async () => {
  f = await fixture('ed25519');
});

describe('what the verifier reads from scanned text', () => {
  it('takes a code as it is, and the code out of a verification page’s address', async () => {
    expect(codeOfScan('  HT1:ABC  ')).toBe('HT1:ABC');
    const printed = await createPrintCode({ licence: f.licence, type: f.type }, f.showingKey, { now: NOW });
    // The printed QR code holds the page's address, with space, `/` and `%` percent-encoded.
    const url = verificationUrl('https://licences.example.gov.cn/', printed.text);
    expect(codeOfScan(url)).toBe(printed.text);
    expect(codeOfScan('https://example.cn/elsewhere')).toBe('https://example.cn/elsewhere');
    expect(codeOfScan('https://example.cn/v/%E0%A4%A')).toBe('https://example.cn/v/%E0%A4%A');
  });

  it('verifies a print code as a printed licence and anything else as a show code', async () => {
    const now = new Date(NOW.getTime() + 5000);
    const printed = await createPrintCode({ licence: f.licence, type: f.type }, f.showingKey, { now: NOW });
    const shown = await createShowCode(
      { licence: f.licence, type: f.type, status: 'valid', purpose: 'entry' },
      f.showingKey,
      { now: NOW },
    );
    expect(await verifyCode(printed.text, f.prepared, now)).toMatchObject({ kind: 'printed-licence', valid: true });
    expect(await verifyCode(shown.text, f.prepared, now)).toMatchObject({ kind: 'show-code', valid: true });
    expect(await verifyCode('hello', f.prepared, now)).toMatchObject({ kind: 'show-code', valid: false });
  });
});
