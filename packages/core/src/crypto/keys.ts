/**
 * Keys: generate, import and export, for every suite through the registry. Imported keys are
 * *prepared* once (SM2 window tables and Z_A, platform key objects) and then used many times.
 *
 * Formats: PKCS#8 (private) and SubjectPublicKeyInfo (public), DER or PEM, exactly as
 * OpenSSL 3 reads and writes them; JWK where defined (see jwk.ts). The suite is inferred from
 * the key itself (its OID, or its JWK kty/crv); an explicit `suite` option that disagrees is an
 * error (ERR_CRYPTO_SUITE_MISMATCH), never a silent reinterpretation.
 *
 * Private material lives in a module-private WeakMap, not on the key objects, so that logging
 * or serialising a key never shows it; only `exportPkcs8*` / `exportPrivateJwk` reveal it.
 */
import { HutongError } from '../errors.js';
import { bytesEqual, isBytes, requireBytes, typeName } from './bytes.js';
import { jwkThumbprint, type PrivateJwk, type PublicJwk, privateJwkOf, publicJwkOf, readJwk } from './jwk.js';
import { parsePkcs8, parseSpki, writePkcs8, writeSpki } from './key-formats.js';
import { decodePem, encodePem } from './pem.js';
import type { CryptoProvider } from './provider.js';
import { sm2IdBytes } from './sm2-sm3/keys.js';
import type { RawVerify, SuiteContext, SuiteDefinition } from './suite.js';
import { parseSuiteName, suiteByKeyAlgorithm, suiteByName } from './suites.js';
import type { SigningKey, SuiteName, VerificationKey } from './types.js';
import { webCryptoProvider } from './webcrypto-provider.js';

/** Options for creating keys. All optional. */
export interface KeyOptions {
  /** The suite the caller expects; a key of another suite is refused (ERR_CRYPTO_SUITE_MISMATCH). */
  readonly suite?: SuiteName;
  /** Platform crypto for ed25519 and ecdsa-p256 (default: WebCrypto). SM2 never uses a provider. */
  readonly provider?: CryptoProvider;
  /**
   * SM2 distinguishing identifier ID_A (GB/T 32918.2 §5.5), text (UTF-8) or bytes; default
   * `1234567812345678` (GM/T 0009). Only for sm2-sm3 keys: giving it for another suite is an error.
   */
  readonly distinguishingId?: string | Uint8Array;
}

/** Options for `generateSigningKey` (the suite is its first argument). */
export type GenerateKeyOptions = Omit<KeyOptions, 'suite'>;

interface PublicMaterial {
  readonly suite: SuiteDefinition;
  readonly publicKey: Uint8Array;
}
interface PrivateMaterial extends PublicMaterial {
  readonly privateKey: Uint8Array;
}

const publicMaterial = new WeakMap<object, PublicMaterial>();
const privateMaterial = new WeakMap<object, PrivateMaterial>();

/** `ruleZh`: the same rule in Chinese, for the zh-CN message (every caller states both). */
function optionInvalid(option: string, rule: string, ruleZh: string): HutongError {
  return new HutongError('ERR_CRYPTO_OPTION_INVALID', {
    field: option,
    params: { option, rule },
    zhParams: { rule: ruleZh },
  });
}

function isProvider(value: unknown): value is CryptoProvider {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Partial<Record<keyof CryptoProvider, unknown>>;
  return (
    typeof p.name === 'string' &&
    typeof p.generateKeyPair === 'function' &&
    typeof p.importPrivateKey === 'function' &&
    typeof p.importPublicKey === 'function'
  );
}

