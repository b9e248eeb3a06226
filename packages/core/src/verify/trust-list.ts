/**
 * What a verifier trusts: issuers (by USCC), each with its keys and their validity, and
 * the licence types it may issue. Today the caller builds the list; the national trust
 * list the hub signs (architecture §8) will be parsed into exactly these shapes, and a
 * resolver backed by a cache of it plugs in as a {@link KeyResolver}.
 */
import type { SuiteName, VerificationKey } from '../crypto/types.js';
import { HutongError } from '../errors.js';
import { parseTypeCode, parseUscc, type TypeCode, type Uscc } from '../identifiers/index.js';

/** One key of an issuer, with the period in which signatures made with it are accepted. */
export interface TrustedKey {
  /** RFC 7638 thumbprint; must equal `key.keyId`. */
  readonly keyId: string;
  /** Must equal `key.suite`. */
  readonly suite: SuiteName;
  readonly key: VerificationKey;
  /** Signatures made (proof.created) before this instant are refused. */
  readonly validFrom: Date;
  /** Signatures made at or after this instant are refused; absent = no planned end. */
  readonly validUntil?: Date;
  /**
   * Set when the key is compromised or withdrawn: signatures made at or after it are
   * refused. Rotation never invalidates what a key signed while it was valid (architecture
   * §3), so revocation is not retroactive: set it to the moment the key stopped being safe.
   */
  readonly revokedAt?: Date;
}

/** An issuing authority the verifier trusts. */
export interface TrustedIssuer {
  readonly issuerCode: Uscc;
  readonly name: string;
  readonly keys: readonly TrustedKey[];
  /** The licence types this issuer may issue (GB/T 36902 type codes). */
  readonly types: readonly TypeCode[];
}

/**
 * Finds an issuer's trust-list entry. May be asynchronous (a cached national trust list,
 * a database); answers undefined for an issuer that is not trusted.
 */
export interface KeyResolver {
  resolveIssuer(issuerCode: Uscc): TrustedIssuer | undefined | Promise<TrustedIssuer | undefined>;
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function checkKey(entry: TrustedKey, path: string): void {
  if (entry.key.keyId !== entry.keyId) {
    throw new HutongError('ERR_VERIFY_TRUST_LIST_KEY_MISMATCH', {
      field: `${path}.keyId`,
      params: { field: `${path}.keyId`, expected: entry.keyId, found: entry.key.keyId },
    });
  }
  if (entry.key.suite !== entry.suite) {
    throw new HutongError('ERR_VERIFY_TRUST_LIST_KEY_MISMATCH', {
      field: `${path}.suite`,
      params: { field: `${path}.suite`, expected: entry.suite, found: entry.key.suite },
    });
  }
  for (const name of ['validFrom', 'validUntil', 'revokedAt'] as const) {
    const value = entry[name];
    const present = name === 'validFrom' || value !== undefined;
    const wrong =
      present && (!isValidDate(value) || (name !== 'validFrom' && value.getTime() <= entry.validFrom.getTime()));
    if (wrong) {
      throw new HutongError('ERR_VERIFY_TRUST_LIST_DATES', {
        field: `${path}.${name}`,
        params: { field: `${path}.${name}` },
      });
    }
  }
}

/**
 * A {@link KeyResolver} over an in-memory trust list, checked once up front: issuer and
 * type codes parse, no issuer or key id appears twice, every key entry agrees with its
 * `VerificationKey` (suite, key id) and its dates make sense. Throws `HutongError`
 * (`ERR_VERIFY_TRUST_LIST_*`, or the identifiers' own code) naming the entry at fault.
 *
 * @example
 * const keys = trustListResolver([{ issuerCode, name: '吉林省住房和城乡建设厅', types: [typeCode],
 *   keys: [{ keyId: key.keyId, suite: key.suite, key, validFrom: new Date('2020-01-01T00:00:00Z') }] }]);
 * await verifyLicence(json, { keys });
 */
export function trustListResolver(issuers: readonly TrustedIssuer[]): KeyResolver {
  const byCode = new Map<string, TrustedIssuer>();
  issuers.forEach((issuer, i) => {
    const path = `$[${i}]`;
    const code = (() => {
      try {
        return parseUscc(issuer.issuerCode);
      } catch (error) {
        if (error instanceof HutongError) {
          throw new HutongError(error.code, { field: `${path}.issuerCode`, params: error.params, cause: error });
        }
        throw error;
      }
    })();
    if (byCode.has(code)) {
      throw new HutongError('ERR_VERIFY_TRUST_LIST_DUPLICATE', {
        field: `${path}.issuerCode`,
        params: { what: 'issuer', value: code },
        zhParams: { what: '颁发机构' },
      });
    }
    issuer.types.forEach((type, t) => {
      try {
        parseTypeCode(type);
      } catch (error) {
        if (error instanceof HutongError) {
          throw new HutongError(error.code, { field: `${path}.types[${t}]`, params: error.params, cause: error });
        }
        throw error;
      }
    });
    const keyIds = new Set<string>();
    issuer.keys.forEach((entry, k) => {
      checkKey(entry, `${path}.keys[${k}]`);
      if (keyIds.has(entry.keyId)) {
        throw new HutongError('ERR_VERIFY_TRUST_LIST_DUPLICATE', {
          field: `${path}.keys[${k}].keyId`,
          params: { what: 'key', value: entry.keyId },
          zhParams: { what: '密钥' },
        });
      }
      keyIds.add(entry.keyId);
    });
    byCode.set(code, issuer);
  });
  return { resolveIssuer: (issuerCode) => byCode.get(issuerCode) };
}
