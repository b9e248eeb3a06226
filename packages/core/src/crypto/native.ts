/**
 * The glue between suites and a `CryptoProvider`, shared by ed25519 and ecdsa-p256: canonical
 * PKCS#8 in, prepared platform keys out, platform failures turned into typed errors.
 */
import { HutongError } from '../errors.js';
import { writePkcs8 } from './key-formats.js';
import type { NativeAlgorithm } from './provider.js';
import type { KeyPairMaterial, RawSign, RawVerify, SuiteContext, SuiteDefinition } from './suite.js';

/** `operationZh`: the same operation in Chinese, for the zh-CN message. */
function providerFailed(context: SuiteContext, operation: string, operationZh: string, cause: unknown): HutongError {
  return new HutongError('ERR_CRYPTO_PROVIDER_FAILED', {
    params: { provider: context.provider.name, operation },
    zhParams: { operation: operationZh },
    cause,
  });
}

export async function generateNative(
  suite: SuiteDefinition,
  algorithm: NativeAlgorithm,
  context: SuiteContext,
): Promise<KeyPairMaterial> {
  let pair: KeyPairMaterial;
  try {
    pair = await context.provider.generateKeyPair(algorithm);
  } catch (cause) {
    throw providerFailed(context, `generate a ${suite.name} key`, `生成 ${suite.name} 密钥`, cause);
  }
  suite.checkPrivateKey(pair.privateKey);
  suite.checkPublicKey(pair.publicKey);
  return pair;
}

export async function prepareNativeSigner(
  suite: SuiteDefinition,
  algorithm: NativeAlgorithm,
  context: SuiteContext,
  privateKey: Uint8Array,
): Promise<{ sign: RawSign; publicKey: Uint8Array }> {
  // The provider gets a document the core wrote itself from validated material, never the
  // caller's bytes.
  const pkcs8 = writePkcs8(suite.keyAlgorithm, suite.encodePrivateKey(privateKey));
  let imported: Awaited<ReturnType<typeof context.provider.importPrivateKey>>;
  try {
    imported = await context.provider.importPrivateKey(algorithm, pkcs8);
  } catch (cause) {
    throw providerFailed(context, `import a ${suite.name} private key`, `导入 ${suite.name} 私钥`, cause);
  }
  suite.checkPublicKey(imported.publicKey);
  const { signer } = imported;
  const sign: RawSign = async (data) => {
    try {
      return await signer.sign(data);
    } catch (cause) {
      throw providerFailed(context, `sign with ${suite.name}`, `用 ${suite.name} 签名`, cause);
    }
  };
  return { sign, publicKey: imported.publicKey };
}

export async function prepareNativeVerifier(
  suite: SuiteDefinition,
  algorithm: NativeAlgorithm,
  context: SuiteContext,
  publicKey: Uint8Array,
): Promise<RawVerify> {
  let verifier: Awaited<ReturnType<typeof context.provider.importPublicKey>>;
  try {
    verifier = await context.provider.importPublicKey(algorithm, publicKey);
  } catch (cause) {
    throw providerFailed(context, `import a ${suite.name} public key`, `导入 ${suite.name} 公钥`, cause);
  }
  const length = suite.signatureLength;
  // A platform that throws (or rejects) on a malformed signature, rather than answering
  // false, must not turn a bad signature into an exception: the VerificationKey contract is
  // a boolean.
  return (data, signature) => {
    if (signature.length !== length) return Promise.resolve(false);
    let answer: boolean | Promise<boolean>;
    try {
      answer = verifier.verify(data, signature);
    } catch {
      return Promise.resolve(false);
    }
    // A synchronous provider (node:crypto: the server, `hutong verify`) has answered already:
    // one settled promise, not an async function's frame and an await's hop per signature
    // (docs/design/show-code.md §8).
    if (typeof answer === 'boolean') return Promise.resolve(answer);
    return Promise.resolve(answer).then(undefined, () => false);
  };
}
