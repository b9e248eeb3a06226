/**
 * Signature encodings at interop edges. Hutong's own documents always carry raw signatures
 * (r‖s, 64 bytes); OpenSSL, Java and GB/T 35276-style SM2 interfaces use DER
 * `SEQUENCE { r INTEGER, s INTEGER }` (ECDSA-Sig-Value, RFC 3279 §2.2.3; SM2Signature,
 * GB/T 35276-2017 §7.3). Ed25519 signatures have no DER form (RFC 8032: R‖S is the signature).
 */
import { HutongError } from '../errors.js';
import { concatBytes, requireBytes } from './bytes.js';
import { derSequence, derUnsignedInteger, readDerSequence } from './der.js';
import { suiteByName } from './suites.js';

/** r and s are 256-bit for both DER-capable suites. */
const HALF = 32;

function integerOutOfRange(field: 'r' | 's'): HutongError {
  return new HutongError('ERR_CRYPTO_SIGNATURE_INTEGER_RANGE', {
    field: `signature.${field}`,
    params: { field: `signature.${field}`, max: HALF },
  });
}

function leftPad(magnitude: Uint8Array, field: 'r' | 's'): Uint8Array {
  // Positive and at most 32 bytes: the DER reader has already stripped the sign octet.
  if (magnitude.length > HALF || magnitude.every((b) => b === 0)) throw integerOutOfRange(field);
  const out = new Uint8Array(HALF);
  out.set(magnitude, HALF - magnitude.length);
  return out;
}

/**
 * Strict DER `SEQUENCE { r, s }` → raw r‖s (64 bytes) for `suite` (sm2-sm3 or ecdsa-p256).
 * Refuses BER leniencies (non-minimal lengths or integers), negative or zero integers,
 * integers longer than 32 bytes and trailing bytes — each with a typed error.
 *
 * @example derToRawSignature(fromHex('3044022011…'), 'sm2-sm3') // Uint8Array(64)
 */
export function derToRawSignature(der: unknown, suite: unknown): Uint8Array {
  const definition = suiteByName(suite);
  if (!definition.derSignature) {
    throw new HutongError('ERR_CRYPTO_SIGNATURE_NO_DER_FORM', { field: 'suite', params: { suite: definition.name } });
  }
  const seq = readDerSequence(requireBytes(der, 'signature'), 'signature');
  const r = seq.unsignedInteger('r');
  const s = seq.unsignedInteger('s');
  seq.end();
  return concatBytes(leftPad(r, 'r'), leftPad(s, 's'));
}

/**
 * Raw r‖s (64 bytes) → DER `SEQUENCE { r, s }` with minimal INTEGER encodings, what
 * `openssl pkeyutl -verify` and `openssl dgst -verify` expect for SM2 and ECDSA.
 *
 * @example rawToDerSignature(raw) // Uint8Array [0x30, 0x44, 0x02, 0x20, …] (70–72 bytes typically)
 */
export function rawToDerSignature(raw: unknown): Uint8Array {
  const bytes = requireBytes(raw, 'signature');
  if (bytes.length !== 2 * HALF) {
    throw new HutongError('ERR_CRYPTO_SIGNATURE_LENGTH', {
      field: 'signature',
      params: { suite: 'r‖s', expected: 2 * HALF, actual: bytes.length },
    });
  }
  const r = bytes.subarray(0, HALF);
  const s = bytes.subarray(HALF);
  if (r.every((b) => b === 0)) throw integerOutOfRange('r');
  if (s.every((b) => b === 0)) throw integerOutOfRange('s');
  return derSequence(derUnsignedInteger(r), derUnsignedInteger(s));
}
