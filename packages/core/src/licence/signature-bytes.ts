import type { SuiteName } from '../crypto/types.js';

/**
 * Length of a raw signature per suite (the proof contract): r‖s with 32-byte r and s for
 * sm2-sm3 (GB/T 32918.2) and ecdsa-p256 (FIPS 186-5), R‖S for ed25519 (RFC 8032 §5.1.6).
 */
export const SIGNATURE_BYTES = {
  'sm2-sm3': 64,
  ed25519: 64,
  'ecdsa-p256': 64,
} as const satisfies Record<SuiteName, number>;
