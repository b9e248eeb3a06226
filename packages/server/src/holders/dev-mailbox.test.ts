import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DevMailbox, type DevMessage, maskHolderCode } from './dev-mailbox.js';

describe('maskHolderCode', () => {
  it('keeps the length, the first four and the last four characters, and hides the rest', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 9, maxLength: 64 }), (code) => {
        const masked = maskHolderCode(code);
        expect(masked.length).toBe(code.length);
        expect(masked.slice(0, 4)).toBe(code.slice(0, 4));
        expect(masked.slice(-4)).toBe(code.slice(-4));
        expect(masked.slice(4, -4)).toBe('*'.repeat(code.length - 8));
      }),
    );
  });

  it('hides a code of eight characters or fewer entirely', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), (code) => {
        expect(maskHolderCode(code)).toBe('*'.repeat(code.length));
      }),
    );
  });
});

describe('DevMailbox', () => {
  const message = (n: number, expiresAt: string): DevMessage => ({
    messageId: `m${n}`,
    challengeId: `c${n}`,
    holderCodeType: '111',
    to: '1101**********002X',
    code: String(n).padStart(6, '0'),
    text: { zh: '', en: '' },
    sentAt: '2026-11-29T00:00:00.000Z',
    expiresAt,
  });

  it('answers newest first, filters by challenge, drops expired messages and the oldest past capacity', () => {
    const mailbox = new DevMailbox(3);
    for (let n = 1; n <= 4; n += 1)
      mailbox.deliver(message(n, n === 4 ? '2026-11-29T00:01:00.000Z' : '2026-11-29T00:10:00.000Z'));
    const now = new Date('2026-11-29T00:02:00.000Z');
    expect(mailbox.read(now).map((m) => m.messageId)).toEqual(['m3', 'm2']);
    expect(mailbox.read(now, { challengeId: 'c2' }).map((m) => m.code)).toEqual(['000002']);
  });
});
