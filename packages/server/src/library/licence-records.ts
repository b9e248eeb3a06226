import {
  type Encumbrance,
  type Licence,
  type LicenceId,
  type LicenceIdParts,
  type LicenceStatus,
  type LicenceStatusState,
  licenceIdParts,
  parseLicence,
  type StatusEvent,
  statusListValue,
} from '@hutong/core';
import type { Kysely, Transaction } from 'kysely';
import type { CompactDate } from '../issuance/compact-date.js';
import type { Database } from '../store/database.js';
import { insertRows } from '../store/insert-rows.js';
import { packLicenceDocument, unpackJsonText } from '../store/packed-json.js';
import type { LicenceOrigin, LicencesTable } from './library.tables.js';
import { licenceDocumentDigest } from './licence-document-digest.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A licence version as the library keeps it. */
export interface LicenceRecord {
  readonly licence: Licence;
  /** The status state without its history (the history is `licence_status_events`). */
  readonly state: LicenceStatusState;
  readonly origin: LicenceOrigin;
  readonly keyId: string;
  readonly statusListId: number;
  readonly statusIndex: number;
  readonly sourceKey: string | null;
  readonly requestHash: string | null;
  readonly createdBy: string;
  readonly issuedAt: string;
  readonly updatedAt: string;
}

/**
 * `typeCode.issuerCode.serial` of an identifier: what every version of one licence shares
 * (`licences.series`, the log's and audit's `series`). The one place the series is spelt.
 *
 * @example seriesOf(licence.metadata.certificateIdentifier) // '11100000000013338W032.11220000013544541J.2430599'
 */
export function seriesOf(identifier: LicenceId): string {
  return seriesOfParts(licenceIdParts(identifier));
}

/** {@link seriesOf} from parts already taken apart (a caller that needs the serial too parses once). */
export function seriesOfParts(parts: Pick<LicenceIdParts, 'typeCode' | 'issuerCode' | 'serial'>): string {
  return `${parts.typeCode}.${parts.issuerCode}.${parts.serial}`;
}

/** The state as stored: no history (it has its own table), nothing undefined. */
function storedState(state: LicenceStatusState): LicenceStatusState {
  const { history: _history, ...rest } = state;
  return rest;
}

/**
 * The state as the row's other columns give it: `status` and `expiring_date`, nothing
 * encumbered, no suspension cause. Key order as the states written before migration 0024.
 */
function derivedState(status: string, expiringDate: string | null): LicenceStatusState {
  return {
    status: status as LicenceStatus,
    ...(expiringDate === null ? {} : { expiringDate: expiringDate as CompactDate }),
    encumbrances: [],
  };
}

/**
 * `licences.status_state` for `state`: `''` when the JSON would say nothing that `status`
 * and `expiring_date` do not (nearly every licence; ~62 B a row: issue 7 item 5, migration
 * 0024), the JSON otherwise. {@link statusStateOf} reads either.
 */
export function statusStateColumn(state: LicenceStatusState): string {
  const json = JSON.stringify(state);
  return json === JSON.stringify(derivedState(state.status, state.expiringDate ?? null)) ? '' : json;
}

/** The status state of a row (see {@link statusStateColumn}). */
export function statusStateOf(row: {
  readonly status_state: string;
  readonly status: string;
  readonly expiring_date: string | null;
}): LicenceStatusState {
  return row.status_state === ''
    ? derivedState(row.status, row.expiring_date)
    : (JSON.parse(row.status_state) as LicenceStatusState);
}

/** What a new licence row needs. */
export interface NewLicenceRecord {
  readonly licence: Licence;
  /**
   * `packLicenceDocument(licence)` when a signing thread already made it (issuance through
   * a pooled key); made here otherwise.
   */
  readonly packedDocument?: Uint8Array | undefined;
  /** `licenceDocumentDigest(licence)` when a signing thread already made it (as `packedDocument`). */
  readonly documentDigest?: Uint8Array | undefined;
  readonly state: LicenceStatusState;
  readonly holderIndex: string;
  readonly origin: LicenceOrigin;
  readonly statusListId: number;
  readonly statusIndex: number;
  readonly sourceKey?: string | undefined;
  readonly requestHash?: string | undefined;
  readonly actor: string;
  readonly requestId?: string | undefined;
  /** RFC 3339 UTC. */
  readonly at: string;
  /** The event that created this version (`issue`, or the `change` that replaced its predecessor). */
  readonly event: StatusEvent;
  /** The status before it (`none` for a first issue, the predecessor's for a change). */
  readonly from: string;
}

function licenceRow(record: NewLicenceRecord) {
  const m = record.licence.metadata;
  const parts = licenceIdParts(m.certificateIdentifier);
  // verificationMethod is `<issuer USCC>#<key id>` (core parseVerificationMethod checked it).
  const keyId = record.licence.proof.verificationMethod.split('#')[1] ?? '';
  return {
    identifier: m.certificateIdentifier,
    series: seriesOfParts(parts),
    version: m.certificateVersion,
    type_code: m.certificateTypeCode,
    issuer_code: m.certificateIssuingAuthorityCode,
    serial: parts.serial,
    holder_index: record.holderIndex,
    status: record.state.status,
    status_state: statusStateColumn(storedState(record.state)),
    packed_document: record.packedDocument ?? packLicenceDocument(record.licence),
    document_digest: record.documentDigest ?? licenceDocumentDigest(record.licence),
    key_id: keyId,
    origin: record.origin,
    status_list_id: record.statusListId,
    status_index: record.statusIndex,
    status_value: statusListValue(record.state.status),
    effective_date: m.certificateEffectiveDate,
    expiring_date: record.state.expiringDate ?? null,
    source_key: record.sourceKey ?? null,
    request_hash: record.requestHash ?? null,
    created_by: record.actor,
    issued_at: record.at,
    updated_at: record.at,
  };
}

