import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header every webhook carries: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'hutong-signature';

/** How far a signature's timestamp may be from the receiver's clock before it is refused (replays). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

function mac(secret: string, timestamp: number, body: string): Buffer {
  // The timestamp is signed with the body: a captured delivery cannot be replayed later
  // with a fresh `t`.
  return createHmac('sha256', Buffer.from(secret, 'base64url')).update(`${timestamp}.${body}`, 'utf8').digest();
}

/**
 * The `Hutong-Signature` value of a webhook body: HMAC-SHA256 (RFC 2104) with the
 * subscription's secret over `t.body`, `t` in Unix seconds.
 *
 * @example signWebhook(secret, 1764417600, '{"type":"licence.status"}') // 't=1764417600,v1=5f0c…'
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${mac(secret, timestamp, body).toString('hex')}`;
}

/**
 * What a subscriber runs on receipt: true when one `v1` signature matches and `t` is within
 * the tolerance of `now`. Constant-time comparison (no timing oracle on the MAC).
 *
 * @example verifyWebhookSignature(request.headers['hutong-signature'], secret, rawBody)
 */
export function verifyWebhookSignature(
  header: unknown,
  secret: string,
  body: string,
  options: { readonly now?: Date; readonly toleranceSeconds?: number } = {},
): boolean {
  if (typeof header !== 'string' || header.length > 1024) return false;
  const parts = header.split(',').map((part) => part.trim().split('='));
  const t = parts.find(([name]) => name === 't')?.[1];
  if (t === undefined || !/^\d{1,12}$/.test(t)) return false;
  const timestamp = Number(t);
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false;
  const expected = mac(secret, timestamp, body);
  return parts.some(([name, value]) => {
    if (name !== 'v1' || value === undefined || !/^[0-9a-f]{64}$/.test(value)) return false;
    return timingSafeEqual(Buffer.from(value, 'hex'), expected);
  });
}
