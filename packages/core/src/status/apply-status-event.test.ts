import { describe, expect, it } from 'vitest';
import type { CompactDate } from '../dates.js';
import { HutongError } from '../errors.js';
import { activeEncumbrances, applyStatusEvent, type LicenceStatusState, parseEventTime } from './apply-status-event.js';
import type { StatusEvent } from './status-event.js';
import { successorStatusState } from './successor-status-state.js';

function refusal(run: () => unknown): HutongError {
  try {
    run();
  } catch (error) {
    if (error instanceof HutongError) return error;
    throw error;
  }
  throw new Error('expected a HutongError, but the call succeeded');
}

const T0 = '2025-01-08T09:00:00+08:00';
const issued = applyStatusEvent(undefined, { type: 'issue', expiringDate: '2028-01-08' }, T0);

/** Applies events in order, a day apart from `start`. */
function run(state: LicenceStatusState | undefined, events: StatusEvent[], start = '2025-02-01'): LicenceStatusState {
  let s = state;
  let t = Date.parse(`${start}T10:00:00+08:00`);
  for (const event of events) {
    s = applyStatusEvent(s, event, new Date(t));
    t += 86_400_000;
  }
  if (s === undefined) throw new Error('no events');
  return s;
}

describe('issue', () => {
  it('starts a valid licence with its expiring date normalised and a history', () => {
    expect(issued).toEqual({
      status: 'valid',
      expiringDate: '20280108',
      encumbrances: [],
      history: [
        {
          at: '2025-01-08T01:00:00.000Z',
          from: 'none',
          to: 'valid',
          event: { type: 'issue', expiringDate: '20280108' },
        },
      ],
    });
  });

  it('starts a long-term licence without an expiring date', () => {
    const s = applyStatusEvent(undefined, { type: 'issue' }, T0);
    expect('expiringDate' in s).toBe(false);
  });
});

