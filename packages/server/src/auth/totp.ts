/**
 * Time-based one-time passwords: RFC 6238 over RFC 4226 HOTP, HMAC-SHA-1, 6 digits, 30-second
 * steps — what every authenticator app reads from an `otpauth://` URI. Secrets are 20 bytes
 * (RFC 4226 §4 R6: at least 128 bits, 160 recommended), shown to people in RFC 4648 base32.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** RFC 6238 §5.2: accept one step either side for clock drift and typing time. */
export const TOTP_WINDOW = 1;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 §6 base32, without padding (as otpauth URIs carry it). */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/** RFC 4226 §5.3: HOTP value of a counter (dynamic truncation, then mod 10^digits). */
export function hotp(secret: Uint8Array, counter: number, digits = TOTP_DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(message).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return binary.toString().padStart(digits, '0');
}

/** RFC 6238 §4.2: T = floor((unix time − T0) / X), T0 = 0. */
export function totpStep(now: Date, period = TOTP_PERIOD_SECONDS): number {
  return Math.floor(now.getTime() / 1000 / period);
}

/**
 * The code for `now` (what the user's app shows).
 *
 * @example totpCode(secret, new Date()) // '492039'
 */
export function totpCode(secret: Uint8Array, now: Date, digits = TOTP_DIGITS): string {
  return hotp(secret, totpStep(now), digits);
}

/**
 * The time step a code matches within ±`TOTP_WINDOW`, or undefined. The caller refuses a step
 * already used (RFC 6238 §5.2: a verifier MUST NOT accept the second attempt of the same OTP).
 *
 * @example const step = matchTotp(secret, '492039', new Date());
 */
export function matchTotp(secret: Uint8Array, code: string, now: Date): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const current = totpStep(now);
  let matched: number | undefined;
  // Every candidate is compared (no early exit), so timing does not tell which step matched.
  for (let step = current - TOTP_WINDOW; step <= current + TOTP_WINDOW; step++) {
    if (timingSafeEqual(Buffer.from(hotp(secret, step)), Buffer.from(code)) && matched === undefined) matched = step;
  }
  return matched;
}

/** A fresh 160-bit TOTP secret. */
export function generateTotpSecret(): Uint8Array {
  return new Uint8Array(randomBytes(20));
}

/**
 * The `otpauth://totp/…` URI an authenticator app scans (Key Uri Format).
 *
 * @example otpauthUri('互通 Hutong', 'zhang.san', secret)
 */
export function otpauthUri(issuer: string, account: string, secret: Uint8Array): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params = new URLSearchParams({
    secret: base32Encode(secret),
    issuer,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD_SECONDS),
  });
  return `otpauth://totp/${label}?${params.toString()}`;
}
