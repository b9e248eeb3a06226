/**
 * Writing key rows: shared by generation, registration and rotation so that every new key
 * is stored the same way and leaves the same side records.
 */
import {
  exportPkcs8Der,
  exportPublicJwk,
  exportSpkiPem,
  generateSigningKey,
  type SigningKey,
  type SuiteName,
  type Uscc,
  type VerificationKey,
} from '@hutong/core';
import type { Transaction } from 'kysely';
import type { ActingAs, AppContext } from '../app-context.js';
import { ServerError } from '../errors.js';
import { recordEvent } from '../events/record-event.js';
import { isUniqueViolation } from '../library/unique-violation.js';
import { issuerKeyAssociatedData } from '../secrets/sealed-columns.js';
import { sealValue } from '../secrets/sealed-value.js';
import type { Database } from '../store/database.js';
import type { IssuerKeyStatus, KeyCustody } from './issuer-key.js';
import type { KeyValidity } from './key-validity.js';
import type { IssuerKeysTable } from './keys.tables.js';

/** What a key action is called in its `key.changed` event. */
export type KeyAction = 'generated' | 'registered' | 'rotated' | 'retired' | 'revoked';

/** A fresh node-held key and its row, sealed, ready to insert. */
export async function newNodeKeyRow(
  ctx: Pick<AppContext, 'now' | 'secrets' | 'cryptoProvider'>,
  issuerCode: Uscc,
  suite: SuiteName,
  validity: KeyValidity,
  by: ActingAs,
): Promise<{ readonly key: SigningKey; readonly row: IssuerKeysTable }> {
  const key = await generateSigningKey(suite, { provider: ctx.cryptoProvider });
  const pkcs8 = exportPkcs8Der(key);
  const sealed = sealValue(ctx.secrets, 'key-encryption', pkcs8, issuerKeyAssociatedData(issuerCode, key.keyId));
  pkcs8.fill(0);
  const at = ctx.now().toISOString();
  return {
    key,
    row: {
      key_id: key.keyId,
      issuer_code: issuerCode,
      suite: key.suite,
      custody: 'node',
      public_key_pem: exportSpkiPem(key),
      public_jwk: JSON.stringify(exportPublicJwk(key)),
      sealed_private_key: sealed,
      master_key_id: ctx.secrets.masterKeyId,
      status: 'active',
      valid_from: validity.validFrom,
      valid_until: validity.validUntil ?? null,
      revoked_at: null,
      revocation_reason: null,
      created_by: by.actor,
      created_at: at,
      updated_at: at,
    },
  };
}

/** The row of an external (department-held) public key. */
export function externalKeyRow(
  ctx: Pick<AppContext, 'now'>,
  issuerCode: Uscc,
  key: VerificationKey,
  validity: KeyValidity,
  by: ActingAs,
): IssuerKeysTable {
  const at = ctx.now().toISOString();
  return {
    key_id: key.keyId,
    issuer_code: issuerCode,
    suite: key.suite,
    custody: 'external' satisfies KeyCustody,
    public_key_pem: exportSpkiPem(key),
    public_jwk: JSON.stringify(exportPublicJwk(key)),
    sealed_private_key: null,
    master_key_id: null,
    status: 'active' satisfies IssuerKeyStatus,
    valid_from: validity.validFrom,
    valid_until: validity.validUntil ?? null,
    revoked_at: null,
    revocation_reason: null,
    created_by: by.actor,
    created_at: at,
    updated_at: at,
  };
}

/** Inserts a key row with its `key.changed` event; a key id seen before is `ERR_KEYS_ALREADY_REGISTERED`. */
export async function insertKeyRow(
  trx: Transaction<Database>,
  row: IssuerKeysTable,
  action: KeyAction,
  by: ActingAs,
  details: Readonly<Record<string, unknown>> = {},
): Promise<void> {
  const taken = await trx
    .selectFrom('issuer_keys')
    .select('key_id')
    .where('key_id', '=', row.key_id)
    .executeTakeFirst();
  if (taken !== undefined) {
    throw new ServerError('ERR_KEYS_ALREADY_REGISTERED', { field: 'publicKeyPem', params: { keyId: row.key_id } });
  }
  await trx.insertInto('issuer_keys').values(row).execute();
  await recordKeyEvent(trx, row, action, by, row.created_at, details);
}

/** The audit record (and further side records) of a key change. */
export async function recordKeyEvent(
  trx: Transaction<Database>,
  row: Pick<IssuerKeysTable, 'key_id' | 'issuer_code' | 'suite' | 'custody'>,
  action: KeyAction,
  by: ActingAs,
  at: string,
  details: Readonly<Record<string, unknown>> = {},
): Promise<void> {
  await recordEvent(trx, {
    type: 'key.changed',
    actor: by.actor,
    requestId: by.requestId,
    target: row.key_id,
    details: { action, issuerCode: row.issuer_code, suite: row.suite, custody: row.custody, ...details },
    at,
  });
}

/** Runs a key write, turning the unique indexes' refusals into the domain's errors. */
export async function writeKeys<T>(
  ctx: Pick<AppContext, 'store'>,
  write: (trx: Transaction<Database>) => Promise<T>,
  onActiveConflict: () => ServerError,
  keyId: string,
): Promise<T> {
  try {
    return await ctx.store.db.transaction().execute(write);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Two writers raced: either the same key id, or a second active node key for one suite.
    const message = String((error as Error).message);
    if (message.includes('issuer_keys_one_active') || message.includes('issuer_code, issuer_keys.suite')) {
      throw onActiveConflict();
    }
    throw new ServerError('ERR_KEYS_ALREADY_REGISTERED', { field: 'publicKeyPem', params: { keyId } });
  }
}
