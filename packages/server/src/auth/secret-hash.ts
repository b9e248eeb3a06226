/**
 * Password and client-secret hashes: scrypt (RFC 7914) from `node:crypto`, run on libuv's
 * thread pool so that a sign-in never blocks the event loop. The parameters travel inside the
 * stored text (`scrypt$<log2 N>$<r>$<p>$<salt>$<hash>`), so they can be raised later without
 * invalidating existing hashes.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  readonly logN: number;
  readonly r: number;
  readonly p: number;
}

/**
 * N = 2^15, r = 8, p = 1: 32 MiB and a few tens of milliseconds per hash, within RFC 7914
 * §2's interactive-login range; attackers with a stolen dump pay the same per guess.
 */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { logN: 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const HASH_BYTES = 32;

function derive(secret: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.logN;
  return new Promise((resolve, reject) => {
    // maxmem must exceed 128·N·r bytes (RFC 7914 §2's memory use), or Node refuses.
    scrypt(
      secret.normalize('NFC'),
      salt,
      HASH_BYTES,
      { N, r: params.r, p: params.p, maxmem: 256 * N * params.r },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

/**
 * Hashes a password or client secret for storage.
 *
 * @example const stored = await hashSecret('correct horse battery staple');
 */
export async function hashSecret(secret: string, params: ScryptParams = DEFAULT_SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(secret, salt, params);
  return ['scrypt', params.logN, params.r, params.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

const STORED = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{16,})\$([A-Za-z0-9_-]{43})$/;

/**
 * True when `secret` matches `stored` (constant-time comparison of the derived keys). A stored
 * value that is not a hash this module wrote answers false, never throws.
 *
 * @example await verifySecret(given, row.password_hash) // true | false
 */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const match = STORED.exec(stored);
  if (match === null) return false;
  const params: ScryptParams = { logN: Number(match[1]), r: Number(match[2]), p: Number(match[3]) };
  if (params.logN < 10 || params.logN > 20 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16)
    return false;
  const expected = Buffer.from(match[5] ?? '', 'base64url');
  const actual = await derive(secret, Buffer.from(match[4] ?? '', 'base64url'), params);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * A hash of a random secret nobody knows: verifying against it when the user name is unknown
 * costs the same time as for a real user, so response times do not reveal which names exist.
 */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashSecret(randomBytes(32).toString('base64url'));
  return decoy;
}
