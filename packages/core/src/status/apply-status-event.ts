/**
 * The licence status state machine (architecture §4): a pure function from a state and
 * an event to the next state, or a typed error. No clock is read: the caller says when.
 *
 * Decisions, each with its reason:
 * - Terminal: revoked, cancelled, abolished, superseded, transferred-out. No event at all
 *   is accepted there, releases included: the licence's record is closed, and the state
 *   at termination (encumbrances and all) stays what relying parties see.
 * - `expired` is not terminal, but it cannot be extended or changed. The housing ministry
 *   vocabulary (standards.md §6) has 05 lapsed (失效) as an outcome and renewal (延续) as an
 *   operation on a live licence; 行政许可法 art. 50 requires a renewal to be applied for
 *   30 days before, and decided before, the term ends. So a lapsed licence is renewed by
 *   issuing a new licence, not by extending the old one. What an expired licence still
 *   accepts: cancellation (注销 — art. 70(1) requires it for a term ended without renewal),
 *   revocation (撤销 annuls the grant itself, art. 69, whatever its term), and releases of
 *   its mortgages and pledges (a creditor must be able to clear the record).
 * - Annual inspection `fail` suspends (restricted use: provincial answer 23 "restricted",
 *   the status list's SUSPENDED, which is reversible); a later `pass` lifts that suspension.
 *   A suspension ordered by the authority (暂扣) is a separate cause that only
 *   `suspension-release` lifts: passing an inspection must not end a penalty. The state
 *   records the causes in `suspendedBy`.
 * - New mortgages and pledges only on a valid licence (a restricted licence is not a
 *   basis for new transactions); releases on valid, suspended or expired ones.
 * - Transfer out only from valid and unencumbered: once the licence leaves this node its
 *   encumbrances would no longer be visible to relying parties here.
 */
import { type CompactDate, isRealDate, toCompactDate, todayInChina } from '../dates.js';
import { HutongError } from '../errors.js';
import { isLicenceStatus, type LicenceStatus } from './licence-status.js';
import {
  ENCUMBRANCE_KINDS,
  type EncumbranceKind,
  parseStatusEvent,
  type StatusEvent,
  type StatusEventType,
} from './status-event.js';

/** A mortgage (抵押) or pledge (质押) on a licence. Active while `releasedAt` is absent. */
export interface Encumbrance {
  readonly id: string;
  readonly kind: EncumbranceKind;
  readonly creditor?: string;
  readonly start: CompactDate;
  /** The agreed end of the secured period, for information; only a release ends an encumbrance. */
  readonly end?: CompactDate;
  readonly releasedAt?: CompactDate;
}

/** Why a licence is suspended: an authority's order (暂扣), a failed annual inspection, or both. */
export const SUSPENSION_CAUSES = ['order', 'annual-inspection'] as const;
export type SuspensionCause = (typeof SUSPENSION_CAUSES)[number];

/** The status before a licence exists; only `issue` leaves it. */
export type StatusOrigin = LicenceStatus | 'none';

export interface StatusHistoryEntry {
  /** RFC 3339 UTC timestamp of the event. */
  readonly at: string;
  readonly from: StatusOrigin;
  readonly to: LicenceStatus;
  readonly event: StatusEvent;
}

export interface LicenceStatusState {
  readonly status: LicenceStatus;
  /** Absent: long-term. */
  readonly expiringDate?: CompactDate;
  /** Present (non-empty) exactly when `status` is `suspended`; a stored state without it reads as `['order']`. */
  readonly suspendedBy?: readonly SuspensionCause[];
  readonly encumbrances: readonly Encumbrance[];
  /** Kept when the caller keeps it: appended to when present, started by `issue`. */
  readonly history?: readonly StatusHistoryEntry[];
}

/**
 * Where each event may be applied from (before the finer rules on suspension causes,
 * dates and encumbrances). The one table of legal transitions; see the module comment.
 */
