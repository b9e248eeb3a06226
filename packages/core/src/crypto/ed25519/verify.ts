/** Ed25519 verification (RFC 8032 §5.1.7) with a public key prepared once by the platform provider. */
import { prepareNativeVerifier } from '../native.js';
import type { RawVerify, SuiteContext, SuiteDefinition } from '../suite.js';
import { ED25519_ALGORITHM } from './sign.js';

export function createEd25519Verifier(
  suite: SuiteDefinition,
  context: SuiteContext,
  publicKey: Uint8Array,
): Promise<RawVerify> {
  return prepareNativeVerifier(suite, ED25519_ALGORITHM, context, publicKey);
}
