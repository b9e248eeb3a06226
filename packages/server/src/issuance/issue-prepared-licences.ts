import { type Licence, type LicenceStatusState, parseLicence, type SigningKey, signLicence } from '@hutong/core';
import type { Transaction } from 'kysely';
import { isServerError, type LocalizedError, ServerError } from '../errors.js';
import { isPooledSigningKey } from '../import/signing-pool.js';
import { holderIndex } from '../library/holder-index.js';
import type { LicenceOrigin } from '../library/library.tables.js';
import { insertLicenceRecords, licenceDocumentOf, type NewLicenceRecord } from '../library/licence-records.js';
import type { LicenceWriteContext } from '../library/licence-write-context.js';
import { isUniqueViolation } from '../library/unique-violation.js';
import { allocateStatusSlots } from '../status/allocate-status-slots.js';
import type { Database } from '../store/database.js';
import { allocateSerials, formatSerial } from './allocate-serials.js';
import { issuedEvent } from './issued-event.js';
import { assembleLicence, type PreparedLicence } from './prepare-licence.js';

/** One licence to issue: checked content, the key to sign with, and how a retry is recognised. */
export interface IssuanceItem {
  readonly prepared: PreparedLicence;
  readonly key: SigningKey;
  /** SHA-256 of the item's request (see `requestHash`): a retry must match it. */
  readonly requestHash: string;
  /** The department's own record key (unique per issuer). */
  readonly sourceKey?: string | undefined;
  /** A per-client idempotency key for this item (`Idempotency-Key`, or `<key>#<n>` in a batch). */
  readonly idempotency?: { readonly principal: string; readonly key: string } | undefined;
  readonly origin?: LicenceOrigin;
}

export type IssuanceOutcome =
  | {
      readonly status: 'issued';
      readonly licence: Licence;
      /** The UTF-8 of `licenceAnswerText(licence)` when a signing thread made it (the batch route answers with it). */
      readonly answerText?: Uint8Array | undefined;
    }
  | { readonly status: 'existing'; readonly licence: Licence }
  | { readonly status: 'rejected'; readonly error: LocalizedError };

/**
 * Items per transaction: big enough to amortise the commit (an fsync on SQLite), small enough to
 * retry. A multiple of the row limits of the chunk's multi-row INSERTs (128 licences and status
 * events, 256 audit records, log entries and salts per statement; store/insert-rows.ts cuts the
 * rest into powers of two): a chunk of 256 takes 7 INSERTs where one of 250 took 30 (250 =
 * 128 + 64 + 32 + 16 + 8 + 2 in each of 5 tables), each a round trip to PostgreSQL with its
 * own parse and plan. SM2 batches of 1,000 over HTTP on PostgreSQL, 250 vs 256 alternating
 * in one process, 12 batches each, medians, twice (load 6): main thread 207 → 188 and 190 →
 * 179 ms CPU per batch, PostgreSQL backends 108 → 99 and 104 → 96 ms; SQLite unchanged
 * (195 vs 199 ms main thread).
 */
export const ISSUANCE_CHUNK = 256;

function isLocalized(error: unknown): error is LocalizedError {
  return (
    isServerError(error) ||
    (error instanceof Error && typeof (error as { localize?: unknown }).localize === 'function' && 'code' in error)
  );
}

/**
 * Looks for an earlier issuance of the same request: by idempotency key, then by source
 * key. Same request → the licence issued then; same key, other request → a conflict.
 */
