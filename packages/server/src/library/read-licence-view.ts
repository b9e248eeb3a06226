import {
  type Encumbrance,
  type Licence,
  type LicenceStatus,
  type LicenceStatusState,
  parseLicenceId,
  type StatusEvent,
  type SuspensionCause,
} from '@hutong/core';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { sqliteCommittedReadsFor } from '../store/store.js';
import type { LicencesTable } from './library.tables.js';
import { recordOf, seriesOf, statusStateOf } from './licence-records.js';

/** The online status of a licence version: more than the status list's 2 bits. */
export interface LicenceStatusView {
  readonly status: LicenceStatus;
  /** The current expiring date (an extension moves it past the signed one); absent: long-term. */
  readonly expiringDate?: string;
  readonly suspendedBy?: readonly SuspensionCause[];
  readonly statusList: { readonly listId: number; readonly index: number; readonly value: number };
  readonly updatedAt: string;
}

export interface LicenceVersionSummary {
  readonly identifier: string;
  readonly version: string;
  readonly status: string;
  readonly issuedAt: string;
}

/** A licence as the library answers for it: the signed document, its status, encumbrances, all versions. */
export interface LicenceView {
  readonly licence: Licence;
  readonly status: LicenceStatusView;
  /** Mortgages and pledges (released ones keep their `releasedAt`): a relying party must see them. */
  readonly encumbrances: readonly Encumbrance[];
  /** Every version of this licence, oldest first. */
  readonly versions: readonly LicenceVersionSummary[];
  readonly origin: string;
}

export interface StatusHistoryItem {
  readonly identifier: string;
  readonly seq: number;
  readonly type: string;
  readonly event: StatusEvent;
  readonly from: string;
  readonly to: string;
  readonly at: string;
}

function statusViewOf(
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

/** A licence version's current status and encumbrances, without its document. */
export interface LicenceStatusRead {
  readonly status: LicenceStatusView;
  /** Mortgages and pledges (released ones keep their `releasedAt`). */
  readonly encumbrances: readonly Encumbrance[];
  /** The stored document's digest (library/licence-document-digest.ts); null for rows from before migration 0027. */
  readonly documentDigest: Uint8Array | null;
}

const STATUS_COLUMNS = [
  'status_state',
  'status',
  'expiring_date',
  'status_list_id',
  'status_index',
  'status_value',
  'updated_at',
  'document_digest',
] as const;

type StatusRow = Pick<LicencesTable, (typeof STATUS_COLUMNS)[number]>;

const STATUS_TEXT = `select ${STATUS_COLUMNS.join(', ')} from licences where identifier = ?`;

/**
 * Reads the status, encumbrances and document digest of one licence version, or undefined: one row, without
 * unpacking and parsing the signed document (online verification has just verified the
 * document or code itself and needs only what the library says of it now). No authorisation
 * and no access record: callers do that.
 *
 * @example const read = await readLicenceStatus(store.db, identifier); read?.status.status
 */
export async function readLicenceStatus(
  db: Kysely<Database>,
  identifier: string,
): Promise<LicenceStatusRead | undefined> {
  // SQLite: one statement prepared once, on the store's committed reads (committed data, as
  // every read outside a transaction sees), without building and compiling the query per
  // verification. PostgreSQL, and a caller's transaction (`db` is then a Transaction, which
  // has no committed reads): Kysely.
  const reads = sqliteCommittedReadsFor(db);
  const row =
    reads === undefined
      ? await db.selectFrom('licences').select(STATUS_COLUMNS).where('identifier', '=', identifier).executeTakeFirst()
      : reads.statement<[string], StatusRow>(STATUS_TEXT).get(identifier);
  if (row === undefined) return undefined;
  const state = statusStateOf(row);
  return {
    status: statusViewOf(state, row),
    encumbrances: state.encumbrances,
    documentDigest: row.document_digest ?? null,
  };
}

/**
 * Reads one licence version with its status, encumbrances and the list of its versions,
 * or undefined. No authorisation and no access record: callers (use cases, the CLI) do that.
 *
 * @example const view = await readLicenceView(store.db, '1.2.156.3005.2.…');
 */
export async function readLicenceView(db: Kysely<Database>, identifier: string): Promise<LicenceView | undefined> {
  const row = await db.selectFrom('licences').selectAll().where('identifier', '=', identifier).executeTakeFirst();
  if (row === undefined) return undefined;
  const record = recordOf(row);
  const versions = await db
    .selectFrom('licences')
    .select(['identifier', 'version', 'status', 'issued_at'])
    .where('series', '=', row.series)
    .orderBy('version')
    .execute();
  return {
    licence: record.licence,
    status: statusViewOf(record.state, row),
    encumbrances: record.state.encumbrances,
    versions: versions.map((v) => ({
      identifier: v.identifier,
      version: v.version,
      status: v.status,
      issuedAt: v.issued_at,
    })),
    origin: record.origin,
  };
}

/**
 * The status history of every version of a licence, in order (issue, events, the change
 * that made the next version …).
 *
 * @example const history = await readStatusHistory(store.db, identifier);
 */
export async function readStatusHistory(db: Kysely<Database>, identifier: string): Promise<StatusHistoryItem[]> {
  const rows = await db
    .selectFrom('licence_status_events as e')
    .innerJoin('licences as l', 'l.identifier', 'e.identifier')
    .select(['e.identifier', 'e.seq', 'e.type', 'e.event', 'e.from_status', 'e.to_status', 'e.at', 'l.version'])
    .where('l.series', '=', seriesOf(parseLicenceId(identifier)))
    .orderBy('e.at')
    .orderBy('l.version')
    .orderBy('e.seq')
    .execute();
  return rows.map((row) => ({
    identifier: row.identifier,
    seq: Number(row.seq),
    type: row.type,
    event: JSON.parse(row.event) as StatusEvent,
    from: row.from_status,
    to: row.to_status,
    at: row.at,
  }));
}