export const STATUS_TRANSITIONS: Readonly<Record<StatusEventType, readonly StatusOrigin[]>> = {
  issue: ['none'],
  'annual-inspection': ['valid', 'suspended'],
  extension: ['valid', 'suspended'],
  change: ['valid', 'suspended'],
  suspension: ['valid', 'suspended'],
  'suspension-release': ['suspended'],
  revocation: ['valid', 'suspended', 'expired'],
  cancellation: ['valid', 'suspended', 'expired'],
  abolition: ['valid', 'suspended'],
  transfer: ['valid'],
  mortgage: ['valid'],
  'mortgage-release': ['valid', 'suspended', 'expired'],
  pledge: ['valid'],
  'pledge-release': ['valid', 'suspended', 'expired'],
  expiry: ['valid', 'suspended'],
};

// RFC 3339 §5.6 date-time with a mandatory offset (a time without zone is ambiguous).
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/;

/**
 * Parses the event time: a valid Date, or an RFC 3339 date-time with an offset.
 *
 * @example parseEventTime('2025-01-08T09:00:00+08:00').toISOString() // '2025-01-08T01:00:00.000Z'
 */
export function parseEventTime(at: unknown): Date {
  if (at instanceof Date) {
    if (Number.isNaN(at.getTime())) throw new HutongError('ERR_STATUS_TIME_INVALID', { field: 'at' });
    return new Date(at.getTime());
  }
  const text = typeof at === 'string' ? at : '';
  const m = RFC3339.exec(text);
  if (m !== null) {
    const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
    const oh = Number(m[9] ?? 0);
    const om = Number(m[10] ?? 0);
    // Date.parse rolls 2024-02-30 over into March: check the fields first. Leap seconds
    // (:60) are refused, as ECMAScript cannot represent them.
    if (
      y !== undefined &&
      mo !== undefined &&
      d !== undefined &&
      y >= 1000 &&
      isRealDate(y, mo, d) &&
      (h ?? 99) <= 23 &&
      (mi ?? 99) <= 59 &&
      (s ?? 99) <= 59 &&
      oh <= 23 &&
      om <= 59
    ) {
      const time = Date.parse(text.toUpperCase());
      if (!Number.isNaN(time)) return new Date(time);
    }
  }
  throw new HutongError('ERR_STATUS_TIME_INVALID', { field: 'at' });
}

function stateError(path: string): HutongError {
  return new HutongError('ERR_STATUS_STATE_INVALID', { field: path, params: { path } });
}

/**
 * A stored state comes from a database row, not from the type checker: check the parts
 * the machine relies on so that corruption is a typed error, not a wrong answer.
 */
function checkState(state: LicenceStatusState): void {
  if (typeof state !== 'object' || state === null) throw stateError('$');
  if (!isLicenceStatus(state.status)) throw stateError('$.status');
  if (state.expiringDate !== undefined && toCompactDate(state.expiringDate) !== state.expiringDate) {
    throw stateError('$.expiringDate');
  }
  if (!Array.isArray(state.encumbrances)) throw stateError('$.encumbrances');
  state.encumbrances.forEach((e: Encumbrance, i) => {
    if (
      typeof e !== 'object' ||
      e === null ||
      typeof e.id !== 'string' ||
      !(ENCUMBRANCE_KINDS as readonly string[]).includes(e.kind)
    ) {
      throw stateError(`$.encumbrances[${i}]`);
    }
  });
  if (state.suspendedBy !== undefined) {
    if (
      !Array.isArray(state.suspendedBy) ||
      !state.suspendedBy.every((c) => (SUSPENSION_CAUSES as readonly string[]).includes(c))
    ) {
      throw stateError('$.suspendedBy');
    }
  }
  if (state.history !== undefined && !Array.isArray(state.history)) throw stateError('$.history');
}

/** Suspension causes of a state (a suspended state stored without causes reads as an order). */
function causesOf(state: LicenceStatusState): SuspensionCause[] {
  if (state.status !== 'suspended') return [];
  return state.suspendedBy !== undefined && state.suspendedBy.length > 0 ? [...state.suspendedBy] : ['order'];
}

function transitionError(from: StatusOrigin, event: StatusEventType): HutongError {
  return new HutongError('ERR_STATUS_TRANSITION', { field: 'type', params: { from, event } });
}