async function findEarlier(wctx: LicenceWriteContext, item: IssuanceItem): Promise<IssuanceOutcome | undefined> {
  const db = wctx.db;
  if (item.idempotency !== undefined) {
    const record = await db
      .selectFrom('idempotency_records')
      .select(['request_hash', 'response'])
      .where('principal', '=', item.idempotency.principal)
      .where('idempotency_key', '=', item.idempotency.key)
      .executeTakeFirst();
    if (record !== undefined) {
      if (record.request_hash !== item.requestHash) {
        return {
          status: 'rejected',
          error: new ServerError('ERR_ISSUANCE_IDEMPOTENCY_CONFLICT', {
            field: 'Idempotency-Key',
            params: { key: item.idempotency.key.slice(0, 128) },
          }),
        };
      }
      const { identifier } = JSON.parse(record.response) as { identifier: string };
      const row = await db
        .selectFrom('licences')
        .select('packed_document')
        .where('identifier', '=', identifier)
        .executeTakeFirst();
      if (row !== undefined)
        return {
          status: 'existing',
          licence: parseLicence(JSON.parse(licenceDocumentOf(row.packed_document)), { legacyHolderCode: true }),
        };
    }
  }
  if (item.sourceKey !== undefined) {
    const row = await db
      .selectFrom('licences')
      .select(['packed_document', 'request_hash'])
      .where('issuer_code', '=', item.prepared.issuer.code)
      .where('source_key', '=', item.sourceKey)
      .executeTakeFirst();
    if (row !== undefined) {
      if (row.request_hash !== item.requestHash) {
        return {
          status: 'rejected',
          error: new ServerError('ERR_ISSUANCE_IDEMPOTENCY_CONFLICT', {
            field: 'sourceKey',
            params: { key: item.sourceKey.slice(0, 128) },
          }),
        };
      }
      return {
        status: 'existing',
        licence: parseLicence(JSON.parse(licenceDocumentOf(row.packed_document)), { legacyHolderCode: true }),
      };
    }
  }
  return undefined;
}

/** Keys per `IN (…)` list: far under both engines' bound-parameter limits. */
const KEYS_PER_QUERY = 500;

function chunksOf<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < list.length; start += size) out.push(list.slice(start, start + size));
  return out;
}

/**
 * {@link findEarlier} for many items at once, with the same answers: a few queries per
 * {@link KEYS_PER_QUERY} items (idempotency records per principal, the licences they name,
 * licences by source key per issuer) instead of one or two per item. An import batch or a
 * retried HTTP batch asks this for every item.
 */
async function findEarlierMany(
  wctx: LicenceWriteContext,
  items: readonly IssuanceItem[],
): Promise<Array<IssuanceOutcome | undefined>> {
  const db = wctx.db;
  const outcomes: Array<IssuanceOutcome | undefined> = new Array(items.length);
  const parse = (packed: Uint8Array) => parseLicence(JSON.parse(licenceDocumentOf(packed)), { legacyHolderCode: true });

  // 1. Idempotency keys, per principal.
  const byPrincipal = new Map<string, number[]>();
  items.forEach((item, i) => {
    if (item.idempotency === undefined) return;
    const list = byPrincipal.get(item.idempotency.principal) ?? [];
    list.push(i);
    byPrincipal.set(item.idempotency.principal, list);
  });
  const recordOf = new Map<number, { request_hash: string; response: string }>();
  for (const [principal, positions] of byPrincipal) {
    for (const part of chunksOf(positions, KEYS_PER_QUERY)) {
      const keys = part.map((i) => items[i]?.idempotency?.key ?? '');
      const rows = await db
        .selectFrom('idempotency_records')
        .select(['idempotency_key', 'request_hash', 'response'])
        .where('principal', '=', principal)
        .where('idempotency_key', 'in', keys)
        .execute();
      const found = new Map(rows.map((row) => [row.idempotency_key, row]));
      for (const i of part) {
        const row = found.get(items[i]?.idempotency?.key ?? '');
        if (row !== undefined) recordOf.set(i, row);
      }
    }
  }
  const named = new Map<number, string>();
  for (const [i, record] of recordOf) {
    const item = items[i] as IssuanceItem;
    if (record.request_hash !== item.requestHash) {
      outcomes[i] = {
        status: 'rejected',
        error: new ServerError('ERR_ISSUANCE_IDEMPOTENCY_CONFLICT', {
          field: 'Idempotency-Key',
          params: { key: (item.idempotency?.key ?? '').slice(0, 128) },
        }),
      };
    } else {
      named.set(i, (JSON.parse(record.response) as { identifier: string }).identifier);
    }
  }
  const documents = new Map<string, Uint8Array>();
  for (const part of chunksOf([...new Set(named.values())], KEYS_PER_QUERY)) {
    const rows = await db
      .selectFrom('licences')
      .select(['identifier', 'packed_document'])
      .where('identifier', 'in', part)
      .execute();
    for (const row of rows) documents.set(row.identifier, row.packed_document);
  }
  for (const [i, identifier] of named) {
    const document = documents.get(identifier);
    if (document !== undefined) outcomes[i] = { status: 'existing', licence: parse(document) };
  }

  // 2. Source keys, per issuer, for the items not answered yet.
  const byIssuer = new Map<string, number[]>();
  items.forEach((item, i) => {
    if (outcomes[i] !== undefined || item.sourceKey === undefined) return;
    const list = byIssuer.get(item.prepared.issuer.code) ?? [];
    list.push(i);
    byIssuer.set(item.prepared.issuer.code, list);
  });
  for (const [issuerCode, positions] of byIssuer) {
    for (const part of chunksOf(positions, KEYS_PER_QUERY)) {
      const rows = await db
        .selectFrom('licences')
        .select(['source_key', 'packed_document', 'request_hash'])
        .where('issuer_code', '=', issuerCode)
        .where(
          'source_key',
          'in',
          part.map((i) => items[i]?.sourceKey ?? ''),
        )
        .execute();
      const found = new Map(rows.map((row) => [row.source_key, row]));
      for (const i of part) {
        const item = items[i] as IssuanceItem;
        const row = found.get(item.sourceKey ?? '');
        if (row === undefined) continue;
        outcomes[i] =
          row.request_hash === item.requestHash
            ? { status: 'existing', licence: parse(row.packed_document) }
            : {
                status: 'rejected',
                error: new ServerError('ERR_ISSUANCE_IDEMPOTENCY_CONFLICT', {
                  field: 'sourceKey',
                  params: { key: (item.sourceKey ?? '').slice(0, 128) },
                }),
              };
      }
    }
  }
  return outcomes;
}

