/**
 * Re-computes the audit chain from the first record to the head (`hutong audit verify`).
 * Reads in pages by `seq`, so memory stays flat however long the chain is.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { AUDIT_OUTCOMES, type AuditOutcome, auditDetailsOf, chainHash, GENESIS_HASH } from './append-audit.js';
import { chunkAuditMembers } from './append-chunk-audit.js';

/** Why the chain is broken at a record. */
export const AUDIT_BREAKS = [
  /** A record is missing (deleted) or the sequence was renumbered. */
  'sequence-gap',
  /** The record does not name its predecessor's hash (a record before it was deleted, replaced or moved). */
  'prev-hash-mismatch',
  /** The record's content does not hash to its stored hash (it was edited). */
  'hash-mismatch',
  /** The stored details or outcome are not what an append writes. */
  'record-unreadable',
  /** The head row disagrees with the last record (records were deleted from the end). */
  'head-mismatch',
  /** The head row is gone. */
  'head-missing',
  /**
   * The `audit_licences` rows of a chunk record are not exactly the licences its details list
   * (a row was inserted, deleted or edited; migration 0030), or a row names no chunk record.
   */
  'licence-index-mismatch',
] as const;
export type AuditBreak = (typeof AUDIT_BREAKS)[number];

export type AuditChainVerdict =
  | { readonly ok: true; readonly count: number; readonly headHash: string }
  | { readonly ok: false; readonly seq: number; readonly reason: AuditBreak };

const PAGE = 1000;

function isOutcome(value: string): value is AuditOutcome {
  return (AUDIT_OUTCOMES as readonly string[]).includes(value);
}

/**
 * Verifies the whole chain: gap-free `seq` from 1, each hash recomputed from the previous
 * record's hash and equal to the stored one, the head row equal to the last record, and the
 * `audit_licences` rows of every chunk record (audit/append-chunk-audit.ts) exactly the
 * licences its chained details list, with no row naming any other record: the chain covers
 * the narrow table through the lists. Answers the first broken record. (Since migration 0019 a record no longer stores its
 * previous hash apart, so an edited record shows as `hash-mismatch` at that record or the
 * next one; `prev-hash-mismatch` is no longer given.)
 *
 * @example
 * const verdict = await verifyAuditChain(store.db);
 * if (!verdict.ok) console.error(`audit chain broken at ${verdict.seq}: ${verdict.reason}`);
 */
export async function verifyAuditChain(db: Kysely<Database>): Promise<AuditChainVerdict> {
  const head = await db.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (head === undefined) return { ok: false, seq: 0, reason: 'head-missing' };
  // A store before migration 0030 has no narrow table: then no record may be a chunk record (a
  // table dropped later is caught too: its chunk records' licences are found nowhere).
  const narrow = (await db.introspection.getTables()).some((table) => table.name === 'audit_licences');
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (;;) {
    const rows = await db
      .selectFrom('audit_records')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(PAGE)
      .execute();
    const pageStart = expectedSeq;
    // The licences each chunk record of the page lists, by seq.
    const lists = new Map<number, string[]>();
    let broken: { seq: number; reason: AuditBreak } | undefined;
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) {
        broken = { seq: expectedSeq, reason: 'sequence-gap' };
        break;
      }
      let details: unknown;
      try {
        details = auditDetailsOf(row.packed_details);
      } catch {
        broken = { seq, reason: 'record-unreadable' };
        break;
      }
      if (!isOutcome(row.outcome)) {
        broken = { seq, reason: 'record-unreadable' };
        break;
      }
      let hash: string;
      try {
        hash = chainHash(prevHash, {
          seq,
          at: row.at,
          actor: row.actor,
          action: row.action,
          target: row.target,
          useCause: row.use_cause,
          outcome: row.outcome,
          requestId: row.request_id,
          details,
        });
      } catch {
        broken = { seq, reason: 'record-unreadable' };
        break;
      }
      if (hash !== Buffer.from(row.hash).toString('hex')) {
        broken = { seq, reason: 'hash-mismatch' };
        break;
      }
      if (row.target === null) {
        const members = chunkAuditMembers(details);
        if (members !== undefined)
          lists.set(
            seq,
            members.map((member) => member.identifier),
          );
      }
      prevHash = hash;
      expectedSeq += 1;
    }
    // The narrow rows of the records checked so far in this page (from the first page on, also
    // any row below seq 1); a mismatch before the first broken record is the first break.
    const checkedUpTo = expectedSeq - 1;
    if (checkedUpTo >= pageStart) {
      const mismatch = await firstIndexMismatch(
        narrow ? db : undefined,
        pageStart === 1 ? undefined : pageStart,
        checkedUpTo,
        lists,
      );
      if (mismatch !== undefined) return { ok: false, seq: mismatch, reason: 'licence-index-mismatch' };
    }
    if (broken !== undefined) return { ok: false, ...broken };
    if (rows.length < PAGE) break;
  }
  const count = expectedSeq - 1;
  if (Number(head.seq) !== count || head.hash !== prevHash) {
    return { ok: false, seq: Math.max(count, Number(head.seq)), reason: 'head-mismatch' };
  }
  // A narrow row past the last record names no record.
  const beyond = narrow
    ? await db
        .selectFrom('audit_licences')
        .select('seq')
        .where('seq', '>', count)
        .orderBy('seq')
        .limit(1)
        .executeTakeFirst()
    : undefined;
  if (beyond !== undefined) return { ok: false, seq: Number(beyond.seq), reason: 'licence-index-mismatch' };
  return { ok: true, count, headHash: prevHash };
}

/**
 * The first seq in `[from, to]` (from the start when `from` is undefined) whose
 * `audit_licences` rows differ from the list its chunk record gives (`lists`; a record that
 * is not a chunk record must have none), or undefined. Read by the seq index, a page at a time;
 * `db` undefined: the store has no narrow table (before migration 0030), so no rows.
 */
async function firstIndexMismatch(
  db: Kysely<Database> | undefined,
  from: number | undefined,
  to: number,
  lists: ReadonlyMap<number, readonly string[]>,
): Promise<number | undefined> {
  const found = new Map<number, string[]>();
  let rows: Array<{ seq: number; identifier: string }> = [];
  if (db !== undefined) {
    let select = db.selectFrom('audit_licences').select(['seq', 'identifier']).where('seq', '<=', to);
    if (from !== undefined) select = select.where('seq', '>=', from);
    rows = await select.execute();
  }
  for (const row of rows) {
    const seq = Number(row.seq);
    const list = found.get(seq);
    if (list === undefined) found.set(seq, [row.identifier]);
    else list.push(row.identifier);
  }
  const seqs = [...new Set([...found.keys(), ...lists.keys()])].sort((a, b) => a - b);
  for (const seq of seqs) {
    // Sorted here, not by the engine: PostgreSQL's text order follows the database's collation.
    const stored = (found.get(seq) ?? []).sort();
    const listed = [...(lists.get(seq) ?? [])].sort();
    if (stored.length !== listed.length || stored.some((identifier, i) => identifier !== listed[i])) return seq;
  }
  return undefined;
}