describe('encumbrances (抵押, 质押)', () => {
  it('coexist with validity: a valid licence may carry several, and stays valid', () => {
    const s = run(issued, [
      { type: 'mortgage', id: 'M-1', creditor: '某银行', end: '20270101' },
      { type: 'pledge', id: 'P-1' },
      { type: 'mortgage', id: 'M-2', start: '2025-03-01' },
    ]);
    expect(s.status).toBe('valid');
    expect(s.encumbrances).toEqual([
      { id: 'M-1', kind: 'mortgage', creditor: '某银行', start: '20250201', end: '20270101' },
      { id: 'P-1', kind: 'pledge', start: '20250202' },
      { id: 'M-2', kind: 'mortgage', start: '20250301' },
    ]);
  });

  it('a release must name an active encumbrance of its kind', () => {
    const s = run(issued, [
      { type: 'mortgage', id: 'M-1' },
      { type: 'pledge', id: 'P-1' },
    ]);
    const at = '2025-04-01T10:00:00+08:00';
    expect(refusal(() => applyStatusEvent(s, { type: 'mortgage-release', id: 'M-9' }, at))).toMatchObject({
      code: 'ERR_STATUS_ENCUMBRANCE_NOT_ACTIVE',
      field: 'id',
      params: { id: 'M-9', kind: 'mortgage' },
    });
    // A pledge is not released by a mortgage release, even with the right id.
    expect(refusal(() => applyStatusEvent(s, { type: 'mortgage-release', id: 'P-1' }, at)).code).toBe(
      'ERR_STATUS_ENCUMBRANCE_NOT_ACTIVE',
    );
    const released = applyStatusEvent(s, { type: 'mortgage-release', id: 'M-1' }, at);
    expect(released.encumbrances[0]).toEqual({
      id: 'M-1',
      kind: 'mortgage',
      start: '20250201',
      releasedAt: '20250401',
    });
    expect(activeEncumbrances(released).map((e) => e.id)).toEqual(['P-1']);
    // Released once is released: a second release of the same one is refused.
    expect(refusal(() => applyStatusEvent(released, { type: 'mortgage-release', id: 'M-1' }, at)).code).toBe(
      'ERR_STATUS_ENCUMBRANCE_NOT_ACTIVE',
    );
  });

  it('ids are unique on a licence, released ones included', () => {
    const s = run(issued, [
      { type: 'mortgage', id: 'M-1' },
      { type: 'mortgage-release', id: 'M-1' },
    ]);
    expect(refusal(() => applyStatusEvent(s, { type: 'pledge', id: 'M-1' }, '2025-05-01T00:00:00Z'))).toMatchObject({
      code: 'ERR_STATUS_ENCUMBRANCE_DUPLICATE',
      params: { id: 'M-1' },
    });
  });

  it('an encumbrance cannot end before it starts', () => {
    const error = refusal(() =>
      applyStatusEvent(issued, { type: 'pledge', id: 'P-1', start: '20250301', end: '20250228' }, T0),
    );
    expect(error).toMatchObject({ code: 'ERR_STATUS_ENCUMBRANCE_DATES', field: 'end' });
  });

  it('a suspended licence keeps its encumbrances, and they can be released while suspended', () => {
    const s = run(issued, [{ type: 'mortgage', id: 'M-1' }, { type: 'pledge', id: 'P-1' }, { type: 'suspension' }]);
    expect(s.status).toBe('suspended');
    expect(activeEncumbrances(s).map((e) => e.id)).toEqual(['M-1', 'P-1']);
    const released = applyStatusEvent(s, { type: 'pledge-release', id: 'P-1' }, '2025-03-01T00:00:00Z');
    expect(released.status).toBe('suspended');
    expect(activeEncumbrances(released).map((e) => e.id)).toEqual(['M-1']);
    // …but no new one is taken on while restricted.
    expect(refusal(() => applyStatusEvent(s, { type: 'pledge', id: 'P-2' }, '2025-03-01T00:00:00Z')).code).toBe(
      'ERR_STATUS_TRANSITION',
    );
  });

  it('survive expiry and can still be released; a terminal licence keeps them as they were', () => {
    const s = run(issued, [{ type: 'mortgage', id: 'M-1' }]);
    const expired = applyStatusEvent(s, { type: 'expiry' }, '2028-01-09T00:00:00+08:00');
    expect(activeEncumbrances(expired).map((e) => e.id)).toEqual(['M-1']);
    expect(applyStatusEvent(expired, { type: 'mortgage-release', id: 'M-1' }, '2028-02-01T00:00:00Z').status).toBe(
      'expired',
    );
    const cancelled = applyStatusEvent(expired, { type: 'cancellation' }, '2028-03-01T00:00:00Z');
    expect(activeEncumbrances(cancelled).map((e) => e.id)).toEqual(['M-1']);
  });

  it('block a transfer out until released', () => {
    const s = run(issued, [
      { type: 'mortgage', id: 'M-1' },
      { type: 'pledge', id: 'P-1' },
    ]);
    expect(refusal(() => applyStatusEvent(s, { type: 'transfer' }, '2025-03-01T00:00:00Z'))).toMatchObject({
      code: 'ERR_STATUS_ENCUMBERED',
      params: { count: 2 },
    });
    const clear = run(
      s,
      [
        { type: 'mortgage-release', id: 'M-1' },
        { type: 'pledge-release', id: 'P-1' },
        { type: 'transfer', toAreaCode: '650000' },
      ],
      '2025-03-01',
    );
    expect(clear.status).toBe('transferred-out');
  });
});