/** What a chunk's transaction did with each item: signed and stored, or refused by core's checks. */
type ChunkResult =
  | {
      readonly licence: Licence;
      readonly packedDocument?: Uint8Array | undefined;
      readonly documentDigest?: Uint8Array | undefined;
      readonly answerText?: Uint8Array | undefined;
    }
  | { readonly error: LocalizedError };

/** The serial and status-list entry an item's licence carries. */
interface Numbers {
  readonly serial: string;
  readonly slot: { readonly listId: number; readonly index: number };
}

/**
 * Allocates serials (GB/T 36904, never twice) and status-list entries for `items`, in the
 * caller's transaction: per issuer, in a fixed order (no lock-order deadlocks between
 * concurrent batches).
 */
async function allocateNumbers(
  trx: Transaction<Database>,
  items: readonly IssuanceItem[],
  now: Date,
): Promise<Numbers[]> {
  const at = now.toISOString();
  const year = String(new Date(now.getTime() + 8 * 3_600_000).getUTCFullYear());
  const byIssuer = new Map<string, number[]>();
  items.forEach((item, i) => {
    const list = byIssuer.get(item.prepared.issuer.code) ?? [];
    list.push(i);
    byIssuer.set(item.prepared.issuer.code, list);
  });
  const numbers: Numbers[] = new Array(items.length);
  for (const issuerCode of [...byIssuer.keys()].sort()) {
    const positions = byIssuer.get(issuerCode) ?? [];
    const counters = await allocateSerials(trx, issuerCode, positions.length);
    const allocated = await allocateStatusSlots(trx, issuerCode, positions.length, at);
    positions.forEach((position, k) => {
      numbers[position] = {
        serial: formatSerial(counters[k] ?? 0, year),
        slot: allocated[k] ?? { listId: 0, index: 0 },
      };
    });
  }
  return numbers;
}

/**
 * Signs a chunk: all of its licences are asked for at once (a pooled key sends them to the
 * signing threads as one message per thread, and core's checks, RFC 8785 bytes and
 * signature all run there). signLicence checks each licence with core's parser first; an
 * item it refuses is answered alone, the others go on.
 */
