import { ServerError } from '../errors.js';
import { optional, readTimestamp } from '../organisations/strict-input.js';

/** A key's validity period as RFC 3339 UTC strings. */
export interface KeyValidity {
  readonly validFrom: string;
  readonly validUntil?: string;
}

/**
 * Reads `validFrom` (default: now) and `validUntil` (optional, later than `validFrom`) from
 * an input object's members.
 */
export function readKeyValidity(object: Readonly<Record<string, unknown>>, now: Date): KeyValidity {
  const from = optional(object, 'validFrom');
  const until = optional(object, 'validUntil');
  const validFrom = from === undefined ? now.toISOString() : readTimestamp('ERR_KEYS_INPUT', from, 'validFrom');
  if (until === undefined) return { validFrom };
  const validUntil = readTimestamp('ERR_KEYS_INPUT', until, 'validUntil');
  if (validUntil <= validFrom) {
    throw new ServerError('ERR_KEYS_VALIDITY', { field: 'validUntil', params: { validFrom, validUntil } });
  }
  return { validFrom, validUntil };
}