const KIND_ZH: Readonly<Record<EncumbranceKind, string>> = { mortgage: '抵押', pledge: '质押' };

/** Builds a state, with `suspendedBy` exactly when suspended (exactOptionalPropertyTypes-friendly). */
function makeState(
  status: LicenceStatus,
  expiringDate: CompactDate | undefined,
  causes: readonly SuspensionCause[],
  encumbrances: readonly Encumbrance[],
  history: readonly StatusHistoryEntry[] | undefined,
): LicenceStatusState {
  return {
    status,
    ...(expiringDate === undefined ? {} : { expiringDate }),
    ...(status === 'suspended' ? { suspendedBy: [...causes] } : {}),
    encumbrances,
    ...(history === undefined ? {} : { history }),
  };
}

/** The causes with `cause` added (`on`) or removed. */
function withCause(causes: readonly SuspensionCause[], cause: SuspensionCause, on: boolean): SuspensionCause[] {
  const rest = causes.filter((c) => c !== cause);
  // Kept in SUSPENSION_CAUSES order so equal states compare equal.
  const next = on ? [...rest, cause] : rest;
  return SUSPENSION_CAUSES.filter((c) => next.includes(c));
}

/**
 * Applies one lifecycle event to a licence's status state and returns the next state
 * (the input is not modified). `state` is `undefined` for a licence not yet issued: only
 * `issue` applies then. Illegal transitions throw `ERR_STATUS_TRANSITION` with params
 * `{ from, event }`; malformed events, times and data-level conflicts (an extension that
 * is not later, a release naming no active encumbrance) throw their own codes.
 *
 * @example
 * let s = applyStatusEvent(undefined, { type: 'issue', expiringDate: '20300108' }, '2025-01-08T09:00:00+08:00');
 * s = applyStatusEvent(s, { type: 'mortgage', id: 'DY-2025-001', creditor: '某银行' }, new Date());
 * s.status; // 'valid' — encumbrances do not change validity
 * applyStatusEvent(applyStatusEvent(s, { type: 'revocation' }, new Date()), { type: 'extension', expiringDate: '20350108' }, new Date());
 * // throws ERR_STATUS_TRANSITION { from: 'revoked', event: 'extension' }
 */
