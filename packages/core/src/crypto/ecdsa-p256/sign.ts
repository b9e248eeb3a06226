/**
 * ECDSA P-256 with SHA-256 signing (FIPS 186-5 §6.4.1) through the platform provider; the
 * signature is r‖s (IEEE P1363, 64 bytes), as WebCrypto returns it.
 */
import { prepareNativeSigner } from '../native.js';
import type { NativeAlgorithm } from '../provider.js';
import type { RawSign, SuiteContext, SuiteDefinition } from '../suite.js';

export const ECDSA_P256_ALGORITHM: NativeAlgorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export function createP256Signer(
  suite: SuiteDefinition,
  context: SuiteContext,
  privateKey: Uint8Array,
): Promise<{ sign: RawSign; publicKey: Uint8Array }> {
  return prepareNativeSigner(suite, ECDSA_P256_ALGORITHM, context, privateKey);
}