async function signChunk(
  wctx: LicenceWriteContext,
  items: readonly IssuanceItem[],
  numbers: readonly Numbers[],
  now: Date,
): Promise<ChunkResult[]> {
  const signed = await Promise.allSettled(
    items.map((item, i) => {
      const { serial, slot } = numbers[i] as Numbers;
      const unsigned = assembleLicence(item.prepared, serial, {
        uri: wctx.statusListUri(item.prepared.issuer.code, slot.listId),
        index: slot.index,
      });
      // A pooled key checks, canonicalises, signs and packs (for the store) the whole licence on its
      // thread. The issue event's side records (holder index, audit record, log entry) are made in
      // the transaction on the main thread (storeChunk): made on the signing threads, they cost the
      // process more CPU in all (session 8 A/B, issue 3), and every core-millisecond there is one
      // the signatures do not get.
      return isPooledSigningKey(item.key)
        ? item.key.signPackedLicence(unsigned, { created: now, legacyHolderCode: true })
        : signLicence(unsigned, item.key, { created: now, legacyHolderCode: true }).then((licence) => ({ licence }));
    }),
  );
  return signed.map((result) => {
    if (result.status === 'fulfilled') return result.value;
    if (isLocalized(result.reason)) return { error: result.reason };
    throw result.reason;
  });
}

/** Stores a chunk's signed licences in the caller's transaction: rows, idempotency records, side records. */
async function storeChunk(
  wctx: LicenceWriteContext,
  trx: Transaction<Database>,
  items: readonly IssuanceItem[],
  numbers: readonly Numbers[],
  results: readonly ChunkResult[],
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  const records: NewLicenceRecord[] = [];
  const written: Array<{
    item: IssuanceItem;
    licence: Licence;
    slot: { listId: number; index: number };
    index: string;
  }> = [];
  for (const [i, item] of items.entries()) {
    const result = results[i];
    if (result === undefined || !('licence' in result)) continue;
    const licence = result.licence;
    const { slot } = numbers[i] as Numbers;
    const m = licence.metadata;
    const state: LicenceStatusState = {
      status: 'valid',
      ...(m.certificateExpiringDate === undefined ? {} : { expiringDate: m.certificateExpiringDate }),
      encumbrances: [],
    };
    const index = holderIndex(wctx.holderIndexKey, m.certificateHolderTypeCode, m.certificateHolderCode);
    records.push({
      licence,
      packedDocument: result.packedDocument,
      documentDigest: result.documentDigest,
      state,
      holderIndex: index,
      origin: item.origin ?? 'issued',
      statusListId: slot.listId,
      statusIndex: slot.index,
      sourceKey: item.sourceKey,
      requestHash: item.requestHash,
      actor: wctx.actor,
      requestId: wctx.requestId,
      at,
      event: {
        type: 'issue',
        ...(m.certificateExpiringDate === undefined ? {} : { expiringDate: m.certificateExpiringDate }),
      },
      from: 'none',
    });
    written.push({ item, licence, slot, index });
  }
  await insertLicenceRecords(trx, records);
  const idempotent = written.filter(({ item }) => item.idempotency !== undefined);
  if (idempotent.length > 0) {
    await trx
      .insertInto('idempotency_records')
      .values(
        idempotent.map(({ item, licence }) => ({
          principal: item.idempotency?.principal ?? '',
          idempotency_key: item.idempotency?.key ?? '',
          operation: 'issue',
          request_hash: item.requestHash,
          response: JSON.stringify({ identifier: licence.metadata.certificateIdentifier }),
          created_at: at,
        })),
      )
      .execute();
  }
  // The chunk's side records in one go: one audit record for the chunk (listing its licences,
  // write-path-budget.md proposal 1), one log sequencing, one outbox insert.
  await wctx.recordChunkEvents(
    trx,
    written.map(({ item, licence, slot, index }) =>
      issuedEvent(licence, {
        actor: wctx.actor,
        requestId: wctx.requestId,
        at,
        origin: item.origin ?? 'issued',
        keyId: item.key.keyId,
        slot,
        holder: index,
      }),
    ),
  );
}

