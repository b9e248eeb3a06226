/**
 * ECDSA P-256 with SHA-256 verification (FIPS 186-5 §6.4.2) with a public key prepared once by
 * the platform provider. The platform checks r, s ∈ [1, n−1].
 */
import { prepareNativeVerifier } from '../native.js';
import type { RawVerify, SuiteContext, SuiteDefinition } from '../suite.js';
import { ECDSA_P256_ALGORITHM } from './sign.js';

export function createP256Verifier(
  suite: SuiteDefinition,
  context: SuiteContext,
  publicKey: Uint8Array,
): Promise<RawVerify> {
  return prepareNativeVerifier(suite, ECDSA_P256_ALGORITHM, context, publicKey);
}
