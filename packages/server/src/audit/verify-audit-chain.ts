/**
 * Re-computes the audit chain from the first record to the head (`hutong audit verify`).
 * Reads in pages by `seq`, so memory stays flat however long the chain is.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/database.js';
import { AUDIT_OUTCOMES, type AuditOutcome, auditDetailsOf, chainHash, GENESIS_HASH } from './append-audit.js';

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
 * record's hash and equal to the stored one, and the head row equal to the last record.
 * Answers the first broken record. (Since migration 0019 a record no longer stores its
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
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) return { ok: false, seq: expectedSeq, reason: 'sequence-gap' };
      let details: unknown;
      try {
        details = auditDetailsOf(row.packed_details);
      } catch {
        return { ok: false, seq, reason: 'record-unreadable' };
      }
      if (!isOutcome(row.outcome)) return { ok: false, seq, reason: 'record-unreadable' };
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
        return { ok: false, seq, reason: 'record-unreadable' };
      }
      if (hash !== Buffer.from(row.hash).toString('hex')) return { ok: false, seq, reason: 'hash-mismatch' };
      prevHash = hash;
      expectedSeq += 1;
    }
    if (rows.length < PAGE) break;
  }
  const count = expectedSeq - 1;
  if (Number(head.seq) !== count || head.hash !== prevHash) {
    return { ok: false, seq: Math.max(count, Number(head.seq)), reason: 'head-mismatch' };
  }
  return { ok: true, count, headHash: prevHash };
}