/** Writes one chunk in one transaction: serials, status slots, signatures, rows, side records. */
async function writeChunk(wctx: LicenceWriteContext, items: readonly IssuanceItem[]): Promise<ChunkResult[]> {
  const now = wctx.now();
  return wctx.db.transaction().execute(async (trx: Transaction<Database>) => {
    const numbers = await allocateNumbers(trx, items, now);
    const results = await signChunk(wctx, items, numbers, now);
    await storeChunk(wctx, trx, items, numbers, results, now);
    return results;
  });
}

/**
 * The answer for an item whose own transaction failed: a unique violation is a concurrent
 * retry of the same request (its licence is the answer), a localised error the item's
 * refusal; anything else is not the item's fault and is thrown.
 */
async function outcomeOfFailure(
  wctx: LicenceWriteContext,
  item: IssuanceItem,
  error: unknown,
): Promise<IssuanceOutcome> {
  const earlier = isUniqueViolation(error) ? await findEarlier(wctx, item) : undefined;
  if (earlier !== undefined) return earlier;
  if (isLocalized(error)) return { status: 'rejected', error };
  throw error;
}

function outcomeOf(result: ChunkResult | undefined): IssuanceOutcome {
  if (result === undefined) throw new Error('a chunk item got no result');
  return 'licence' in result
    ? { status: 'issued', licence: result.licence, answerText: result.answerText }
    : { status: 'rejected', error: result.error };
}

export interface IssuePreparedOptions {
  /**
   * More items to issue after `items`, made by the caller once the first chunks are on their
   * way to the signing threads (see {@link issuePipelined}); their outcomes follow those of
   * `items`, in order. Without it, `items` are all there is.
   */
  readonly more?: (() => Promise<readonly IssuanceItem[]>) | undefined;
}

/**
 * Answers the retries among `items[from…]` (an earlier issuance of the same request: its
 * outcome is set) and returns the positions of the others, the ones to issue.
 */
async function pendingOf(
  wctx: LicenceWriteContext,
  items: readonly IssuanceItem[],
  outcomes: Array<IssuanceOutcome | undefined>,
  from: number,
): Promise<number[]> {
  const pending: number[] = [];
  const earlierOnes = await findEarlierMany(wctx, from === 0 ? items : items.slice(from));
  for (const [i, earlier] of earlierOnes.entries()) {
    if (earlier !== undefined) outcomes[from + i] = earlier;
    else pending.push(from + i);
  }
  return pending;
}

/**
 * Issues checked licences: recognises retries (idempotency key, source key), then per
 * chunk of {@link ISSUANCE_CHUNK} one transaction that allocates serials (GB/T 36904,
 * never twice) and status-list entries, signs, stores each licence with its issue event,
 * and records the side records (`recordEvent`). A chunk that fails is retried item by
 * item, so one bad item never takes its neighbours down; a crash leaves whole chunks or
 * nothing. Outcomes come back in input order.
 *
 * More than one chunk goes through {@link issuePipelined}: signing overlaps storing. So do
 * `items` with `options.more`: the caller's further items, asked for once the first chunk is
 * with the signing threads (issueInputs checks a batch's items after its first chunk then).
 *
 * @example const [outcome] = await issuePreparedLicences(wctx, [{ prepared, key, requestHash }]);
 */
