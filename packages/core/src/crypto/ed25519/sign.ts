/**
 * Ed25519 signing (RFC 8032 §5.1.6) through the platform provider: pure Ed25519, the
 * message itself is signed (no pre-hash), the signature is R‖S, 64 bytes.
 */
import { prepareNativeSigner } from '../native.js';
import type { NativeAlgorithm } from '../provider.js';
import type { RawSign, SuiteContext, SuiteDefinition } from '../suite.js';

export const ED25519_ALGORITHM: NativeAlgorithm = { name: 'Ed25519' };

export function createEd25519Signer(
  suite: SuiteDefinition,
  context: SuiteContext,
  privateKey: Uint8Array,
): Promise<{ sign: RawSign; publicKey: Uint8Array }> {
  return prepareNativeSigner(suite, ED25519_ALGORITHM, context, privateKey);
}