describe('suspension causes', () => {
  it('a failed inspection suspends and a pass lifts it', () => {
    const s = run(issued, [{ type: 'annual-inspection', outcome: 'fail' }]);
    expect(s).toMatchObject({ status: 'suspended', suspendedBy: ['annual-inspection'] });
    expect(run(s, [{ type: 'annual-inspection', outcome: 'pass' }], '2025-06-01')).toMatchObject({ status: 'valid' });
  });

  it('passing an inspection does not end an ordered suspension (暂扣)', () => {
    const s = run(issued, [
      { type: 'annual-inspection', outcome: 'fail' },
      { type: 'suspension' },
      { type: 'annual-inspection', outcome: 'pass' },
    ]);
    expect(s).toMatchObject({ status: 'suspended', suspendedBy: ['order'] });
    expect(run(s, [{ type: 'suspension-release' }], '2025-06-01').status).toBe('valid');
  });

  it('reads a stored suspended state without causes as an order', () => {
    const stored: LicenceStatusState = {
      status: 'suspended',
      expiringDate: '20280108' as CompactDate,
      encumbrances: [],
    };
    expect(applyStatusEvent(stored, { type: 'suspension-release' }, T0).status).toBe('valid');
    expect(refusal(() => applyStatusEvent(stored, { type: 'suspension' }, T0)).code).toBe('ERR_STATUS_TRANSITION');
  });
});

describe('dates: extension and expiry', () => {
  it('extends to a later date before the term ends, keeping the status', () => {
    const s = applyStatusEvent(issued, { type: 'extension', expiringDate: '2033-01-08' }, '2028-01-08T23:59:59+08:00');
    expect(s).toMatchObject({ status: 'valid', expiringDate: '20330108' });
  });

  it('refuses an extension after the term ended, even before the expiry event is recorded (行政许可法 art. 50)', () => {
    const error = refusal(() =>
      applyStatusEvent(issued, { type: 'extension', expiringDate: '2033-01-08' }, '2028-01-09T00:00:00+08:00'),
    );
    expect(error).toMatchObject({ code: 'ERR_STATUS_EXTENSION_LATE', params: { current: '20280108' } });
  });

  it('refuses an extension that is not later, and any extension of a long-term licence', () => {
    expect(refusal(() => applyStatusEvent(issued, { type: 'extension', expiringDate: '20280108' }, T0)).code).toBe(
      'ERR_STATUS_EXTENSION_NOT_LATER',
    );
    const longTerm = applyStatusEvent(undefined, { type: 'issue' }, T0);
    expect(refusal(() => applyStatusEvent(longTerm, { type: 'extension', expiringDate: '20990101' }, T0)).code).toBe(
      'ERR_STATUS_LONG_TERM',
    );
    expect(refusal(() => applyStatusEvent(longTerm, { type: 'expiry' }, T0)).code).toBe('ERR_STATUS_LONG_TERM');
  });

  it('expires only after the expiring day (valid through it, China time)', () => {
    expect(refusal(() => applyStatusEvent(issued, { type: 'expiry' }, '2028-01-08T23:59:59+08:00'))).toMatchObject({
      code: 'ERR_STATUS_EXPIRY_EARLY',
      params: { current: '20280108', date: '20280108' },
    });
    // 16:00 UTC on the 8th is already the 9th in China.
    expect(applyStatusEvent(issued, { type: 'expiry' }, '2028-01-08T16:00:00Z').status).toBe('expired');
  });
});