/** Checks the options against the key's actual suite and builds the operation context. */
function contextFor(suite: SuiteDefinition, options: unknown): SuiteContext {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw optionInvalid(
      'options',
      `expected an object, got ${typeName(options)}`,
      `应为对象，实际为 ${typeName(options)}`,
    );
  }
  const o = (options ?? {}) as { suite?: unknown; provider?: unknown; distinguishingId?: unknown };
  if (o.suite !== undefined) {
    const expected = parseSuiteName(o.suite);
    if (expected !== suite.name) {
      throw new HutongError('ERR_CRYPTO_SUITE_MISMATCH', { field: 'suite', params: { expected, actual: suite.name } });
    }
  }
  if (o.provider !== undefined && !isProvider(o.provider)) {
    throw optionInvalid(
      'provider',
      'expected a CryptoProvider (name, generateKeyPair, importPrivateKey, importPublicKey)',
      '应为 CryptoProvider（name、generateKeyPair、importPrivateKey、importPublicKey）',
    );
  }
  const id = o.distinguishingId;
  if (id !== undefined) {
    if (!suite.usesDistinguishingId)
      throw optionInvalid(
        'distinguishingId',
        `suite ${suite.name} has no distinguishing ID`,
        `${suite.name} 套件没有区分标识`,
      );
    if (typeof id !== 'string' && !isBytes(id))
      throw optionInvalid('distinguishingId', 'expected a string or a Uint8Array', '应为字符串或 Uint8Array');
  }
  return {
    provider: (o.provider as CryptoProvider | undefined) ?? webCryptoProvider,
    distinguishingId: sm2IdBytes(id as string | Uint8Array | undefined),
  };
}

/** Refuses non-bytes input without echoing it (the verification contract answers, never throws, for signatures). */
function rejectData(data: unknown): Promise<never> {
  return Promise.reject(
    new HutongError('ERR_CRYPTO_INPUT_TYPE', {
      field: 'data',
      params: { what: 'data', expected: 'Uint8Array', actual: typeName(data) },
    }),
  );
}

function verificationKeyOf(
  suite: SuiteDefinition,
  keyId: string,
  publicKey: Uint8Array,
  verify: RawVerify,
): VerificationKey {
  const key: VerificationKey = Object.freeze({
    suite: suite.name,
    keyId,
    // The hot path: no re-import, no promise hop beyond the suite's own.
    verify(data: Uint8Array, signature: Uint8Array): Promise<boolean> {
      if (!isBytes(data)) return rejectData(data);
      if (!isBytes(signature)) return Promise.resolve(false);
      return verify(data, signature);
    },
  });
  publicMaterial.set(key, { suite, publicKey });
  return key;
}

async function makeVerificationKey(
  suite: SuiteDefinition,
  publicKey: Uint8Array,
  context: SuiteContext,
): Promise<VerificationKey> {
  suite.checkPublicKey(publicKey);
  const verify = await suite.prepareVerifier(context, publicKey);
  const keyId = await jwkThumbprint(publicJwkOf(suite, publicKey));
  return verificationKeyOf(suite, keyId, publicKey, verify);
}

async function makeSigningKey(
  suite: SuiteDefinition,
  privateKey: Uint8Array,
  context: SuiteContext,
  embeddedPublicKey?: Uint8Array,
): Promise<SigningKey> {
  suite.checkPrivateKey(privateKey);
  const { sign, publicKey } = await suite.prepareSigner(context, privateKey);
  if (embeddedPublicKey !== undefined && !bytesEqual(embeddedPublicKey, publicKey)) {
    // A document whose public key does not belong to its private key is corrupt or forged.
    throw new HutongError('ERR_CRYPTO_KEY_INVALID', {
      field: 'publicKey',
      params: { suite: suite.name, rule: 'the public key in the document does not match the private key' },
      zhParams: { rule: '文档中的公钥与私钥不匹配' },
    });
  }
  const keyId = await jwkThumbprint(publicJwkOf(suite, publicKey));
  // The public half is prepared on first use: signing services rarely verify, and SM2's
  // window tables cost tens of milliseconds.
  let verifier: Promise<RawVerify> | undefined;
  const verificationKey = verificationKeyOf(suite, keyId, publicKey, (data, signature) => {
    verifier ??= suite.prepareVerifier(context, publicKey);
    return verifier.then((verify) => verify(data, signature));
  });
  const key: SigningKey = Object.freeze({
    suite: suite.name,
    keyId,
    publicKey: verificationKey,
    sign(data: Uint8Array): Promise<Uint8Array> {
      if (!isBytes(data)) return rejectData(data);
      return sign(data);
    },
  });
  privateMaterial.set(key, { suite, publicKey, privateKey: privateKey.slice() });
  return key;
}