/**
 * Rows per multi-row INSERT, at most: 23 columns × 256 rows (5,888 parameters) stays far below
 * SQLite's bound-parameter limit (32,766) and PostgreSQL's (65,535); a 256-licence issuance
 * chunk (`ISSUANCE_CHUNK`) takes 1 statement per table (store/insert-rows.ts), a round trip
 * fewer per table on PostgreSQL than at 128.
 */
const ROWS_PER_INSERT = 256;
const LICENCE_COLUMNS = [
  'identifier',
  'series',
  'version',
  'type_code',
  'issuer_code',
  'serial',
  'holder_index',
  'status',
  'status_state',
  'packed_document',
  'document_digest',
  'key_id',
  'origin',
  'status_list_id',
  'status_index',
  'status_value',
  'effective_date',
  'expiring_date',
  'source_key',
  'request_hash',
  'created_by',
  'issued_at',
  'updated_at',
] as const;
const STATUS_EVENT_COLUMNS = [
  'identifier',
  'seq',
  'type',
  'event',
  'from_status',
  'to_status',
  'at',
  'actor',
  'request_id',
] as const;

/** A version's first status event (`seq` 1) as a row. */
function firstStatusEventRow(record: NewLicenceRecord) {
  return {
    identifier: record.licence.metadata.certificateIdentifier,
    seq: 1,
    type: record.event.type,
    event: JSON.stringify(record.event),
    from_status: record.from,
    to_status: record.state.status,
    at: record.at,
    actor: record.actor,
    request_id: record.requestId ?? null,
  };
}

/**
 * Writes licence versions with their first status events and encumbrances, in the
 * caller's transaction, a few statements per {@link ROWS_PER_INSERT} licences (issuance
 * writes whole chunks). A duplicate identifier, source key or status slot is a unique
 * violation the caller turns into its own answer.
 */
export async function insertLicenceRecords(trx: Db, records: readonly NewLicenceRecord[]): Promise<void> {
  await insertRows(trx, 'licences', LICENCE_COLUMNS, records.map(licenceRow), ROWS_PER_INSERT);
  await insertRows(
    trx,
    'licence_status_events',
    STATUS_EVENT_COLUMNS,
    records.map(firstStatusEventRow),
    ROWS_PER_INSERT,
  );
  for (const record of records) {
    // A new version carries its predecessor's active encumbrances; a first issue has none.
    if (record.state.encumbrances.length > 0) {
      await writeEncumbrances(trx, record.licence.metadata.certificateIdentifier, record.state.encumbrances);
    }
  }
}

/** Writes one licence version (see {@link insertLicenceRecords}). */
export async function insertLicenceRecord(trx: Db, record: NewLicenceRecord): Promise<void> {
  await insertLicenceRecords(trx, [record]);
}

export async function insertStatusEvent(
  trx: Db,
  row: {
    readonly identifier: string;
    readonly seq: number;
    readonly event: StatusEvent;
    readonly from: string;
    readonly to: string;
    readonly at: string;
    readonly actor: string;
    readonly requestId?: string | undefined;
  },
): Promise<void> {
  await trx
    .insertInto('licence_status_events')
    .values({
      identifier: row.identifier,
      seq: row.seq,
      type: row.event.type,
      event: JSON.stringify(row.event),
      from_status: row.from,
      to_status: row.to,
      at: row.at,
      actor: row.actor,
      request_id: row.requestId ?? null,
    })
    .execute();
}

/** Replaces the encumbrance rows of a version with the state's (mortgages and pledges, released or not). */
export async function writeEncumbrances(
  trx: Db,
  identifier: string,
  encumbrances: readonly Encumbrance[],
): Promise<void> {
  await trx.deleteFrom('licence_encumbrances').where('identifier', '=', identifier).execute();
  if (encumbrances.length === 0) return;
  await trx
    .insertInto('licence_encumbrances')
    .values(
      encumbrances.map((e) => ({
        identifier,
        encumbrance_id: e.id,
        kind: e.kind,
        creditor: e.creditor ?? null,
        start_date: e.start,
        end_date: e.end ?? null,
        released_at: e.releasedAt ?? null,
      })),
    )
    .execute();
}

/**
 * The signed licence's JSON text, exactly as signed, from a row's `packed_document`
 * (migration 0017 packs it: store/packed-json.ts).
 *
 * @example const licence = parseLicence(JSON.parse(licenceDocumentOf(row.packed_document)));
 */
export function licenceDocumentOf(packed: Uint8Array): string {
  return unpackJsonText(packed);
}

/** A row back into a record. The document was checked when it was written; it is parsed again all the same. */
export function recordOf(row: LicencesTable): LicenceRecord {
  return {
    licence: parseLicence(JSON.parse(licenceDocumentOf(row.packed_document)), { legacyHolderCode: true }),
    state: statusStateOf(row),
    origin: row.origin,
    keyId: row.key_id,
    statusListId: Number(row.status_list_id),
    statusIndex: Number(row.status_index),
    sourceKey: row.source_key,
    requestHash: row.request_hash,
    createdBy: row.created_by,
    issuedAt: row.issued_at,
    updatedAt: row.updated_at,
  };
}

/**
 * Reads one licence version by identifier, or undefined.
 *
 * @example const record = await readLicenceRecord(store.db, identifier);
 */
export async function readLicenceRecord(db: Db, identifier: string): Promise<LicenceRecord | undefined> {
  const row = await db.selectFrom('licences').selectAll().where('identifier', '=', identifier).executeTakeFirst();
  return row === undefined ? undefined : recordOf(row);
}
