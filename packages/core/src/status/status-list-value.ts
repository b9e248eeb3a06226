import type { LicenceStatus } from './licence-status.js';

/**
 * The 2-bit value of a licence in an offline status list (IETF Token Status List,
 * "Status Types Values": 0x00 VALID, 0x01 INVALID, 0x02 SUSPENDED — "temporarily invalid
 * … reversible"; W3C Bitstring Status List with `statusSize` 2 uses the same values).
 * 0x03 is application-specific there and reserved by Hutong: never written.
 */
export const STATUS_LIST_VALUES = { valid: 0, invalid: 1, suspended: 2 } as const;
export type StatusListValue = (typeof STATUS_LIST_VALUES)[keyof typeof STATUS_LIST_VALUES];

/**
 * Maps a status to its status-list value: `valid` → 0, `suspended` → 2 (the only
 * reversible non-valid status), every other status → 1. Encumbrances do not change the
 * value (the licence stays valid; the online API shows them). An expired licence is 1
 * even though its own dates already say so: an offline verifier must not have to trust
 * its clock to reject it.
 *
 * @example statusListValue('suspended') // 2
 */
export function statusListValue(status: LicenceStatus): StatusListValue {
  switch (status) {
    case 'valid':
      return STATUS_LIST_VALUES.valid;
    case 'suspended':
      return STATUS_LIST_VALUES.suspended;
    case 'revoked':
    case 'cancelled':
    case 'abolished':
    case 'expired':
    case 'superseded':
    case 'transferred-out':
      return STATUS_LIST_VALUES.invalid;
  }
}
