import type { CompactDate } from '../dates.js';
import { HutongError } from '../errors.js';
import { applyStatusEvent, type LicenceStatusState, type StatusHistoryEntry } from './apply-status-event.js';
import { type ChangeEvent, parseStatusEvent } from './status-event.js';

/**
 * The status state of the new version a `change` issues (architecture §3: a change or
 * renewal issues version +1 naming its predecessor, which becomes superseded). The new
 * version inherits what is still true of the licence: its status (a suspended licence
 * stays suspended, with the same causes), its active mortgages and pledges (a creditor's
 * security does not vanish with a new version), and its expiring date unless the change
 * sets a new one. Released encumbrances stay in the predecessor's record.
 * The change must be legal on the predecessor (same rules as {@link applyStatusEvent}).
 *
 * @example
 * const old = applyStatusEvent(current, change, at);            // status 'superseded'
 * const fresh = successorStatusState(current, change, at);      // status of `current`, carried encumbrances
 */
export function successorStatusState(
  predecessor: LicenceStatusState,
  change: ChangeEvent,
  at: Date | string,
): LicenceStatusState {
  const parsed = parseStatusEvent(change);
  if (parsed.type !== 'change') {
    throw new HutongError('ERR_STATUS_EVENT_TYPE', { field: '$.type', params: { allowed: 'change' } });
  }
  // Proves the change is legal (and the time and state well-formed) before deriving from it.
  const superseded = applyStatusEvent(predecessor, parsed, at);
  const expiringDate = (parsed.expiringDate as CompactDate | undefined) ?? predecessor.expiringDate;
  const last = superseded.history?.[superseded.history.length - 1];
  const history: StatusHistoryEntry[] | undefined =
    last === undefined ? undefined : [{ at: last.at, from: 'none', to: predecessor.status, event: parsed }];
  return {
    status: predecessor.status,
    ...(expiringDate === undefined ? {} : { expiringDate }),
    ...(predecessor.status === 'suspended'
      ? {
          suspendedBy:
            predecessor.suspendedBy !== undefined && predecessor.suspendedBy.length > 0
              ? [...predecessor.suspendedBy]
              : ['order' as const],
        }
      : {}),
    encumbrances: predecessor.encumbrances.filter((e) => e.releasedAt === undefined),
    ...(history === undefined ? {} : { history }),
  };
}
