/**
 * Issuers' signing keys (architecture §3): each department has one or more, each with a
 * suite, a validity period and a status. A key is either held by the node (generated here,
 * its private key sealed under the master key) or external (the department signs in its own
 * system and registered only the public key, for aggregation).
 */
import type { PublicJwk, SuiteName, Uscc } from '@hutong/core';
import type { IssuerKeysTable } from './keys.tables.js';

export const KEY_CUSTODIES = ['node', 'external'] as const;
export type KeyCustody = (typeof KEY_CUSTODIES)[number];

/**
 * `active`: signs (node keys) and verifies. `retired`: replaced by rotation; still verifies
 * what it signed before its `validUntil`. `revoked`: compromised or withdrawn; nothing it
 * signed at or after `revokedAt` verifies.
 */
export const ISSUER_KEY_STATUSES = ['active', 'retired', 'revoked'] as const;
export type IssuerKeyStatus = (typeof ISSUER_KEY_STATUSES)[number];

/** The suite a generated key gets when none is asked for: the national default (GB/T 32918 + GB/T 32905). */
export const DEFAULT_SUITE: SuiteName = 'sm2-sm3';

export interface IssuerKey {
  /** RFC 7638 thumbprint of the public key. */
  readonly keyId: string;
  readonly issuerCode: Uscc;
  readonly suite: SuiteName;
  readonly custody: KeyCustody;
  /** SubjectPublicKeyInfo PEM, as OpenSSL reads it. */
  readonly publicKeyPem: string;
  readonly jwk: PublicJwk;
  readonly status: IssuerKeyStatus;
  /** RFC 3339 UTC: signatures made before it are not accepted. */
  readonly validFrom: string;
  /** RFC 3339 UTC: signatures made at or after it are not accepted; absent = no planned end. */
  readonly validUntil?: string;
  readonly revokedAt?: string;
  readonly revocationReason?: string;
  readonly createdAt: string;
}

/** What `GET /api/v1/issuers/{uscc}/keys` publishes of a key (never anything private). */
export interface PublishedIssuerKey {
  readonly keyId: string;
  readonly suite: SuiteName;
  readonly publicKeyPem: string;
  readonly jwk: PublicJwk;
  readonly validFrom: string;
  readonly validUntil?: string;
  readonly status: IssuerKeyStatus;
  readonly revokedAt?: string;
}

/** A stored row as the domain sees it (everything was validated when written). */
export function issuerKeyOf(row: IssuerKeysTable): IssuerKey {
  return {
    keyId: row.key_id,
    issuerCode: row.issuer_code as Uscc,
    suite: row.suite as SuiteName,
    custody: row.custody as KeyCustody,
    publicKeyPem: row.public_key_pem,
    jwk: JSON.parse(row.public_jwk) as PublicJwk,
    status: row.status as IssuerKeyStatus,
    validFrom: row.valid_from,
    ...(row.valid_until === null ? {} : { validUntil: row.valid_until }),
    ...(row.revoked_at === null ? {} : { revokedAt: row.revoked_at }),
    ...(row.revocation_reason === null ? {} : { revocationReason: row.revocation_reason }),
    createdAt: row.created_at,
  };
}

/** The public view of a key. */
export function publishedKeyOf(key: IssuerKey): PublishedIssuerKey {
  return {
    keyId: key.keyId,
    suite: key.suite,
    publicKeyPem: key.publicKeyPem,
    jwk: key.jwk,
    validFrom: key.validFrom,
    ...(key.validUntil === undefined ? {} : { validUntil: key.validUntil }),
    status: key.status,
    ...(key.revokedAt === undefined ? {} : { revokedAt: key.revokedAt }),
  };
}
