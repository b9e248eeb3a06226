/**
 * A licence version's status row as online verification reads it (`readLicenceStatus`), made
 * from the row without the store: the verification threads read the same row on a read-only
 * connection of their own (showing/verification-threads.ts) and make the same answer there.
 */
import type { Encumbrance, LicenceStatus, LicenceStatusState, SuspensionCause } from '@hutong/core';
import type { LicencesTable } from './library.tables.js';
import { statusStateOf } from './licence-records.js';

/** The online status of a licence version: more than the status list's 2 bits. */
export interface LicenceStatusView {
  readonly status: LicenceStatus;
  /** The current expiring date (an extension moves it past the signed one); absent: long-term. */
  readonly expiringDate?: string;
  readonly suspendedBy?: readonly SuspensionCause[];
  readonly statusList: { readonly listId: number; readonly index: number; readonly value: number };
  readonly updatedAt: string;
}

/** A licence version's current status and encumbrances, without its document. */
export interface LicenceStatusRead {
  readonly status: LicenceStatusView;
  /** Mortgages and pledges (released ones keep their `releasedAt`). */
  readonly encumbrances: readonly Encumbrance[];
  /** The stored document's digest (library/licence-document-digest.ts); null for rows from before migration 0027. */
  readonly documentDigest: Uint8Array | null;
}

/** The columns a status read takes: the row without its packed document. */
export const STATUS_COLUMNS = [
  'status_state',
  'status',
  'expiring_date',
  'status_list_id',
  'status_index',
  'status_value',
  'updated_at',
  'document_digest',
] as const;

export type StatusRow = Pick<LicencesTable, (typeof STATUS_COLUMNS)[number]>;

/** The status read as one SQLite statement (prepared once per connection by its callers). */
export const STATUS_TEXT = `select ${STATUS_COLUMNS.join(', ')} from licences where identifier = ?`;

/** The status view of a row's state. */
export function statusViewOf(
  state: LicenceStatusState,
  row: Pick<LicencesTable, 'status_list_id' | 'status_index' | 'status_value' | 'updated_at'>,
): LicenceStatusView {
  return {
    status: state.status,
    ...(state.expiringDate === undefined ? {} : { expiringDate: state.expiringDate }),
    ...(state.suspendedBy === undefined ? {} : { suspendedBy: state.suspendedBy }),
    statusList: {
      listId: Number(row.status_list_id),
      index: Number(row.status_index),
      value: Number(row.status_value),
    },
    updatedAt: row.updated_at,
  };
}

/**
 * The status read of a status row.
 *
 * @example const read = licenceStatusReadOf(statement.get(identifier)); read.status.status
 */
export function licenceStatusReadOf(row: StatusRow): LicenceStatusRead {
  const state = statusStateOf(row);
  return {
    status: statusViewOf(state, row),
    encumbrances: state.encumbrances,
    documentDigest: row.document_digest ?? null,
  };
}