describe('history and time', () => {
  it('appends one entry per event and refuses events out of order', () => {
    const s = run(issued, [{ type: 'suspension', reason: '暂扣' }, { type: 'suspension-release' }]);
    expect(s.history?.map((h) => [h.from, h.event.type, h.to])).toEqual([
      ['none', 'issue', 'valid'],
      ['valid', 'suspension', 'suspended'],
      ['suspended', 'suspension-release', 'valid'],
    ]);
    expect(refusal(() => applyStatusEvent(s, { type: 'revocation' }, T0))).toMatchObject({
      code: 'ERR_STATUS_TIME_ORDER',
    });
  });

  it('keeps no history when the caller keeps none', () => {
    const { history: _, ...bare } = issued;
    expect('history' in applyStatusEvent(bare, { type: 'revocation' }, T0)).toBe(false);
  });

  it.each([
    ['a date without time', '2025-01-08'],
    ['a local time without zone', '2025-01-08T09:00:00'],
    ['30 February', '2025-02-30T09:00:00Z'],
    ['hour 24', '2025-01-08T24:00:00Z'],
    ['a leap second', '2016-12-31T23:59:60Z'],
    ['an offset of +25:00', '2025-01-08T09:00:00+25:00'],
    ['an invalid Date', new Date(Number.NaN)],
    ['a number', 1736298000000],
  ])('refuses %s as the event time', (_name, at) => {
    expect(refusal(() => parseEventTime(at))).toMatchObject({ code: 'ERR_STATUS_TIME_INVALID', field: 'at' });
  });

  it('accepts RFC 3339 with offsets, lower-case t/z and fractions', () => {
    expect(parseEventTime('2025-01-08t01:00:00.5z').toISOString()).toBe('2025-01-08T01:00:00.500Z');
    expect(parseEventTime('2025-01-08T09:00:00+08:00').toISOString()).toBe('2025-01-08T01:00:00.000Z');
  });
});

describe('a malformed stored state is a typed error', () => {
  it.each([
    [{ status: 'active', encumbrances: [] }, '$.status'],
    [{ status: 'valid', expiringDate: '2028-01-08', encumbrances: [] }, '$.expiringDate'],
    [{ status: 'valid' }, '$.encumbrances'],
    [{ status: 'valid', encumbrances: [{ id: 'M', kind: 'lien' }] }, '$.encumbrances[0]'],
    [{ status: 'suspended', suspendedBy: ['court'], encumbrances: [] }, '$.suspendedBy'],
  ])('%j', (state, field) => {
    const error = refusal(() => applyStatusEvent(state as unknown as LicenceStatusState, { type: 'revocation' }, T0));
    expect({ code: error.code, field: error.field }).toEqual({ code: 'ERR_STATUS_STATE_INVALID', field });
  });
});

describe('successorStatusState (a change issues the next version)', () => {
  it('carries status, causes, active encumbrances and the expiring date to the new version', () => {
    const s = run(issued, [
      { type: 'mortgage', id: 'M-1' },
      { type: 'pledge', id: 'P-1' },
      { type: 'pledge-release', id: 'P-1' },
      { type: 'suspension' },
    ]);
    const change: StatusEvent = { type: 'change', newVersion: '002' };
    const at = '2025-06-01T10:00:00+08:00';
    expect(applyStatusEvent(s, change, at).status).toBe('superseded');
    const next = successorStatusState(s, { type: 'change', newVersion: '002' }, at);
    expect(next).toEqual({
      status: 'suspended',
      expiringDate: '20280108',
      suspendedBy: ['order'],
      encumbrances: [{ id: 'M-1', kind: 'mortgage', start: '20250201' }],
      history: [{ at: '2025-06-01T02:00:00.000Z', from: 'none', to: 'suspended', event: change }],
    });
  });

  it('takes a new expiring date from the change (a renewal)', () => {
    const next = successorStatusState(
      issued,
      { type: 'change', newVersion: '002', expiringDate: '2031-01-08' },
      '2027-12-01T00:00:00Z',
    );
    expect(next.expiringDate).toBe('20310108');
  });

  it('refuses a change the predecessor cannot take', () => {
    const revoked = applyStatusEvent(issued, { type: 'revocation' }, '2025-02-01T00:00:00Z');
    expect(
      refusal(() => successorStatusState(revoked, { type: 'change', newVersion: '002' }, '2025-03-01T00:00:00Z')).code,
    ).toBe('ERR_STATUS_TRANSITION');
    expect(
      refusal(() =>
        successorStatusState(
          issued,
          { type: 'revocation' } as unknown as StatusEvent & { type: 'change'; newVersion: string },
          T0,
        ),
      ).code,
    ).toBe('ERR_STATUS_EVENT_TYPE');
  });
});
