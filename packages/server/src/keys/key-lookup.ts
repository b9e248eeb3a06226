import type { Uscc } from '@hutong/core';
import type { Kysely } from 'kysely';
import { ServerError } from '../errors.js';
import type { Database } from '../store/database.js';
import type { IssuerKeysTable } from './keys.tables.js';

const KEY_ID = /^[A-Za-z0-9_-]{43}$/;

/**
 * Reads a key id: a base64url SHA-256 thumbprint (RFC 7638), 43 characters.
 *
 * @example readKeyId('11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo')
 */
export function readKeyId(value: unknown): string {
  if (typeof value !== 'string' || !KEY_ID.test(value)) {
    throw new ServerError('ERR_KEYS_INPUT', {
      field: 'keyId',
      params: { field: 'keyId', rule: 'expected an RFC 7638 thumbprint (43 base64url characters)' },
    });
  }
  return value;
}

/** One issuer's key row, or `ERR_KEYS_NOT_FOUND` (also for another issuer's key). */
export async function issuerKeyRow(db: Kysely<Database>, issuerCode: Uscc, keyId: string): Promise<IssuerKeysTable> {
  const row = await db
    .selectFrom('issuer_keys')
    .selectAll()
    .where('key_id', '=', keyId)
    .where('issuer_code', '=', issuerCode)
    .executeTakeFirst();
  if (row === undefined) throw new ServerError('ERR_KEYS_NOT_FOUND', { field: 'keyId', params: { issuerCode, keyId } });
  return row;
}

const ACTION_ZH = { retired: '停用', revoked: '吊销' } as const;

/** `ERR_KEYS_STATUS`: the key's status does not allow the action. */
export function keyStatusError(row: IssuerKeysTable, action: 'retired' | 'revoked'): ServerError {
  return new ServerError('ERR_KEYS_STATUS', {
    field: 'keyId',
    params: { keyId: row.key_id, status: row.status, action, actionZh: ACTION_ZH[action] },
  });
}
