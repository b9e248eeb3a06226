/**
 * Every (state, event) pair of the licence lifecycle, with the expected outcome written out
 * by hand — not derived from STATUS_TRANSITIONS — so that a change to the machine must be
 * a change to this table too. See apply-status-event.ts for the reasons behind each rule.
 */
import { describe, expect, it } from 'vitest';
import type { CompactDate } from '../dates.js';
import { HutongError } from '../errors.js';
import { applyStatusEvent, type LicenceStatusState } from './apply-status-event.js';
import type { StatusEvent } from './status-event.js';

const EXPIRING = '20301231' as CompactDate;

/** The rows: every status, with `suspended` split by its causes, and "not yet issued". */
const ROWS = {
  none: undefined,
  valid: { status: 'valid', expiringDate: EXPIRING, encumbrances: [] },
  'suspended[order]': { status: 'suspended', expiringDate: EXPIRING, suspendedBy: ['order'], encumbrances: [] },
  'suspended[inspection]': {
    status: 'suspended',
    expiringDate: EXPIRING,
    suspendedBy: ['annual-inspection'],
    encumbrances: [],
  },
  'suspended[order+inspection]': {
    status: 'suspended',
    expiringDate: EXPIRING,
    suspendedBy: ['order', 'annual-inspection'],
    encumbrances: [],
  },
  expired: { status: 'expired', expiringDate: EXPIRING, encumbrances: [] },
  revoked: { status: 'revoked', expiringDate: EXPIRING, encumbrances: [] },
  cancelled: { status: 'cancelled', expiringDate: EXPIRING, encumbrances: [] },
  abolished: { status: 'abolished', expiringDate: EXPIRING, encumbrances: [] },
  superseded: { status: 'superseded', expiringDate: EXPIRING, encumbrances: [] },
  'transferred-out': { status: 'transferred-out', expiringDate: EXPIRING, encumbrances: [] },
} as const satisfies Record<string, LicenceStatusState | undefined>;
type Row = keyof typeof ROWS;

const DURING_TERM = '2026-06-01T10:00:00+08:00';
const AFTER_TERM = '2031-01-01T10:00:00+08:00';

/** The columns: every event type, annual inspection split by outcome; each with a time at which its data is fine. */
const COLUMNS = {
  issue: [{ type: 'issue', expiringDate: '20301231' }, DURING_TERM],
  'inspection:pass': [{ type: 'annual-inspection', outcome: 'pass' }, DURING_TERM],
  'inspection:fail': [{ type: 'annual-inspection', outcome: 'fail' }, DURING_TERM],
  extension: [{ type: 'extension', expiringDate: '20351231' }, DURING_TERM],
  change: [{ type: 'change', newVersion: '002' }, DURING_TERM],
  suspension: [{ type: 'suspension', reason: '违法违规暂扣' }, DURING_TERM],
  'suspension-release': [{ type: 'suspension-release' }, DURING_TERM],
  revocation: [{ type: 'revocation' }, DURING_TERM],
  cancellation: [{ type: 'cancellation' }, DURING_TERM],
  abolition: [{ type: 'abolition' }, DURING_TERM],
  transfer: [{ type: 'transfer', toAreaCode: '650000' }, DURING_TERM],
  mortgage: [{ type: 'mortgage', id: 'M-NEW', creditor: '某银行' }, DURING_TERM],
  'mortgage-release': [{ type: 'mortgage-release', id: 'M-1' }, DURING_TERM],
  pledge: [{ type: 'pledge', id: 'P-NEW' }, DURING_TERM],
  'pledge-release': [{ type: 'pledge-release', id: 'P-1' }, DURING_TERM],
  expiry: [{ type: 'expiry' }, AFTER_TERM],
} as const satisfies Record<string, readonly [StatusEvent, string]>;
type Column = keyof typeof COLUMNS;

/** Expected outcome: the resulting status (with suspension causes), or ✗ for ERR_STATUS_TRANSITION. */
type Outcome =
  | 'valid'
  | 'suspended[order]'
  | 'suspended[inspection]'
  | 'suspended[order+inspection]'
  | 'expired'
  | 'revoked'
  | 'cancelled'
  | 'abolished'
  | 'superseded'
  | 'transferred-out'
  | '✗';

const S_O = 'suspended[order]';
const S_I = 'suspended[inspection]';
const S_OI = 'suspended[order+inspection]';
const X = '✗';

