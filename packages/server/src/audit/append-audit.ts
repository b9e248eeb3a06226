/**
 * Appends hash-chained audit records inside the caller's transaction.
 *
 * Chain rule: `hash = SHA-256(previous hash ‖ JCS(record))`, where JCS is the RFC 8785
 * canonical JSON of the record's fields including its `seq`, and the previous hash is the
 * `hash` of the record at `seq - 1` as 32 bytes (32 zero bytes before the first). A record
 * stores only its own hash (migration 0019 dropped the `prev_hash` column: the previous hash is
 * the row before's). Editing a record changes its hash; deleting or reordering one leaves a gap
 * in `seq` or makes the next record's hash no longer recompute from the row before it;
 * deleting the tail disagrees with the head row.
 *
 * Concurrency: every append first runs `UPDATE audit_chain_head SET seq = seq + n … RETURNING`.
 * On PostgreSQL that UPDATE takes the head row's lock (as `SELECT … FOR UPDATE` would) until
 * the caller commits or rolls back, so concurrent writers queue and each sees the hash its
 * predecessor committed (READ COMMITTED re-reads the row after the wait). On SQLite the
 * UPDATE takes the database's write lock, so writers are serialised. A rolled-back
 * transaction rolls its sequence numbers back with it: `seq` stays gap-free.
 */
import { createHash } from 'node:crypto';
import { canonicalBytes, canonicalize, isHutongError } from '@hutong/core';
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import { ServerError } from '../errors.js';
import type { Database } from '../store/database.js';
import type { SqliteStatements } from '../store/dialects/sqlite.js';
import { insertRows, insertRowsSqlite } from '../store/insert-rows.js';
import { packJson, unpackJsonText } from '../store/packed-json.js';
import { keepPrepared } from '../store/prepared-texts.js';
import type { AuditRecordsTable } from './audit.tables.js';

