/**
 * Every column that holds a value sealed under the master key (`sealValue`), so that a
 * rotation (`rotateMasterKey`) re-seals all of them and none is left behind under a key the
 * operator is about to delete. A domain that seals a new column adds its row here.
 */
import type { SecretPurpose } from './secrets.js';

export interface SealedColumn {
  readonly table: string;
  /** The columns that identify a row (its primary key). */
  readonly idColumns: readonly string[];
  /** Further columns `associatedData` reads. */
  readonly aadColumns: readonly string[];
  /** The sealed text (`v1.<masterKeyId>.<iv>.<body>`); rows where it is null are skipped. */
  readonly valueColumn: string;
  /** A column that repeats the master key id, kept in step when there is one. */
  readonly masterKeyIdColumn?: string;
  /**
   * The column was sealed after rows were written in clear: a row whose `masterKeyIdColumn`
   * is null holds the clear text (UTF-8) until `sealClearValues` seals it in place.
   */
  readonly clearBeforeSealing?: true;
  readonly purpose: SecretPurpose;
  /** The associated data the value was sealed with, from the row's columns. */
  associatedData(row: Readonly<Record<string, unknown>>): string;
}

/**
 * The associated data of an issuer's private key: the issuer and the key id, so that a sealed
 * key copied into another issuer's row (or under another key id) does not open there
 * (NIST SP 800-38D §5.2.1.1: AAD is authenticated, not encrypted).
 *
 * @example sealValue(secrets, 'key-encryption', pkcs8, issuerKeyAssociatedData(issuerCode, keyId))
 */
export function issuerKeyAssociatedData(issuerCode: string, keyId: string): string {
  return `issuer_keys\n${issuerCode}\n${keyId}`;
}

/** What a sealed node key is bound to (NIST SP 800-38D §5.2.1.1 AAD): its row, so a copy in another row does not open. */
export function nodeKeyAssociatedData(purpose: string, keyId: string): string {
  return `node_keys\n${purpose}\n${keyId}`;
}

/** What a webhook subscription's sealed secret is bound to (NIST SP 800-38D §5.2.1.1 AAD): its row. */
export function webhookSecretAssociatedData(subscriptionId: string): string {
  return `webhook_subscriptions\n${subscriptionId}`;
}

/**
 * Every sealed column of the schema. The associated data must be exactly what the owning
 * domain seals with: `auth/staff-users.ts` `totpAssociatedData`, `log/log-keys.ts`
 * `logKeyAssociatedData`, `trust/node-keys.ts` through {@link nodeKeyAssociatedData},
 * `notifications/` through {@link webhookSecretAssociatedData}
 * (rotate-master-key.test.ts proves each row opens after a rotation).
 */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  {
    table: 'issuer_keys',
    idColumns: ['key_id'],
    aadColumns: ['issuer_code'],
    valueColumn: 'sealed_private_key',
    masterKeyIdColumn: 'master_key_id',
    purpose: 'key-encryption',
    associatedData: (row) => issuerKeyAssociatedData(String(row.issuer_code), String(row.key_id)),
  },
  {
    table: 'staff_users',
    idColumns: ['id'],
    aadColumns: [],
    valueColumn: 'totp_secret',
    purpose: 'totp-encryption',
    associatedData: (row) => `staff_users:${String(row.id)}`,
  },
  {
    table: 'log_keys',
    idColumns: ['purpose'],
    aadColumns: ['name'],
    valueColumn: 'sealed_private_key',
    masterKeyIdColumn: 'master_key_id',
    purpose: 'key-encryption',
    associatedData: (row) => `log_keys\n${String(row.purpose)}\n${String(row.name)}`,
  },
  {
    // The node's trust-list and showing keys: a rotation that left them under the old key
    // would stop the node signing its trust list once the old key is deleted.
    table: 'node_keys',
    idColumns: ['purpose'],
    aadColumns: ['key_id'],
    valueColumn: 'sealed_private_key',
    masterKeyIdColumn: 'master_key_id',
    purpose: 'key-encryption',
    associatedData: (row) => nodeKeyAssociatedData(String(row.purpose), String(row.key_id)),
  },
  {
    // Subscribers' HMAC keys: whoever reads a dump must not be able to forge webhooks
    // (issue 3). Rows from before migration 0021 are clear until sealed.
    table: 'webhook_subscriptions',
    idColumns: ['id'],
    aadColumns: [],
    valueColumn: 'secret',
    masterKeyIdColumn: 'master_key_id',
    clearBeforeSealing: true,
    purpose: 'webhook-encryption',
    associatedData: (row) => webhookSecretAssociatedData(String(row.id)),
  },
];
