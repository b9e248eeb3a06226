/** How a registered client is shown (never its secret hash). */
import type { Selectable } from 'kysely';
import type { ApiClientsTable } from './auth.tables.js';
import { readLicenceTypes, readScopes } from './json-columns.js';
import { type ClientKind, isClientKind, type Scope } from './principal.js';

/** A registered public key for private_key_jwt. */
export interface ClientPublicKey {
  /** RFC 7638 thumbprint: the JWS `kid` a client may send. */
  readonly keyId: string;
  readonly suite: string;
  readonly pem: string;
}

export interface ClientView {
  readonly clientId: string;
  readonly name: string;
  readonly organisationCode: string;
  readonly kind: ClientKind;
  readonly scopes: readonly Scope[];
  readonly licenceTypes: readonly string[] | '*';
  readonly publicKeys: readonly ClientPublicKey[];
  readonly hasSecret: boolean;
  readonly status: 'active' | 'disabled';
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function readPublicKeys(text: string): ClientPublicKey[] {
  try {
    const value: unknown = JSON.parse(text);
    if (!Array.isArray(value)) return [];
    return value.filter(
      (key): key is ClientPublicKey =>
        typeof key === 'object' &&
        key !== null &&
        typeof (key as ClientPublicKey).keyId === 'string' &&
        typeof (key as ClientPublicKey).suite === 'string' &&
        typeof (key as ClientPublicKey).pem === 'string',
    );
  } catch {
    return [];
  }
}

export function clientViewOf(row: Selectable<ApiClientsTable>): ClientView {
  return {
    clientId: row.id,
    name: row.name,
    organisationCode: row.organisation_code,
    // The store only holds kinds this module wrote; an unknown one reads as the most limited.
    kind: isClientKind(row.kind) ? row.kind : 'relying-party',
    scopes: readScopes(row.scopes),
    licenceTypes: readLicenceTypes(row.licence_types),
    publicKeys: readPublicKeys(row.public_keys),
    hasSecret: row.secret_hash !== null,
    status: row.status === 'active' ? 'active' : 'disabled',
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
