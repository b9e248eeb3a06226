import { createHmac } from 'node:crypto';

/**
 * The library's index key for a holder: HMAC-SHA256 (RFC 2104), under the node's
 * `holder-index` purpose key, of the holder code type and code. Lookups by holder hash the
 * code the caller gives and look the hash up, so the database never holds an index of
 * citizen ID numbers in clear (architecture §1 does the same for the hub's directory), and
 * the hash cannot be reversed by enumerating ID numbers without the key.
 *
 * @example holderIndex(key, '111', '11010519491231002X') // '3f9a…' (64 hex digits)
 */
export function holderIndex(key: Uint8Array, holderCodeType: string, holderCode: string): string {
  // The type is part of the input: the same digits under two code types are two holders.
  return createHmac('sha256', key).update(`${holderCodeType}\u0000${holderCode}`, 'utf8').digest('hex');
}
