import { type Encumbrance, type Licence, parseLicenceId, type StatusEvent } from '@hutong/core';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { sqliteCommittedReadsFor } from '../store/store.js';
import { recordOf, seriesOf } from './licence-records.js';
import {
  type LicenceStatusRead,
  type LicenceStatusView,
  licenceStatusReadOf,
  STATUS_COLUMNS,
  STATUS_TEXT,
  type StatusRow,
  statusViewOf,
} from './licence-status-read.js';

export type { LicenceStatusRead, LicenceStatusView } from './licence-status-read.js';

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
  return row === undefined ? undefined : licenceStatusReadOf(row);
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
