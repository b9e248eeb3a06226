/**
 * What a suite module provides to the registry (`suites.ts`). Every suite folder has the same
 * file set — `keys.ts` (formats and key checks), `sign.ts`, `verify.ts`, `index.ts` (this
 * definition) — as jose has one module per algorithm family behind one table.
 */
import type { KeyAlgorithm, Pkcs8Content } from './key-formats.js';
import type { CryptoProvider } from './provider.js';
import type { SuiteName } from './types.js';

/** Raw key material: a 32-byte private scalar or seed and the suite's public key encoding. */
export interface KeyPairMaterial {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/** What an operation needs besides the key: the platform provider and, for SM2, the ID. */
export interface SuiteContext {
  readonly provider: CryptoProvider;
  /** SM2 distinguishing identifier bytes (GB/T 32918.2 §5.5 ID_A); unused by other suites. */
  readonly distinguishingId: Uint8Array;
}

export type RawSign = (data: Uint8Array) => Promise<Uint8Array>;
/** Answers false for any bad signature; never throws for one. */
export type RawVerify = (data: Uint8Array, signature: Uint8Array) => Promise<boolean>;

export interface SuiteDefinition {
  readonly name: SuiteName;
  /** How SubjectPublicKeyInfo / PKCS#8 name the key (the suite is inferred from this). */
  readonly keyAlgorithm: KeyAlgorithm;
  /** JWK `kty` and `crv` (RFC 7518 §6.2, RFC 8037 §2; SM2 is Hutong's choice, see sm2-sm3/keys.ts). */
  readonly jwk: { readonly kty: 'EC' | 'OKP'; readonly crv: string };
  /** Raw signature length in bytes. */
  readonly signatureLength: number;
  /** True when signatures also travel as DER `SEQUENCE { r INTEGER, s INTEGER }` at interop edges. */
  readonly derSignature: boolean;
  /** True when the suite binds a distinguishing ID into the signed digest (SM2's Z_A). */
  readonly usesDistinguishingId: boolean;
  /** Length of a public key in its raw form (EC: 65 = 04‖x‖y; Ed25519: 32). */
  readonly publicKeyLength: number;
  /** Throws ERR_CRYPTO_KEY_INVALID unless `privateKey` is a usable private scalar or seed. */
  checkPrivateKey(privateKey: Uint8Array): void;
  /** Throws ERR_CRYPTO_KEY_INVALID unless `publicKey` is a usable public key. */
  checkPublicKey(publicKey: Uint8Array): void;
  /** Interprets the algorithm-specific part of a parsed PKCS#8 document. */
  decodePrivateKey(content: Pkcs8Content): { readonly privateKey: Uint8Array; readonly publicKey?: Uint8Array };
  /** The algorithm-specific `privateKey` OCTET STRING contents, as OpenSSL 3 writes them. */
  encodePrivateKey(privateKey: Uint8Array, publicKey?: Uint8Array): Uint8Array;
  generate(context: SuiteContext): Promise<KeyPairMaterial>;
  /** Prepares a private key for signing and returns it with its (derived) public key. */
  prepareSigner(
    context: SuiteContext,
    privateKey: Uint8Array,
  ): Promise<{ readonly sign: RawSign; readonly publicKey: Uint8Array }>;
  /** Prepares a public key for repeated verification (precomputed tables, imported platform key). */
  prepareVerifier(context: SuiteContext, publicKey: Uint8Array): Promise<RawVerify>;
}