export function applyStatusEvent(
  state: LicenceStatusState | undefined,
  event: StatusEvent,
  at: Date | string,
): LicenceStatusState {
  const time = parseEventTime(at);
  const parsed = parseStatusEvent(event);
  if (state !== undefined) checkState(state);
  const from: StatusOrigin = state === undefined ? 'none' : state.status;
  const type = parsed.type;
  if (!STATUS_TRANSITIONS[type].includes(from)) throw transitionError(from, type);

  const iso = time.toISOString();
  const day = todayInChina(time);
  const last = state?.history?.[state.history.length - 1];
  if (last !== undefined && typeof last.at === 'string' && last.at > iso) {
    throw new HutongError('ERR_STATUS_TIME_ORDER', { field: 'at', params: { at: iso, last: last.at } });
  }
  const record = (to: LicenceStatus): readonly StatusHistoryEntry[] | undefined => {
    const entry: StatusHistoryEntry = { at: iso, from, to, event: parsed };
    if (state === undefined) return [entry];
    return state.history === undefined ? undefined : [...state.history, entry];
  };

  if (state === undefined) {
    // Only `issue` is legal from 'none' (checked above).
    const expiring = parsed.type === 'issue' ? parsed.expiringDate : undefined;
    return makeState('valid', expiring as CompactDate | undefined, [], [], record('valid'));
  }

  const causes = causesOf(state);
  const expiring = state.expiringDate;
  const encumbrances = state.encumbrances;
  const next = (status: LicenceStatus, nextCauses: readonly SuspensionCause[] = [], e = encumbrances, x = expiring) =>
    makeState(status, x, nextCauses, e, record(status));
  const fromCauses = (nextCauses: readonly SuspensionCause[]) =>
    next(nextCauses.length > 0 ? 'suspended' : 'valid', nextCauses);

  switch (parsed.type) {
    case 'issue':
      // Unreachable: STATUS_TRANSITIONS allows issue only from 'none'.
      throw transitionError(from, type);
    case 'annual-inspection':
      return fromCauses(withCause(causes, 'annual-inspection', parsed.outcome === 'fail'));
    case 'suspension':
      // An authority cannot suspend twice; a licence suspended only by a failed
      // inspection can still be ordered suspended (the two are lifted separately).
      if (causes.includes('order')) throw transitionError(from, type);
      return fromCauses(withCause(causes, 'order', true));
    case 'suspension-release':
      if (!causes.includes('order')) throw transitionError(from, type);
      return fromCauses(withCause(causes, 'order', false));
    case 'extension': {
      if (expiring === undefined)
        throw new HutongError('ERR_STATUS_LONG_TERM', { field: 'expiringDate', params: { event: type } });
      // 行政许可法 art. 50: decided before the term ends; the expiring day itself is still in term.
      if (day > expiring) {
        throw new HutongError('ERR_STATUS_EXTENSION_LATE', { field: 'at', params: { current: expiring } });
      }
      const newDate = parsed.expiringDate as CompactDate;
      if (newDate <= expiring) {
        throw new HutongError('ERR_STATUS_EXTENSION_NOT_LATER', {
          field: 'expiringDate',
          params: { expiringDate: newDate, current: expiring },
        });
      }
      return next(state.status, causes, encumbrances, newDate);
    }
    case 'change':
      return next('superseded');
    case 'revocation':
      return next('revoked');
    case 'cancellation':
      return next('cancelled');
    case 'abolition':
      return next('abolished');
    case 'transfer': {
      const active = encumbrances.filter((e) => e.releasedAt === undefined).length;
      if (active > 0)
        throw new HutongError('ERR_STATUS_ENCUMBERED', { field: 'encumbrances', params: { count: active } });
      return next('transferred-out');
    }
    case 'expiry': {
      if (expiring === undefined)
        throw new HutongError('ERR_STATUS_LONG_TERM', { field: 'expiringDate', params: { event: type } });
      // Valid through the expiring date inclusive (有效期至 that day): expiry is the day after.
      if (day <= expiring) {
        throw new HutongError('ERR_STATUS_EXPIRY_EARLY', { field: 'at', params: { current: expiring, date: day } });
      }
      return next('expired');
    }
    case 'mortgage':
    case 'pledge': {
      if (encumbrances.some((e) => e.id === parsed.id)) {
        throw new HutongError('ERR_STATUS_ENCUMBRANCE_DUPLICATE', { field: 'id', params: { id: parsed.id } });
      }
      const start = (parsed.start as CompactDate | undefined) ?? day;
      const end = parsed.end as CompactDate | undefined;
      if (end !== undefined && end < start) {
        throw new HutongError('ERR_STATUS_ENCUMBRANCE_DATES', { field: 'end', params: { start, end } });
      }
      const added: Encumbrance = {
        id: parsed.id,
        kind: parsed.type,
        ...(parsed.creditor === undefined ? {} : { creditor: parsed.creditor }),
        start,
        ...(end === undefined ? {} : { end }),
      };
      return next(state.status, causes, [...encumbrances, added]);
    }
    case 'mortgage-release':
    case 'pledge-release': {
      const kind: EncumbranceKind = parsed.type === 'mortgage-release' ? 'mortgage' : 'pledge';
      const index = encumbrances.findIndex((e) => e.id === parsed.id && e.kind === kind && e.releasedAt === undefined);
      if (index < 0) {
        throw new HutongError('ERR_STATUS_ENCUMBRANCE_NOT_ACTIVE', {
          field: 'id',
          params: { id: parsed.id, kind, kindZh: KIND_ZH[kind] },
        });
      }
      const released = encumbrances.map((e, i) => (i === index ? { ...e, releasedAt: day } : e));
      return next(state.status, causes, released);
    }
  }
}

/**
 * The encumbrances still in force (not released).
 *
 * @example activeEncumbrances(state).map((e) => e.id) // ['M-1']
 */
export function activeEncumbrances(state: LicenceStatusState): Encumbrance[] {
  return state.encumbrances.filter((e) => e.releasedAt === undefined);
}