export async function issuePreparedLicences(
  wctx: LicenceWriteContext,
  items: readonly IssuanceItem[],
  options: IssuePreparedOptions = {},
): Promise<IssuanceOutcome[]> {
  const all: IssuanceItem[] = [...items];
  const outcomes: Array<IssuanceOutcome | undefined> = new Array(items.length);
  const pending = await pendingOf(wctx, all, outcomes, 0);
  const { more } = options;
  if (pending.length > ISSUANCE_CHUNK || more !== undefined) {
    // The rest's items join `all` (and their outcomes `outcomes`) once `more` has made them.
    const rest =
      more === undefined
        ? undefined
        : async (): Promise<number[]> => {
            const from = all.length;
            all.push(...(await more()));
            outcomes.length = all.length;
            return pendingOf(wctx, all, outcomes, from);
          };
    await issuePipelined(wctx, all, pending, outcomes, rest);
    return outcomes.map((outcome) => {
      if (outcome === undefined) throw new Error('an issuance item got no outcome');
      return outcome;
    });
  }
  for (let start = 0; start < pending.length; start += ISSUANCE_CHUNK) {
    const positions = pending.slice(start, start + ISSUANCE_CHUNK);
    try {
      const results = await writeChunk(
        wctx,
        positions.map((i) => items[i] as IssuanceItem),
      );
      positions.forEach((position, k) => {
        outcomes[position] = outcomeOf(results[k]);
      });
      continue;
    } catch (error) {
      if (positions.length === 1 && !isUniqueViolation(error)) throw error;
      if (positions.length === 1) {
        // A concurrent retry of the same request won the race: answer with its licence.
        const item = items[positions[0] as number] as IssuanceItem;
        const earlier = await findEarlier(wctx, item);
        if (earlier === undefined) throw error;
        outcomes[positions[0] as number] = earlier;
        continue;
      }
    }
    for (const position of positions) {
      const item = items[position] as IssuanceItem;
      try {
        const [result] = await writeChunk(wctx, [item]);
        outcomes[position] = outcomeOf(result);
      } catch (error) {
        outcomes[position] = await outcomeOfFailure(wctx, item, error);
      }
    }
  }
  return outcomes.map((outcome) => {
    if (outcome === undefined) throw new Error('an issuance item got no outcome');
    return outcome;
  });
}

/**
 * The chunk sizes of a pipelined run of `count` items, in order (sum `count`): chunks of
 * {@link ISSUANCE_CHUNK}, the last taking what is left.
 *
 * Not shrinking towards the end: b957b73 ended with … 256, 192, 128, 64 (six transactions per
 * 1,000 instead of four) so that little was left to store after the last signature. That tail
 * did shrink (last signature -> answer, load 11-12: SQLite 110 -> 31 ms, PostgreSQL 123 ->
 * 52 ms), but whole batches got slower: SM2 1,000-licence batches over HTTP (inject),
 * alternating in one process with this function as it is now, 10 batches each, medians, load
 * 7-10: SQLite 832 vs 724 and 1,539 vs 1,035 ms, PostgreSQL 1,438 vs 1,183 ms. Each chunk's
 * commit waits for the one before to be durable (one WAL, fsyncs in a row) and costs the main
 * thread its own statements, and since the signing threads share every chunk (be792ae) the
 * threads end a chunk together, so the last one's store is the only tail left.
 *
 * @example pipelineChunkSizes(1000) // [256, 256, 256, 232]
 */
export function pipelineChunkSizes(count: number): number[] {
  const sizes: number[] = [];
  for (let start = 0; start < count; start += ISSUANCE_CHUNK) sizes.push(Math.min(ISSUANCE_CHUNK, count - start));
  return sizes;
}

/**
 * Several chunks, with signing and storing overlapped (issue 3, "Use both cores"): the
 * serials and status-list entries of every item are allocated first, in one short
 * transaction, so that any chunk's licences can be assembled and signed before it is
 * stored; then every chunk ({@link pipelineChunkSizes}) is handed to the signing threads, as
 * soon as that transaction has its numbers (its commit runs meanwhile, and no chunk is stored
 * before it is done), and each is stored on the main
 * thread (one transaction per chunk: rows, idempotency records, side records) as soon as its
 * signatures are back and the chunk before has written, so later chunks sign while earlier
 * ones are stored.
 *
 * What a crash leaves: whole stored chunks, and serials and status-list entries allocated
 * for chunks that were not stored. Those are gaps, as a rolled-back transaction leaves in
 * the serial counter (`allocateSerials`): an unused status-list entry reads 0 (VALID) and
 * no licence points at it, so it says nothing about anyone, and no half-written licence,
 * status event or audit record exists (each chunk is one transaction).
 * A chunk whose transaction fails is stored again item by item with the same signed
 * licences (a unique violation there is a concurrent retry: its licence is the answer).
 *
 * Each chunk's transaction also runs while the chunk before waits for its commit to be
 * durable (SQLite: the WAL fsync, `WalSync`), and every outcome is set only once its chunk
 * is: nothing is answered before it is on disk, as before.
 *
 * With `rest` (a batch whose items after its first chunk the caller checks only once that
 * chunk is on its way: issueInputs), the items come in two parts, each numbered in its own
 * short transaction: the first part's chunks go to the threads as soon as its numbers are
 * known, then `rest` is asked for its items (checked on the main thread while the threads
 * sign), and their chunks follow as soon as their numbers are known. Chunks are stored in
 * order, the rest's after the first part's, each once its part's numbers are committed.
 */
