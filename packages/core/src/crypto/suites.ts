/**
 * The registry: the one place that enumerates Hutong's signature suites (the jose model — one
 * table, nothing else lists algorithms). Everything that must choose by suite name, by the
 * OID in a key document, or by a JWK's kty/crv asks here.
 */
import { HutongError } from '../errors.js';
import { ecdsaP256Suite } from './ecdsa-p256/index.js';
import { ed25519Suite } from './ed25519/index.js';
import type { KeyAlgorithm } from './key-formats.js';
import { sm2Sm3Suite } from './sm2-sm3/index.js';
import type { SuiteDefinition } from './suite.js';
import { isSuiteName, SUITE_NAMES, type SuiteName } from './types.js';

const SUITES: Readonly<Record<SuiteName, SuiteDefinition>> = {
  'sm2-sm3': sm2Sm3Suite,
  ed25519: ed25519Suite,
  'ecdsa-p256': ecdsaP256Suite,
};

/**
 * Checks an untrusted suite name (CLI flag, proof field) and returns it typed.
 *
 * @example parseSuiteName('sm2-sm3') // 'sm2-sm3'; parseSuiteName('rsa') throws ERR_CRYPTO_SUITE_UNKNOWN
 */
export function parseSuiteName(value: unknown, field = 'suite'): SuiteName {
  if (!isSuiteName(value)) {
    throw new HutongError('ERR_CRYPTO_SUITE_UNKNOWN', {
      field,
      params: { suite: typeof value === 'string' ? value.slice(0, 40) : typeof value },
    });
  }
  return value;
}

/** The definition of a suite, by (untrusted) name. */
export function suiteByName(value: unknown, field = 'suite'): SuiteDefinition {
  return SUITES[parseSuiteName(value, field)];
}

/** Every suite, in the order of SUITE_NAMES. */
export function allSuites(): readonly SuiteDefinition[] {
  return SUITE_NAMES.map((name) => SUITES[name]);
}

/** The suite whose keys carry this AlgorithmIdentifier (id-ecPublicKey + curve, or id-Ed25519). */
export function suiteByKeyAlgorithm(algorithm: KeyAlgorithm, field: string): SuiteDefinition {
  const found = allSuites().find(
    (s) => s.keyAlgorithm.oid === algorithm.oid && s.keyAlgorithm.namedCurve === algorithm.namedCurve,
  );
  if (found === undefined) {
    throw new HutongError('ERR_CRYPTO_KEY_ALGORITHM_UNSUPPORTED', {
      field,
      params: { algorithm: algorithm.oid, curve: algorithm.namedCurve ?? 'none' },
    });
  }
  return found;
}

/** What callers outside `crypto/` may know about a suite, without its machinery. */
export interface SuiteDescription {
  readonly name: SuiteName;
  /** Raw signature length in bytes (64 for every suite). */
  readonly signatureLength: number;
  /** True when signatures also have the DER `SEQUENCE { r, s }` interop form (sm2-sm3, ecdsa-p256). */
  readonly derSignature: boolean;
  /** True when the suite binds a distinguishing ID into signatures (sm2-sm3). */
  readonly usesDistinguishingId: boolean;
  /** JWK `kty` and `crv`. */
  readonly jwk: { readonly kty: 'EC' | 'OKP'; readonly crv: string };
}

/**
 * Describes a suite, so that callers branch on properties, never on suite names.
 *
 * @example describeSuite('ed25519').derSignature // false: Ed25519 signatures are always raw
 */
export function describeSuite(value: unknown): SuiteDescription {
  const s = suiteByName(value);
  return {
    name: s.name,
    signatureLength: s.signatureLength,
    derSignature: s.derSignature,
    usesDistinguishingId: s.usesDistinguishingId,
    jwk: s.jwk,
  };
}

/** The suite whose JWKs have this `kty` and `crv`. */
export function suiteByJwk(kty: string, crv: string): SuiteDefinition | undefined {
  return allSuites().find((s) => s.jwk.kty === kty && s.jwk.crv === crv);
}