// biome-ignore format: the table is read as a grid
const EXPECTED: Record<Row, Record<Column, Outcome>> = {
  none: {
    issue: 'valid', 'inspection:pass': X, 'inspection:fail': X, extension: X, change: X, suspension: X,
    'suspension-release': X, revocation: X, cancellation: X, abolition: X, transfer: X,
    mortgage: X, 'mortgage-release': X, pledge: X, 'pledge-release': X, expiry: X,
  },
  valid: {
    issue: X, 'inspection:pass': 'valid', 'inspection:fail': S_I, extension: 'valid', change: 'superseded', suspension: S_O,
    'suspension-release': X, revocation: 'revoked', cancellation: 'cancelled', abolition: 'abolished', transfer: 'transferred-out',
    mortgage: 'valid', 'mortgage-release': 'valid', pledge: 'valid', 'pledge-release': 'valid', expiry: 'expired',
  },
  'suspended[order]': {
    issue: X, 'inspection:pass': S_O, 'inspection:fail': S_OI, extension: S_O, change: 'superseded', suspension: X,
    'suspension-release': 'valid', revocation: 'revoked', cancellation: 'cancelled', abolition: 'abolished', transfer: X,
    mortgage: X, 'mortgage-release': S_O, pledge: X, 'pledge-release': S_O, expiry: 'expired',
  },
  'suspended[inspection]': {
    issue: X, 'inspection:pass': 'valid', 'inspection:fail': S_I, extension: S_I, change: 'superseded', suspension: S_OI,
    'suspension-release': X, revocation: 'revoked', cancellation: 'cancelled', abolition: 'abolished', transfer: X,
    mortgage: X, 'mortgage-release': S_I, pledge: X, 'pledge-release': S_I, expiry: 'expired',
  },
  'suspended[order+inspection]': {
    issue: X, 'inspection:pass': S_O, 'inspection:fail': S_OI, extension: S_OI, change: 'superseded', suspension: X,
    'suspension-release': S_I, revocation: 'revoked', cancellation: 'cancelled', abolition: 'abolished', transfer: X,
    mortgage: X, 'mortgage-release': S_OI, pledge: X, 'pledge-release': S_OI, expiry: 'expired',
  },
  expired: {
    issue: X, 'inspection:pass': X, 'inspection:fail': X, extension: X, change: X, suspension: X,
    'suspension-release': X, revocation: 'revoked', cancellation: 'cancelled', abolition: X, transfer: X,
    mortgage: X, 'mortgage-release': 'expired', pledge: X, 'pledge-release': 'expired', expiry: X,
  },
  revoked: {
    issue: X, 'inspection:pass': X, 'inspection:fail': X, extension: X, change: X, suspension: X,
    'suspension-release': X, revocation: X, cancellation: X, abolition: X, transfer: X,
    mortgage: X, 'mortgage-release': X, pledge: X, 'pledge-release': X, expiry: X,
  },
  cancelled: {
    issue: X, 'inspection:pass': X, 'inspection:fail': X, extension: X, change: X, suspension: X,
    'suspension-release': X, revocation: X, cancellation: X, abolition: X, transfer: X,
    mortgage: X, 'mortgage-release': X, pledge: X, 'pledge-release': X, expiry: X,
  },
  abolished: {
    issue: X, 'inspection:pass': X, 'inspection:fail': X, extension: X, change: X, suspension: X,
    'suspension-release': X, revocation: X, cancellation: X, abolition: X, transfer: X,
    mortgage: X, 'mortgage-release': X, pledge: X, 'pledge-release': X, expiry: X,
  },
  superseded: {
    issue: X, 'inspection:pass': X, 'inspection:fail': X, extension: X, change: X, suspension: X,
    'suspension-release': X, revocation: X, cancellation: X, abolition: X, transfer: X,
    mortgage: X, 'mortgage-release': X, pledge: X, 'pledge-release': X, expiry: X,
  },
  'transferred-out': {
    issue: X, 'inspection:pass': X, 'inspection:fail': X, extension: X, change: X, suspension: X,
    'suspension-release': X, revocation: X, cancellation: X, abolition: X, transfer: X,
    mortgage: X, 'mortgage-release': X, pledge: X, 'pledge-release': X, expiry: X,
  },
};

/** The row's state, with the active mortgage or pledge a release column needs. */
function stateFor(row: Row, column: Column): LicenceStatusState | undefined {
  const base = ROWS[row];
  if (base === undefined) return undefined;
  if (column === 'mortgage-release') {
    return { ...base, encumbrances: [{ id: 'M-1', kind: 'mortgage', start: '20250101' as CompactDate }] };
  }
  if (column === 'pledge-release') {
    return { ...base, encumbrances: [{ id: 'P-1', kind: 'pledge', start: '20250101' as CompactDate }] };
  }
  return base;
}

function describeOutcome(state: LicenceStatusState): Outcome {
  if (state.status !== 'suspended') return state.status;
  const causes = state.suspendedBy ?? [];
  if (causes.length === 2) return S_OI;
  return causes[0] === 'order' ? S_O : S_I;
}

const CASES = (Object.keys(EXPECTED) as Row[]).flatMap((row) =>
  (Object.keys(COLUMNS) as Column[]).map((column) => [row, column, EXPECTED[row][column]] as const),
);

describe('the lifecycle table: every (state, event) pair', () => {
  it('covers 11 states × 16 events', () => {
    expect(CASES).toHaveLength(11 * 16);
  });

  it.each(CASES)('%s + %s → %s', (row, column, expected) => {
    const [event, at] = COLUMNS[column];
    const before = stateFor(row, column);
    const snapshot = structuredClone(before);
    if (expected === X) {
      let thrown: unknown;
      try {
        applyStatusEvent(before, event, at);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(HutongError);
      const error = thrown as HutongError;
      expect(error.code).toBe('ERR_STATUS_TRANSITION');
      expect(error.params).toEqual({ from: before?.status ?? 'none', event: event.type });
    } else {
      const after = applyStatusEvent(before, event, at);
      expect(describeOutcome(after)).toBe(expected);
      // suspendedBy is present exactly when suspended.
      expect(after.suspendedBy !== undefined).toBe(after.status === 'suspended');
    }
    // Pure: the input state is never modified, whatever the outcome.
    expect(before).toEqual(snapshot);
  });
});