/**
 * Generates a fresh signing key (platform CSPRNG).
 *
 * @example
 * const key = await generateSigningKey('sm2-sm3');
 * const signature = await key.sign(bytes); // raw r‖s, 64 bytes
 * await key.publicKey.verify(bytes, signature); // true
 */
export async function generateSigningKey(suite: SuiteName, options?: GenerateKeyOptions): Promise<SigningKey> {
  const definition = suiteByName(suite);
  if (options !== undefined && typeof options === 'object' && options !== null && 'suite' in options) {
    throw optionInvalid(
      'suite',
      'the suite is the first argument of generateSigningKey',
      '签名套件应作为 generateSigningKey 的第一个参数',
    );
  }
  const context = contextFor(definition, options);
  const pair = await definition.generate(context);
  return makeSigningKey(definition, pair.privateKey, context, pair.publicKey);
}

/**
 * Imports a private key from PKCS#8 DER (RFC 5208 / RFC 5958). The suite is inferred from
 * the AlgorithmIdentifier.
 *
 * @example const key = await importSigningKeyPkcs8(der, { suite: 'ed25519' });
 */
export async function importSigningKeyPkcs8(der: unknown, options?: KeyOptions): Promise<SigningKey> {
  const content = parsePkcs8(requireBytes(der, 'pkcs8'));
  const suite = suiteByKeyAlgorithm(content.algorithm, 'PrivateKeyInfo.privateKeyAlgorithm');
  const context = contextFor(suite, options);
  const { privateKey, publicKey } = suite.decodePrivateKey(content);
  if (publicKey !== undefined) suite.checkPublicKey(publicKey);
  return makeSigningKey(suite, privateKey, context, publicKey);
}

/**
 * Imports a private key from a `-----BEGIN PRIVATE KEY-----` PEM (unencrypted PKCS#8, what
 * `openssl genpkey` writes).
 *
 * @example const key = await importSigningKeyPem(readFileSync('key.pem', 'utf8'));
 */
export async function importSigningKeyPem(pem: unknown, options?: KeyOptions): Promise<SigningKey> {
  return importSigningKeyPkcs8(decodePem(pem, ['PRIVATE KEY']).der, options);
}

/**
 * Imports a public key from SubjectPublicKeyInfo DER (RFC 5280 §4.1.2.7).
 *
 * @example const key = await importVerificationKeySpki(der); key.suite // 'ecdsa-p256'
 */
export async function importVerificationKeySpki(der: unknown, options?: KeyOptions): Promise<VerificationKey> {
  const content = parseSpki(requireBytes(der, 'spki'));
  const suite = suiteByKeyAlgorithm(content.algorithm, 'SubjectPublicKeyInfo.algorithm');
  const context = contextFor(suite, options);
  return makeVerificationKey(suite, content.publicKey, context);
}

/**
 * Imports a public key from a `-----BEGIN PUBLIC KEY-----` PEM (what `openssl pkey -pubout` writes).
 *
 * @example const key = await importVerificationKeyPem(pem, { suite: 'sm2-sm3' });
 */
export async function importVerificationKeyPem(pem: unknown, options?: KeyOptions): Promise<VerificationKey> {
  return importVerificationKeySpki(decodePem(pem, ['PUBLIC KEY']).der, options);
}

/**
 * Imports a private JWK (`d` required). Members other than kty, crv, x, y, d are ignored.
 *
 * @example const key = await importSigningKeyJwk({ kty: 'OKP', crv: 'Ed25519', x: '…', d: '…' });
 */
