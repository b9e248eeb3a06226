/**
 * Values encrypted at rest under a purpose key (AES-256-GCM, NIST SP 800-38D): private
 * signing keys, TOTP secrets. The text form names the master key it was sealed under, so a
 * rotated node still opens old rows and can tell which ones to re-seal:
 *
 *   `v1.<masterKeyId>.<iv, base64url>.<ciphertext ‖ tag, base64url>`
 *
 * The associated data (e.g. the row's id) binds a ciphertext to its row: a sealed value
 * copied into another row does not open there.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ServerError } from '../errors.js';
import type { SecretPurpose, Secrets } from './secrets.js';

const VERSION = 'v1';
/** SP 800-38D §8.2: 96-bit random IVs; at most 2^32 seals per key keeps collisions negligible. */
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts `plaintext` for storage.
 *
 * @example const text = sealValue(secrets, 'totp-encryption', secretBytes, `staff_users:${userId}`);
 */
export function sealValue(
  secrets: Secrets,
  purpose: SecretPurpose,
  plaintext: Uint8Array,
  associatedData: string,
): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', secrets.purposeKey(purpose), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(`${purpose}\n${associatedData}`, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, secrets.masterKeyId, iv.toString('base64url'), body.toString('base64url')].join('.');
}

function failed(purpose: SecretPurpose, cause?: unknown): ServerError {
  return new ServerError('ERR_SECRETS_DECRYPT_FAILED', {
    params: { purpose },
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Decrypts a value made by `sealValue`, under the current or a previous master key.
 * Throws `ERR_SECRETS_DECRYPT_FAILED` for any alteration, `ERR_SECRETS_MASTER_KEY_UNKNOWN`
 * when the key it names is not held.
 *
 * @example const secretBytes = openSealedValue(secrets, 'totp-encryption', text, `staff_users:${userId}`);
 */
export function openSealedValue(
  secrets: Secrets,
  purpose: SecretPurpose,
  sealed: string,
  associatedData: string,
): Uint8Array {
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== VERSION) throw failed(purpose);
  const [, masterKeyId = '', ivText = '', bodyText = ''] = parts;
  const holder = [secrets, ...secrets.previous].find((candidate) => candidate.masterKeyId === masterKeyId);
  if (holder === undefined) throw new ServerError('ERR_SECRETS_MASTER_KEY_UNKNOWN', { params: { masterKeyId } });
  const iv = Buffer.from(ivText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw failed(purpose);
  try {
    const decipher = createDecipheriv('aes-256-gcm', holder.purposeKey(purpose), iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(`${purpose}\n${associatedData}`, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return new Uint8Array(
      Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]),
    );
  } catch (cause) {
    throw failed(purpose, cause);
  }
}

/** True when a sealed value was made under an earlier master key (re-seal it on the next write). */
export function isSealedUnderPrevious(secrets: Secrets, sealed: string): boolean {
  return sealed.split('.')[1] !== secrets.masterKeyId;
}
