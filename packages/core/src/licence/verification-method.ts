/**
 * `proof.verificationMethod` = `<issuer USCC>#<key id>`: which issuer signed and with
 * which of its keys. The key id is the RFC 7638 JWK thumbprint (SHA-256, base64url) of
 * the public key, so it names one key whatever the suite, and any party can recompute it.
 */
import { HutongError } from '../errors.js';
import { parseUscc, type Uscc } from '../identifiers/index.js';
import { decodeBase64url } from './base64url.js';

/** The parts of a verification method. */
export interface VerificationMethod {
  readonly issuerCode: Uscc;
  readonly keyId: string;
}

// RFC 7638 §3 with SHA-256: 32 bytes, 43 base64url characters without padding.
const THUMBPRINT_BYTES = 32;

/**
 * Checks that `keyId` is an RFC 7638 SHA-256 thumbprint in canonical unpadded base64url.
 *
 * @example isKeyId('NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs') // true
 */
export function isKeyId(keyId: unknown): keyId is string {
  if (typeof keyId !== 'string' || keyId.length !== 43) return false;
  try {
    return decodeBase64url(keyId).length === THUMBPRINT_BYTES;
  } catch {
    return false;
  }
}

function describe(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 80) : value === null ? 'null' : typeof value;
}

/**
 * Splits and checks a verification method. Throws `ERR_LICENCE_VERIFICATION_METHOD` for a
 * wrong shape, the issuer code's own `ERR_USCC_*` error, or `ERR_LICENCE_KEY_ID`.
 *
 * @example parseVerificationMethod('91350100M000100Y43#NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs')
 * // { issuerCode: '91350100M000100Y43', keyId: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs' }
 */
export function parseVerificationMethod(value: unknown, field = 'proof.verificationMethod'): VerificationMethod {
  if (typeof value !== 'string') {
    throw new HutongError('ERR_LICENCE_VERIFICATION_METHOD', { field, params: { found: describe(value) } });
  }
  const hash = value.indexOf('#');
  if (hash < 0 || value.indexOf('#', hash + 1) >= 0) {
    throw new HutongError('ERR_LICENCE_VERIFICATION_METHOD', { field, params: { found: describe(value) } });
  }
  const issuer = value.slice(0, hash);
  const keyId = value.slice(hash + 1);
  let issuerCode: Uscc;
  try {
    issuerCode = parseUscc(issuer);
  } catch (error) {
    if (error instanceof HutongError) {
      throw new HutongError(error.code, { field, params: { ...error.params, segment: 'issuerCode' }, cause: error });
    }
    throw error;
  }
  if (!isKeyId(keyId)) throw new HutongError('ERR_LICENCE_KEY_ID', { field, params: { found: describe(keyId) } });
  return { issuerCode, keyId };
}

/**
 * Writes a verification method from its parts (checked as {@link parseVerificationMethod} checks them).
 *
 * @example formatVerificationMethod('91350100M000100Y43', keyId) // '91350100M000100Y43#' + keyId
 */
export function formatVerificationMethod(issuerCode: string, keyId: string): string {
  const method = `${issuerCode}#${keyId}`;
  parseVerificationMethod(method, 'verificationMethod');
  return method;
}
