/**
 * The demo node's credentials: staff passwords and client secrets derived from the node's
 * master key (HKDF-SHA256, RFC 5869, under the `demo-credentials` purpose key), so that they
 * are stable for a data directory — every start with `--demo` prints the same ones — yet
 * written nowhere in the code and different on every node. The store keeps only their scrypt
 * hashes, as for any other account.
 */
import { hkdfSync } from 'node:crypto';
import type { Secrets } from '../secrets/secrets.js';

// RFC 4648 §6 base32, lower-case: no 0/1/8/9, so nothing reads as O, I, l or B.
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 5869: the purpose key is already uniformly random, so the salt may be empty. */
function derive(secrets: Secrets, info: string, length: number): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', secrets.purposeKey('demo-credentials'), new Uint8Array(0), info, length));
}

function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32.charAt((buffer >>> (bits - 5)) & 31);
      bits -= 5;
    }
  }
  return out;
}

/**
 * A staff user's demo password: 80 bits as four groups of four base32 characters
 * (`k3vq-7mdx-2a5p-wj4n`), over the 12-character minimum of `createStaffUser`.
 *
 * @example demoPassword(ctx.secrets, 'admin') // the same for this master key, every time
 */
export function demoPassword(secrets: Secrets, username: string): string {
  const text = base32(derive(secrets, `staff-password\n${username}`, 10));
  return (text.match(/.{4}/g) ?? []).join('-');
}

/**
 * A client's demo secret: 256 bits, base64url — the shape `registerClient` generates.
 *
 * @example demoClientSecret(ctx.secrets, 'department:publicSecurity').length // 43
 */
export function demoClientSecret(secrets: Secrets, clientKey: string): string {
  return Buffer.from(derive(secrets, `client-secret\n${clientKey}`, 32)).toString('base64url');
}