export async function importSigningKeyJwk(jwk: unknown, options?: KeyOptions): Promise<SigningKey> {
  const { suite, publicKey, privateKey } = readJwk(jwk);
  if (privateKey === undefined) {
    throw new HutongError('ERR_CRYPTO_JWK_INVALID', {
      field: 'd',
      params: { field: 'd', rule: 'a private key JWK needs the d member' },
      zhParams: { rule: '私钥 JWK 须有成员 d' },
    });
  }
  const context = contextFor(suite, options);
  suite.checkPublicKey(publicKey);
  return makeSigningKey(suite, privateKey, context, publicKey);
}

/**
 * Imports a public JWK. A JWK carrying `d` is refused: public keys travel in trust lists and
 * documents, and a private member there is a leak to stop, not to ignore.
 *
 * @example const key = await importVerificationKeyJwk({ kty: 'EC', crv: 'SM2', x: '…', y: '…' });
 */
export async function importVerificationKeyJwk(jwk: unknown, options?: KeyOptions): Promise<VerificationKey> {
  const { suite, publicKey, privateKey } = readJwk(jwk);
  if (privateKey !== undefined) {
    throw new HutongError('ERR_CRYPTO_JWK_INVALID', {
      field: 'd',
      params: { field: 'd', rule: 'a public key JWK must not carry the private member d' },
      zhParams: { rule: '公钥 JWK 不得带有私钥成员 d' },
    });
  }
  const context = contextFor(suite, options);
  return makeVerificationKey(suite, publicKey, context);
}

function publicOf(key: unknown): PublicMaterial {
  const found =
    typeof key === 'object' && key !== null ? (publicMaterial.get(key) ?? privateMaterial.get(key)) : undefined;
  if (found === undefined) throw new HutongError('ERR_CRYPTO_KEY_FOREIGN', { field: 'key' });
  return found;
}

function privateOf(key: unknown): PrivateMaterial {
  const found = typeof key === 'object' && key !== null ? privateMaterial.get(key) : undefined;
  if (found === undefined) throw new HutongError('ERR_CRYPTO_KEY_FOREIGN', { field: 'key' });
  return found;
}

/** PKCS#8 DER of a signing key, byte-for-byte as OpenSSL 3 writes it for the same key. */
export function exportPkcs8Der(key: SigningKey): Uint8Array {
  const { suite, privateKey, publicKey } = privateOf(key);
  return writePkcs8(suite.keyAlgorithm, suite.encodePrivateKey(privateKey, publicKey));
}

/**
 * `-----BEGIN PRIVATE KEY-----` PEM of a signing key (unencrypted: protect the file, e.g. mode 0600).
 *
 * @example writeFileSync('key.pem', exportPkcs8Pem(key), { mode: 0o600 });
 */
export function exportPkcs8Pem(key: SigningKey): string {
  return encodePem('PRIVATE KEY', exportPkcs8Der(key));
}

/** SubjectPublicKeyInfo DER of a key (a signing key exports its public half). */
export function exportSpkiDer(key: VerificationKey | SigningKey): Uint8Array {
  const { suite, publicKey } = publicOf(key);
  return writeSpki(suite.keyAlgorithm, publicKey);
}

/**
 * `-----BEGIN PUBLIC KEY-----` PEM of a key (a signing key exports its public half).
 *
 * @example exportSpkiPem(key.publicKey) // '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoEcz1UBgi0DQgAE…'
 */
export function exportSpkiPem(key: VerificationKey | SigningKey): string {
  return encodePem('PUBLIC KEY', exportSpkiDer(key));
}

/**
 * The public JWK of a key; its RFC 7638 thumbprint is the key's `keyId`.
 *
 * @example exportPublicJwk(key) // { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }
 */
export function exportPublicJwk(key: VerificationKey | SigningKey): PublicJwk {
  const { suite, publicKey } = publicOf(key);
  return publicJwkOf(suite, publicKey);
}

/** The private JWK (with `d`) of a signing key. */
export function exportPrivateJwk(key: SigningKey): PrivateJwk {
  const { suite, publicKey, privateKey } = privateOf(key);
  return privateJwkOf(suite, publicKey, privateKey);
}

export type { PrivateJwk, PublicJwk };
