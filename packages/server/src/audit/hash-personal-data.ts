import { createHmac } from 'node:crypto';
import type { Secrets } from '../secrets/secrets.js';

/**
 * The keyed hash under which personal data (holder codes, names) appears in audit details:
 * HMAC-SHA256 (RFC 2104) with the node's `personal-data` key, base64url. Keyed, not salted:
 * the same value always gives the same hash on this node (so an auditor can search for a
 * holder), and without the master key nobody can test candidate ID numbers against it —
 * a citizen ID has few enough plausible values that a plain hash would be reversible.
 *
 * @example details: { holderCode: hashPersonalData(ctx.secrets, '11010519491231002X') }
 */
export function hashPersonalData(secrets: Secrets, value: string): string {
  // NFC: the same name typed on two systems hashes the same.
  return createHmac('sha256', secrets.purposeKey('personal-data'))
    .update(value.normalize('NFC'), 'utf8')
    .digest('base64url');
}