async function issuePipelined(
  wctx: LicenceWriteContext,
  items: readonly IssuanceItem[],
  pending: readonly number[],
  outcomes: Array<IssuanceOutcome | undefined>,
  rest?: () => Promise<number[]>,
): Promise<void> {
  const now = wctx.now();
  /** A part's items to issue (their positions in `items` and `outcomes`), numbers and allocating transaction. */
  interface Part {
    readonly positions: readonly number[];
    readonly all: readonly IssuanceItem[];
    readonly numbers: readonly Numbers[];
    readonly allocated: Promise<unknown>;
  }
  interface Chunk {
    readonly part: Part;
    readonly start: number;
    readonly end: number;
  }
  /**
   * Allocates a part's numbers. They are known once the allocating transaction has run its
   * statements, and the signatures need nothing more: they start then, while its COMMIT (on
   * SQLite, its WAL fsync) is under way, instead of after it. Nothing of the part is stored
   * before that commit is done (awaited before its first chunk's transaction); a commit that
   * fails leaves signatures no one stores.
   */
  const allocations: Array<Promise<unknown>> = [];
  const allocatePart = async (positions: readonly number[]): Promise<Part> => {
    const all = positions.map((i) => items[i] as IssuanceItem);
    let numbersKnown: (numbers: Numbers[]) => void = () => {};
    const known = new Promise<Numbers[]>((resolve) => {
      numbersKnown = resolve;
    });
    const allocated = wctx.db.transaction().execute(async (trx) => {
      const numbers = await allocateNumbers(trx, all, now);
      numbersKnown(numbers);
      return numbers;
    });
    // Awaited before the part is stored; marked handled for a failure while the signings are dispatched.
    allocated.catch(() => {});
    allocations.push(allocated);
    const numbers = await Promise.race([known, allocated]);
    return { positions, all, numbers, allocated };
  };
  const sign = ({ part, start, end }: Chunk) => {
    const signing = signChunk(wctx, part.all.slice(start, end), part.numbers.slice(start, end), now);
    // Awaited in its turn; marked handled so that a failure while an earlier chunk is stored
    // is not reported as unhandled.
    signing.catch(() => {});
    return signing;
  };
  /**
   * A chunk's transaction, then, if it failed, its items one by one: one bad item never takes
   * its neighbours down. `written` resolves once the chunk's transaction has done its work
   * (its COMMIT comes next); `done` once the chunk is stored and durable (its WAL fsync on
   * SQLite), or failed.
   */
  const store = ({ part, start, end }: Chunk, results: readonly ChunkResult[]) => {
    const chunkItems = part.all.slice(start, end);
    const chunkNumbers = part.numbers.slice(start, end);
    const positions = part.positions.slice(start, end);
    let wrote = () => {};
    const written = new Promise<void>((resolve) => {
      wrote = resolve;
    });
    const done = (async () => {
      try {
        await wctx.db.transaction().execute(async (trx) => {
          await storeChunk(wctx, trx, chunkItems, chunkNumbers, results, now);
          wrote();
        });
        positions.forEach((position, j) => {
          outcomes[position] = outcomeOf(results[j]);
        });
        return;
      } catch {
        // Retried item by item below.
      }
      for (const [j, position] of positions.entries()) {
        const item = chunkItems[j] as IssuanceItem;
        const result = results[j];
        if (result === undefined || !('licence' in result)) {
          outcomes[position] = outcomeOf(result);
          continue;
        }
        try {
          await wctx.db
            .transaction()
            .execute((trx) => storeChunk(wctx, trx, [item], [chunkNumbers[j] as Numbers], [result], now));
          outcomes[position] = outcomeOf(result);
        } catch (error) {
          outcomes[position] = await outcomeOfFailure(wctx, item, error);
        }
      }
    })();
    // Awaited in its turn; marked handled so that a failure while another chunk is awaited is not reported as unhandled.
    done.catch(() => {});
    return { written, done };
  };
  // Every chunk goes to the signing threads as soon as its part has numbers, each in its own
  // turn of the event loop (the pool sends what one turn queued as one message per thread,
  // answered once all of it is signed), so chunk k comes back as soon as its own signatures are
  // made. The threads used to get chunk k+1 only once chunk k had come back and begun to be
  // stored, and then sat idle whenever a store took longer than a signing: on PostgreSQL, whose
  // round trips wait for the server process to be scheduled on the cores the signatures share,
  // every chunk's. SM2 batches of 1,000 over HTTP (inject) on PostgreSQL, alternating in one
  // process, medians, load 4-6 (wall clock, so repeated): 752 -> 723, 824 -> 803, 780 -> 739,
  // 784 -> 711 ms per batch, CPU unchanged (main thread 190-200 ms, PostgreSQL backends
  // ~99 ms); SQLite 697 vs 698 ms.
  const chunks: Chunk[] = [];
  const signings: Array<Promise<ChunkResult[]>> = [];
  let turn: Promise<void> = Promise.resolve();
  const dispatch = (part: Part) => {
    let start = 0;
    for (const size of pipelineChunkSizes(part.all.length)) {
      const chunk: Chunk = { part, start, end: start + size };
      start += size;
      const signing = turn.then(() => sign(chunk));
      // Awaited in its turn; marked handled (as `sign` does) for a failure meanwhile.
      signing.catch(() => {});
      chunks.push(chunk);
      signings.push(signing);
      turn = turn.then(() => new Promise<void>((resolve) => setImmediate(resolve)));
    }
  };
  if (pending.length > 0) dispatch(await allocatePart(pending));
  // The rest (issueInputs: the batch's items after its first chunk) is checked while the
  // threads sign the first part: it is asked for once that part's first chunk has left (the
  // turn after its dispatch), and its own numbers and chunks follow.
  let restDispatched: Promise<void> = Promise.resolve();
  if (rest !== undefined) {
    restDispatched = turn.then(async () => {
      const positions = await rest();
      if (positions.length > 0) dispatch(await allocatePart(positions));
    });
    restDispatched.catch(() => {});
  }
  // The chunk before, until it is durable; this chunk.
  let storing: Promise<void> = Promise.resolve();
  let stored: Promise<void> = Promise.resolve();
  try {
    for (let k = 0; ; k++) {
      if (k === chunks.length) {
        await restDispatched;
        if (k === chunks.length) break;
      }
      const chunk = chunks[k] as Chunk;
      await chunk.part.allocated;
      const results = await (signings[k] as Promise<ChunkResult[]>);
      const { written, done } = store(chunk, results);
      stored = done;
      // The next chunk's transaction starts once this one's has written (the connection is
      // handed on at its COMMIT: store/dialects/sqlite.ts releases it before the WAL fsync), not
      // once its fsync has ended: the writer thread used to store nothing during every chunk's
      // fsync. A chunk whose transaction failed is first retried item by item, so chunks are
      // stored in order and nothing after an item that throws is stored. At most two chunks are
      // in flight; a chunk's outcomes are set only once it is durable.
      await Promise.race([written, done]);
      await storing;
      storing = done;
    }
    await storing;
  } catch (error) {
    // Nothing left running behind the caller's back: the chunks in flight end first (committed or not).
    await Promise.allSettled([restDispatched, ...allocations, storing, stored, ...signings]);
    throw error;
  }
}
