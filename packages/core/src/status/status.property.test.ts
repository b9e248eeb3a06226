/**
 * Properties of the lifecycle over arbitrary event sequences: only typed errors, never a
 * status outside the value set, never an exit from a terminal state, invariants kept.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { applyStatusEvent, type LicenceStatusState } from './apply-status-event.js';
import { isTerminalStatus, LICENCE_STATUSES } from './licence-status.js';
import { parseStatusEvent, type StatusEvent } from './status-event.js';
import { statusListValue } from './status-list-value.js';

const date = fc
  .date({ min: new Date('2024-01-01T00:00:00Z'), max: new Date('2036-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const id = fc.constantFrom('M-1', 'M-2', 'P-1', 'P-2');

/** Events that end a licence: rarer, so that sequences live long enough to explore. */
const ending: fc.Arbitrary<StatusEvent> = fc.constantFrom<StatusEvent>(
  { type: 'revocation' },
  { type: 'cancellation' },
  { type: 'abolition' },
  { type: 'transfer' },
  { type: 'change', newVersion: '002' },
);

/** Well-formed events, with small id and date pools so that releases, duplicates and expiries happen. */
const event: fc.Arbitrary<StatusEvent> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('issue' as const), expiringDate: date }, { requiredKeys: ['type'] }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('annual-inspection' as const),
      outcome: fc.constantFrom('pass' as const, 'fail' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('extension' as const), expiringDate: date }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom<StatusEvent>({ type: 'suspension' }, { type: 'suspension-release' }, { type: 'expiry' }),
  },
  { weight: 1, arbitrary: ending },
  {
    weight: 4,
    arbitrary: fc.record(
      { type: fc.constantFrom('mortgage' as const, 'pledge' as const), id, start: date, end: date },
      { requiredKeys: ['type', 'id'] },
    ),
  },
  {
    weight: 4,
    arbitrary: fc.record({ type: fc.constantFrom('mortgage-release' as const, 'pledge-release' as const), id }),
  },
);

/** Anything at all, for the "only typed errors" property. */
const garbage = fc.anything({ withDate: true, withMap: true, withNullPrototype: true, withSparseArray: true });

/** Times that move forward by 0–400 days. */
const steps = fc.array(
  fc.tuple(fc.oneof({ weight: 9, arbitrary: event }, { weight: 1, arbitrary: garbage }), fc.nat(200)),
  {
    maxLength: 40,
  },
);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function typed(run: () => LicenceStatusState): LicenceStatusState | HutongError {
  try {
    return run();
  } catch (error) {
    if (error instanceof HutongError) return error;
    throw error;
  }
}

describe('the lifecycle under arbitrary event sequences', () => {
  it('only typed errors; statuses stay in the value set; terminal states are never left; invariants hold', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(date, steps, (startDate, sequence) => {
        let time = Date.parse(`${startDate}T08:00:00+08:00`);
        // Most sequences start from an issued licence; some from nothing (only issue applies).
        let state: LicenceStatusState | undefined =
          sequence.length % 4 === 0
            ? undefined
            : applyStatusEvent(undefined, { type: 'issue', expiringDate: '20300101' }, new Date(time));
        for (const [e, days] of sequence) {
          time += days * 86_400_000;
          const before = state;
          // Frozen: a machine that mutated its input would throw a TypeError here (ESM is strict).
          const result = typed(() => applyStatusEvent(before, e as StatusEvent, new Date(time)));
          if (result instanceof HutongError) {
            // From a terminal state, a well-formed event is refused as a transition (a
            // malformed one may be refused earlier, by the event parser).
            if (
              before !== undefined &&
              isTerminalStatus(before.status) &&
              !result.code.startsWith('ERR_STATUS_EVENT_')
            ) {
              expect(result.code).toBe('ERR_STATUS_TRANSITION');
            }
            continue;
          }
          expect(before === undefined || !isTerminalStatus(before.status)).toBe(true);
          expect(LICENCE_STATUSES).toContain(result.status);
          expect([0, 1, 2]).toContain(statusListValue(result.status));
          expect(result.suspendedBy !== undefined && result.suspendedBy.length > 0).toBe(result.status === 'suspended');
          const ids = result.encumbrances.map((x) => x.id);
          expect(new Set(ids).size).toBe(ids.length);
          expect(result.history?.length).toBe((before?.history?.length ?? 0) + 1);
          reached.add(result.status);
          state = deepFreeze(result);
        }
      }),
      { numRuns: 1000 },
    );
    // The generator is worth something only if it reaches every status.
    expect([...reached].sort()).toEqual([...LICENCE_STATUSES].sort());
  });

  it('from every terminal state, every event is ERR_STATUS_TRANSITION and the state is unchanged', () => {
    const terminal = fc.constantFrom('revoked', 'cancelled', 'abolished', 'superseded', 'transferred-out' as const);
    fc.assert(
      fc.property(terminal, fc.array(event, { minLength: 1, maxLength: 10 }), (status, events) => {
        const state = deepFreeze<LicenceStatusState>({
          status,
          expiringDate: '20300101' as never,
          encumbrances: [{ id: 'M-1', kind: 'mortgage', start: '20250101' as never }],
        });
        const snapshot = structuredClone(state);
        for (const e of events) {
          const result = typed(() => applyStatusEvent(state, e, '2026-01-01T00:00:00Z'));
          expect(result).toBeInstanceOf(HutongError);
          expect((result as HutongError).code).toBe('ERR_STATUS_TRANSITION');
        }
        expect(state).toEqual(snapshot);
      }),
    );
  });

  it('parseStatusEvent answers any input with an event or a typed error', () => {
    fc.assert(
      fc.property(fc.oneof(garbage, event, fc.record({ type: fc.string() }, { requiredKeys: [] })), (input) => {
        try {
          parseStatusEvent(input);
        } catch (error) {
          expect(error).toBeInstanceOf(HutongError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
