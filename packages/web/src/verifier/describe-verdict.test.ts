import { createPrintCode, createShowCode, type LicenceStatus, verifyPrintCode, verifyShowCode } from '@hutong/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, fixture, NOW } from '../../../core/src/trust/test-support/fixtures.js';
import { failureReason, purposeLabel, verdictTone } from './describe-verdict.js';

let f: Fixture;
beforeAll(async () => {
  f = await fixture('ed25519');
});

async function verdictFor(status: LicenceStatus, now = new Date(NOW.getTime() + 5000)) {
  const code = await createShowCode({ licence: f.licence, type: f.type, status, purpose: 'entry' }, f.showingKey, {
    now: NOW,
  });
  return verifyShowCode(code.text, f.prepared, { now });
}

describe('how the verifier shows a verdict', () => {
  it('is green for a valid code, amber for a suspended licence, red for a revoked one', async () => {
    expect(verdictTone(await verdictFor('valid'))).toBe('valid');
    expect(verdictTone(await verdictFor('suspended'))).toBe('warning');
    expect(verdictTone(await verdictFor('revoked'))).toBe('invalid');
  });

  it('is red for an expired suspended code (amber only when the code itself is genuine and current)', async () => {
    const late = await verdictFor('suspended', new Date(NOW.getTime() + 10 * 60_000));
    expect(late.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['not-expired', 'status-at-signing']);
    expect(verdictTone(late)).toBe('invalid');
  });

  it('is red for what is not a show code, with the reason in Chinese or English', async () => {
    const verdict = await verifyShowCode('HT1:NOT-A-CODE', f.prepared, { now: NOW });
    expect(verdictTone(verdict)).toBe('invalid');
    const format = verdict.checks.find((c) => c.name === 'format');
    if (format === undefined) throw new Error('no format check');
    expect(failureReason(format, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
    expect(failureReason(format, 'en')).toBe(format.reason);
  });

  it('words a revoked status in the reader’s language and leaves passed checks to the interface', async () => {
    const verdict = await verdictFor('revoked');
    const status = verdict.checks.find((c) => c.name === 'status-at-signing');
    if (status === undefined) throw new Error('no status check');
    expect(failureReason(status, 'en')).toBe(status.reason);
    expect(failureReason(status, 'zh-CN')).not.toBe(status.reason);
    expect(failureReason(status, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
    const signature = verdict.checks.find((c) => c.name === 'signature');
    if (signature === undefined) throw new Error('no signature check');
    expect(failureReason(signature, 'zh-CN')).toBeUndefined();
  });

  it('follows the node’s current status once asked: red after a revocation, amber for a suspension', async () => {
    const genuine = await verdictFor('valid');
    const online = (status: string, ok: boolean) => ({
      valid: ok,
      checks: [{ name: 'current-status', ok, reason: status }],
      currentStatus: { identifier: 'x', status },
    });
    expect(verdictTone(genuine, online('valid', true))).toBe('valid');
    expect(verdictTone(genuine, online('revoked', false))).toBe('invalid');
    expect(verdictTone(genuine, online('suspended', false))).toBe('warning');
    // The node cannot make a forged or revoked-at-signing code green.
    expect(verdictTone(await verdictFor('revoked'), online('valid', true))).toBe('invalid');
    // Checks the page already ran offline do not count twice; a failed library face is red.
    const face = { valid: false, checks: [{ name: 'library-face', ok: false, reason: 'differs' }] };
    expect(verdictTone(genuine, face)).toBe('invalid');
  });

  it('judges a print code: red when anything fails, the reason of a failed check in Chinese', async () => {
    const printed = await createPrintCode({ licence: f.licence, type: f.type }, f.showingKey, { now: NOW });
    const good = await verifyPrintCode(printed.text, f.prepared, { now: new Date(NOW.getTime() + 5000) });
    expect(verdictTone(good)).toBe('valid');
    // Change the third character from the end to another one; which one depends on that
    // character itself (deciding by the last character left the code unchanged whenever the
    // third from the end already was the replacement: a flaky pass-for-a-genuine-code).
    const at = printed.text.length - 3;
    const tampered = `${printed.text.slice(0, at)}${printed.text[at] === '0' ? '1' : '0'}${printed.text.slice(at + 1)}`;
    expect(tampered).not.toBe(printed.text);
    const bad = await verifyPrintCode(tampered, f.prepared, { now: NOW });
    expect(verdictTone(bad)).toBe('invalid');
    const failed = bad.checks.find((c) => !c.ok);
    if (failed === undefined) throw new Error('no failed check');
    expect(failureReason(failed, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
  });

  it('names purpose codes and keeps the holder’s own words', () => {
    expect(purposeLabel('entry', 'zh-CN')).toBe('入场登记');
    expect(purposeLabel('entry', 'en')).toBe('Entry registration');
    expect(purposeLabel('看房', 'en')).toBe('看房');
  });
});
