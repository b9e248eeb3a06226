/**
 * Status values of a licence (architecture §4, standards.md §6). Status is never inside
 * the signed document: it changes, so it lives in status lists, the library and the log.
 */

export const LICENCE_STATUSES = [
  'valid',
  /** 暂扣 / restricted use: reversible. */
  'suspended',
  /** 吊销 (a penalty) and 撤销 (the grant annulled). */
  'revoked',
  /** 注销. */
  'cancelled',
  /** 废止. */
  'abolished',
  /** 有效期届满 / 失效: the expiring date has passed. */
  'expired',
  /** A newer version (change or renewal) replaced this one. */
  'superseded',
  /** 转出: the registration moved to another region. */
  'transferred-out',
] as const;
export type LicenceStatus = (typeof LICENCE_STATUSES)[number];

/**
 * Statuses no event leaves. `expired` is deliberately NOT terminal: 行政许可法 art. 70(1)
 * requires the authority to cancel (注销) a licence whose term ended without renewal, and
 * an annulment (撤销, art. 69) can still reach it; see `applyStatusEvent`.
 */
export const TERMINAL_STATUSES = ['revoked', 'cancelled', 'abolished', 'superseded', 'transferred-out'] as const;
export type TerminalStatus = (typeof TERMINAL_STATUSES)[number];

/** @example isLicenceStatus('expired') // true */
export function isLicenceStatus(value: unknown): value is LicenceStatus {
  return typeof value === 'string' && (LICENCE_STATUSES as readonly string[]).includes(value);
}

/**
 * True when no event can change this status any more.
 *
 * @example isTerminalStatus('expired') // false
 */
export function isTerminalStatus(status: LicenceStatus): status is TerminalStatus {
  return (TERMINAL_STATUSES as readonly string[]).includes(status);
}
