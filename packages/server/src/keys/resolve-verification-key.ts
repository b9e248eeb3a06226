import { importVerificationKeyPem, parseUscc, type SuiteName, type VerificationKey } from '@hutong/core';
import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.js';
import { within } from '../organisations/strict-input.js';
import type { Database } from '../store/database.js';
import type { IssuerKeyStatus, KeyCustody } from './issuer-key.js';
import { issuerKeyRow, readKeyId } from './key-lookup.js';
import type { IssuerKeysTable } from './keys.tables.js';

export interface ResolvedVerificationKey {
  readonly key: VerificationKey;
  readonly suite: SuiteName;
  readonly custody: KeyCustody;
  readonly status: IssuerKeyStatus;
  /** Signatures made before it are not accepted. */
  readonly validFrom: Date;
  /** Signatures made at or after it are not accepted. */
  readonly validUntil: Date | undefined;
  /** Signatures made at or after it are not accepted (the key was compromised or withdrawn). */
  readonly revokedAt: Date | undefined;
}

/** Prepared public keys by store and key id: SM2 verification tables are worth keeping. */
const prepared = new WeakMap<Kysely<Database>, Map<string, Promise<VerificationKey>>>();

/** The prepared public key of a row (cached per process: the public half of a key id never changes). */
export function verificationKeyOf(
  ctx: Pick<AppContext, 'store' | 'cryptoProvider'>,
  row: IssuerKeysTable,
): Promise<VerificationKey> {
  let byKeyId = prepared.get(ctx.store.db);
  if (byKeyId === undefined) {
    byKeyId = new Map();
    prepared.set(ctx.store.db, byKeyId);
  }
  let key = byKeyId.get(row.key_id);
  if (key === undefined) {
    key = importVerificationKeyPem(row.public_key_pem, { suite: row.suite as SuiteName, provider: ctx.cryptoProvider });
    byKeyId.set(row.key_id, key);
    key.catch(() => byKeyId.delete(row.key_id));
  }
  return key;
}

/**
 * The public key an issuer's licence names (its proof's key id), with the period in which
 * its signatures are accepted — for verifying licences a department signed in its own system
 * (aggregation) and licences this node signed, under any key the issuer ever had.
 * `ERR_KEYS_NOT_FOUND` when the issuer has no such key.
 *
 * @example
 * const { key, validFrom, validUntil, revokedAt } = await resolveVerificationKey(ctx, issuerCode, proof.keyId);
 */
export async function resolveVerificationKey(
  ctx: Pick<AppContext, 'store' | 'cryptoProvider'>,
  issuerCode: unknown,
  keyId: unknown,
): Promise<ResolvedVerificationKey> {
  const issuer = within('issuerCode', () => parseUscc(issuerCode));
  const row = await issuerKeyRow(ctx.store.db, issuer, readKeyId(keyId));
  return {
    key: await verificationKeyOf(ctx, row),
    suite: row.suite as SuiteName,
    custody: row.custody as KeyCustody,
    status: row.status as IssuerKeyStatus,
    validFrom: new Date(row.valid_from),
    validUntil: row.valid_until === null ? undefined : new Date(row.valid_until),
    revokedAt: row.revoked_at === null ? undefined : new Date(row.revoked_at),
  };
}