/** What happened to the request the record is about. */
export const AUDIT_OUTCOMES = ['success', 'refused', 'failed', 'not-found'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** The hash that precedes the first record (hex of 32 zero bytes). */
export const GENESIS_HASH = '0'.repeat(64);

/** GB/T 36906 practice and the issue: a use cause is at most 200 characters. */
export const MAX_USE_CAUSE_LENGTH = 200;

export interface AuditRecordInput {
  /** RFC 3339 UTC. */
  readonly at: string;
  /** `client:<id>` | `staff:<id>` | `system` | `anonymous`. */
  readonly actor: string;
  /** What was done: a domain event type (`licence.issued`) or an access (`licence.read`). */
  readonly action: string;
  /** Which licence (identifier), type code, key id, client id … */
  readonly target?: string | null | undefined;
  readonly useCause?: string | null | undefined;
  /** Default `success`. */
  readonly outcome?: AuditOutcome | undefined;
  readonly requestId?: string | null | undefined;
  /** JSON; personal data only as `hashPersonalData` values. Default `{}`. */
  readonly details?: unknown;
}

/** A record as the chain hashes it (and as `GET /api/v1/audit` shows it). */
export interface AuditRecord {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string | null;
  readonly useCause: string | null;
  readonly outcome: AuditOutcome;
  readonly requestId: string | null;
  readonly details: unknown;
}

export interface AppendedAudit {
  readonly seq: number;
  readonly hash: string;
}

const AUDIT_RECORD_COLUMNS = [
  'seq',
  'at',
  'actor',
  'action',
  'target',
  'use_cause',
  'outcome',
  'request_id',
  'packed_details',
  'hash',
] as const;

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** `reasonZh`: the same reason in Chinese, for the zh-CN problem (every caller states both). */
function invalid(reason: string, reasonZh: string, field: string, cause?: unknown): ServerError {
  return new ServerError('ERR_AUDIT_RECORD_INVALID', {
    field,
    params: { reason },
    zhParams: { reason: reasonZh },
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Lengths count code points, as `parseUseCause` does (a person's count, not UTF-16 units).
 * A string never has more code points than UTF-16 units, so only one longer than `max` units
 * is counted: the four texts of every record (a batch writes one per licence) are not spread
 * into arrays of characters for the garbage collector.
 */
function checkText(value: string, field: string, max: number): void {
  const length = value.length <= max ? value.length : [...value].length;
  if (length === 0 || length > max)
    throw invalid(`${field} must have 1–${max} characters`, `${field} 须为 1 至 ${max} 个字符`, field);
}

/**
 * A stored record's details, parsed (`audit_records.packed_details`, packed by migration 0017).
 *
 * @example const details = auditDetailsOf(row.packed_details);
 */
export function auditDetailsOf(packed: Uint8Array): unknown {
  return JSON.parse(unpackJsonText(packed));
}

/** The bytes the chain hashes for one record (version 1 of the rule). */
export function auditRecordBytes(record: AuditRecord): Uint8Array {
  return canonicalBytes({
    v: 1,
    seq: record.seq,
    at: record.at,
    actor: record.actor,
    action: record.action,
    target: record.target,
    useCause: record.useCause,
    outcome: record.outcome,
    requestId: record.requestId,
    details: record.details,
  });
}

/**
 * `SHA-256(previous hash ‖ JCS(record))`, hex: `prevHash` is the hash of the record at `seq - 1`.
 *
 * @example chainHash(GENESIS_HASH, record) // '9f86d081…'
 */
export function chainHash(prevHash: string, record: AuditRecord): string {
  return createHash('sha256').update(Buffer.from(prevHash, 'hex')).update(auditRecordBytes(record)).digest('hex');
}

/**
 * A record's RFC 8785 text in the two parts around its `seq` (the one member not known
 * before the chain head is locked), and its details' text. RFC 8785 §3.2.3 sorts members by
 * UTF-16 code units, and a member's text does not depend on its siblings, so
 * `beforeSeq + seq + afterSeq` is exactly the text of {@link auditRecordBytes} (tested):
 * a batch canonicalises each record once instead of three times (check, hash, pack).
 */
function canonicalParts(
  record: AuditRecord,
  details: string = canonicalize(record.details),
): { beforeSeq: string; afterSeq: string; details: string } {
  return {
    beforeSeq:
      `{"action":${canonicalize(record.action)},"actor":${canonicalize(record.actor)},"at":${canonicalize(record.at)},` +
      `"details":${details},"outcome":${canonicalize(record.outcome)},"requestId":${canonicalize(record.requestId)},"seq":`,
    afterSeq: `,"target":${canonicalize(record.target)},"useCause":${canonicalize(record.useCause)},"v":1}`,
    details,
  };
}

/** {@link canonicalParts} joined around `seq` (tests compare it with {@link auditRecordBytes}). */
export function auditRecordTextFromParts(record: AuditRecord): string {
  const { beforeSeq, afterSeq } = canonicalParts(record);
  return `${beforeSeq}${record.seq}${afterSeq}`;
}

function normalise(input: AuditRecordInput, seq: number): AuditRecord {
  if (!RFC3339_UTC.test(input.at) || Number.isNaN(Date.parse(input.at)))
    throw invalid('at must be RFC 3339 UTC', 'at 须为 RFC 3339 UTC 时间', 'at');
  checkText(input.actor, 'actor', 200);
  checkText(input.action, 'action', 100);
  if (input.target != null) checkText(input.target, 'target', 500);
  if (input.useCause != null) checkText(input.useCause, 'useCause', MAX_USE_CAUSE_LENGTH);
  if (input.requestId != null) checkText(input.requestId, 'requestId', 200);
  return {
    seq,
    at: input.at,
    actor: input.actor,
    action: input.action,
    target: input.target ?? null,
    useCause: input.useCause ?? null,
    outcome: input.outcome ?? 'success',
    requestId: input.requestId ?? null,
    details: input.details ?? {},
  };
}

/** A record's canonical text around `seq` and its packed details: everything but its seq and hash. */
interface PreparedAuditRecord {
  readonly beforeSeq: string;
  readonly afterSeq: string;
  readonly packedDetails: Uint8Array;
}

function preparedOf(record: AuditRecord, index: number): PreparedAuditRecord {
  try {
    const { beforeSeq, afterSeq, details } = canonicalParts(record);
    return { beforeSeq, afterSeq, packedDetails: packedDetails(details) };
  } catch (cause) {
    if (isHutongError(cause))
      throw invalid(
        `details are not canonical JSON (${cause.code})`,
        `details 不是规范 JSON（${cause.code}）`,
        `details[${index}]`,
        cause,
      );
    throw cause;
  }
}

/** Details texts whose packed form is kept, and the longest text kept (bounds: 256 × ~1 KiB). */
const PACKED_DETAILS_KEPT = 256;
const PACKED_DETAILS_MAX_LENGTH = 1024;
const packedDetailsKept = new Map<string, Uint8Array>();

/**
 * `packJson('audit-details', details)`, kept per details text: access records repeat a few
 * details texts (a verification's are kind, mode, verdict, failed checks and trust list
 * version — never the licence, which is the record's target), and deflating each again cost
 * ~4 % of the server's CPU under online verification (issue 5 profile: one zlib stream per
 * record). Packing is a pure function of the text, so the stored bytes are exactly those
 * `packJson` gives (the chain hashes the canonical text, not these bytes). Long texts are not
 * kept, and the map is emptied when full, so it holds at most 256 short values.
 */
export function packedDetails(details: string): Uint8Array {
  const kept = packedDetailsKept.get(details);
  if (kept !== undefined) return kept;
  const packed = packJson('audit-details', details);
  if (details.length <= PACKED_DETAILS_MAX_LENGTH) {
    if (packedDetailsKept.size >= PACKED_DETAILS_KEPT) packedDetailsKept.clear();
    packedDetailsKept.set(details, packed);
  }
  return packed;
}

/** The chain head's two statements, compiled once per dialect (keyed by its adapter's class, as insert-rows.ts does). */
const chainHeadTextsKept = new Map<unknown, { readonly advance: string; readonly setHash: string }>();

/**
 * The texts of the head's lock-and-advance (`seq = seq + ?` returning the new head, the
 * UPDATE that locks the row on both engines, migration 0005) and of its new hash. Building
 * and compiling them through Kysely for every batch cost ~3.5 % of the server's busy CPU
 * under online verify (issue 5 profile: the builder's set/where/returning and the compiler),
 * as much as the statements' execution. Parameters: `[count, 1]` and `[hash, 1]` (the head's
 * id), checked against the compiled query once so that a text never takes them in another order.
 */
function chainHeadTexts(db: Kysely<Database> | Transaction<Database>): {
  readonly advance: string;
  readonly setHash: string;
} {
  const dialect = db.getExecutor().adapter.constructor;
  let texts = chainHeadTextsKept.get(dialect);
  if (texts === undefined) {
    const advance = db
      .updateTable('audit_chain_head')
      .set((eb) => ({ seq: eb('seq', '+', 7) }))
      .where('id', '=', 1)
      .returning(['seq', 'hash'])
      .compile();
    const setHash = db.updateTable('audit_chain_head').set({ hash: 'h' }).where('id', '=', 1).compile();
    // A programming error, never a caller's input: the texts must bind exactly these, in this order.
    if (JSON.stringify(advance.parameters) !== '[7,1]' || JSON.stringify(setHash.parameters) !== '["h",1]')
      throw new Error('chainHeadTexts: the head statements do not bind [count, id] and [hash, id]');
    // Sent for every chunk of a batch: PostgreSQL keeps them prepared (store/prepared-texts.ts).
    keepPrepared(advance.sql);
    keepPrepared(setHash.sql);
    texts = { advance: advance.sql, setHash: setHash.sql };
    chainHeadTextsKept.set(dialect, texts);
  }
  return texts;
}

interface AuditDraft extends PreparedAuditRecord {
  readonly record: AuditRecord;
}

/** Validated and canonicalised before the head is locked: a bad record fails without waiting. */
function draftsOf(inputs: readonly AuditRecordInput[]): AuditDraft[] {
  return inputs.map((input, index) => {
    const record = normalise(input, 0);
    return { record, ...preparedOf(record, index) };
  });
}

/**
 * A record checked and its details canonicalised, as flat texts in a fixed order (at, actor,
 * action, target, useCause, outcome, requestId, details' RFC 8785 text): what the access-record
 * writer thread (store/access-record-writer.ts) receives for a record. Plain strings, so that
 * posting a batch to the thread copies texts, not object graphs (structured clone).
 */
export type CanonicalAuditFields = readonly [
  at: string,
  actor: string,
  action: string,
  target: string | null,
  useCause: string | null,
  outcome: AuditOutcome,
  requestId: string | null,
  details: string,
];

/** How many texts {@link CanonicalAuditFields} has per record. */
export const CANONICAL_AUDIT_FIELD_COUNT = 8;

/**
 * Checks a record and canonicalises its details (the same checks and typed errors as an
 * append in a transaction): a bad record fails here, on the caller's side, before anything is
 * sent or written.
 *
 * @example const fields = canonicalAuditFields({ at, actor: 'client:42', action: 'licence.verify', details: { kind: 'licence' } });
 */
export function canonicalAuditFields(input: AuditRecordInput): CanonicalAuditFields {
  const record = normalise(input, 0);
  let details: string;
  try {
    details = canonicalize(record.details);
  } catch (cause) {
    if (isHutongError(cause))
      throw invalid(
        `details are not canonical JSON (${cause.code})`,
        `details 不是规范 JSON（${cause.code}）`,
        'details[0]',
        cause,
      );
    throw cause;
  }
  return [
    record.at,
    record.actor,
    record.action,
    record.target,
    record.useCause,
    record.outcome,
    record.requestId,
    details,
  ];
}

/**
 * Drafts of records given as {@link CanonicalAuditFields}, flat (`fields[k * 8 + i]`), already
 * checked by {@link canonicalAuditFields}: the rest of the work (canonical text around `seq`,
 * packed details) happens here, on the writer thread.
 */
function draftsOfCanonical(fields: readonly (string | null)[]): AuditDraft[] {
  const drafts: AuditDraft[] = [];
  for (let k = 0; k + CANONICAL_AUDIT_FIELD_COUNT <= fields.length; k += CANONICAL_AUDIT_FIELD_COUNT) {
    const record: AuditRecord = {
      seq: 0,
      at: fields[k] as string,
      actor: fields[k + 1] as string,
      action: fields[k + 2] as string,
      target: fields[k + 3] ?? null,
      useCause: fields[k + 4] ?? null,
      outcome: fields[k + 5] as AuditOutcome,
      requestId: fields[k + 6] ?? null,
      details: undefined,
    };
    const details = fields[k + 7] as string;
    const { beforeSeq, afterSeq } = canonicalParts(record, details);
    drafts.push({ record, beforeSeq, afterSeq, packedDetails: packedDetails(details) });
  }
  return drafts;
}

/** A row as the chain writes it: the table's columns (audit.tables.ts), outcome and hash as made here. */
type AuditRow = Omit<AuditRecordsTable, 'outcome' | 'hash'> & { outcome: AuditOutcome; hash: Buffer };

/** The drafts chained after the locked head (`seq` of the last new record, its predecessor's hash). */
function chainedRows(
  drafts: readonly AuditDraft[],
  head: { seq: number | string | bigint; hash: string } | undefined,
): { rows: AuditRow[]; appended: AppendedAudit[]; lastHash: string } {
  if (head === undefined) throw new ServerError('ERR_AUDIT_CHAIN_HEAD_MISSING');
  // `seq` is bigint: node-postgres reads it as a string.
  const lastSeq = Number(head.seq);
  let prevHash = head.hash;
  const appended: AppendedAudit[] = [];
  const rows = drafts.map(({ record: draft, beforeSeq, afterSeq, packedDetails }, index) => {
    const record: AuditRecord = { ...draft, seq: lastSeq - drafts.length + 1 + index };
    // The record's RFC 8785 text from its parts (canonicalised once, above): what chainHash hashes.
    const hash = createHash('sha256')
      .update(Buffer.from(prevHash, 'hex'))
      .update(`${beforeSeq}${record.seq}${afterSeq}`, 'utf8')
      .digest('hex');
    const row: AuditRow = {
      seq: record.seq,
      at: record.at,
      actor: record.actor,
      action: record.action,
      target: record.target,
      use_cause: record.useCause,
      outcome: record.outcome,
      request_id: record.requestId,
      packed_details: packedDetails,
      hash: Buffer.from(hash, 'hex'),
    };
    appended.push({ seq: record.seq, hash });
    prevHash = hash;
    return row;
  });
  return { rows, appended, lastHash: prevHash };
}

/**
 * Appends records to the chain in the caller's transaction (one head lock for all of them).
 *
 * @example
 * await db.transaction().execute(async (trx) => {
 *   // … the write itself …
 *   await appendAuditRecords(trx, [{ at, actor: 'client:42', action: 'licence.issued', target: id }]);
 * });
 */
export async function appendAuditRecords(
  trx: Transaction<Database>,
  inputs: readonly AuditRecordInput[],
): Promise<AppendedAudit[]> {
  if (!trx.isTransaction)
    throw invalid('appendAudit must run inside the caller’s transaction', 'appendAudit 须在调用方的事务中运行', 'trx');
  if (inputs.length === 0) return [];
  const drafts = draftsOf(inputs);
  const texts = chainHeadTexts(trx);
  const locked = await trx.executeQuery<{ seq: number | string | bigint; hash: string }>(
    CompiledQuery.raw(texts.advance, [inputs.length, 1]),
  );
  const { rows, appended, lastHash } = chainedRows(drafts, locked.rows[0]);
  // At most 256 rows (2,560 parameters) per INSERT, texts compiled once (store/insert-rows.ts).
  await insertRows(trx, 'audit_records', AUDIT_RECORD_COLUMNS, rows, 256);
  await trx.executeQuery(CompiledQuery.raw(texts.setHash, [lastHash, 1]));
  return appended;
}

/**
 * {@link appendAuditRecords} on a SQLite store's writer connection, synchronously, inside the
 * transaction of a group-commit batch (store/group-commit.ts, `SqliteWriter.transact`: a
 * process without the access-record writer thread, e.g. a cluster worker): the same
 * statements and rows, without a promise per statement. `db` only compiles the texts.
 *
 * @example sqliteWriterFor(db)?.transact((s) => appendAuditRecordsSqlite(s, db, records), { relaxed: true });
 */
export function appendAuditRecordsSqlite(
  statements: SqliteStatements,
  db: Kysely<Database>,
  inputs: readonly AuditRecordInput[],
): AppendedAudit[] {
  if (inputs.length === 0) return [];
  return appendDraftsSqlite(statements, db, draftsOf(inputs));
}

/**
 * Records given as flat {@link CanonicalAuditFields} (checked by {@link canonicalAuditFields})
 * appended on a SQLite connection inside its open write transaction: the access-record writer
 * thread's batch (store/access-record-thread.ts). The same head lock, rows and hashes as
 * {@link appendAuditRecordsSqlite}; `db` only compiles the texts.
 */
export function appendCanonicalAuditRecordsSqlite(
  statements: SqliteStatements,
  db: Kysely<Database>,
  fields: readonly (string | null)[],
): AppendedAudit[] {
  const drafts = draftsOfCanonical(fields);
  if (drafts.length === 0) return [];
  return appendDraftsSqlite(statements, db, drafts);
}

/** The chain head locked and advanced, the rows inserted, the new head's hash set: one batch's statements on SQLite. */
function appendDraftsSqlite(
  statements: SqliteStatements,
  db: Kysely<Database>,
  drafts: readonly AuditDraft[],
): AppendedAudit[] {
  const texts = chainHeadTexts(db);
  const head = statements.prepare(texts.advance).get(drafts.length, 1) as
    | { seq: number | bigint; hash: string }
    | undefined;
  const { rows, appended, lastHash } = chainedRows(drafts, head);
  insertRowsSqlite(statements, db, 'audit_records', AUDIT_RECORD_COLUMNS, rows, 256);
  statements.prepare(texts.setHash).run(lastHash, 1);
  return appended;
}

/**
 * Appends one record in the caller's transaction.
 *
 * @example await appendAudit(trx, { at: now.toISOString(), actor: 'staff:7', action: 'client.registered', target: clientId });
 */
export async function appendAudit(trx: Transaction<Database>, input: AuditRecordInput): Promise<AppendedAudit> {
  const [appended] = await appendAuditRecords(trx, [input]);
  if (appended === undefined) throw new ServerError('ERR_AUDIT_CHAIN_HEAD_MISSING');
  return appended;
}
