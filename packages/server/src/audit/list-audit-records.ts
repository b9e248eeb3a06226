/** Reads the audit trail for auditors: filters and keyset pagination by `seq` (newest first). */
import type { Kysely } from 'kysely';
import { ServerError } from '../errors.js';
import type { Database } from '../store/database.js';
import { AUDIT_OUTCOMES, type AuditOutcome, auditDetailsOf, GENESIS_HASH } from './append-audit.js';

export interface AuditQuery {
  readonly actor?: string | undefined;
  readonly action?: string | undefined;
  /**
   * The record's target; for a licence identifier also the chunk records that list it
   * (audit/append-chunk-audit.ts: a batch issuance's or an import's one record per chunk, found
   * through `audit_licences`), so that a licence's history still shows its issuance.
   */
  readonly target?: string | undefined;
  readonly outcome?: AuditOutcome | undefined;
  /** RFC 3339 UTC, inclusive. */
  readonly from?: string | undefined;
  /** RFC 3339 UTC, exclusive. */
  readonly to?: string | undefined;
  /** The `next` of the previous page. */
  readonly cursor?: string | undefined;
  readonly limit: number;
}

export interface AuditRecordView {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly target: string | null;
  readonly useCause: string | null;
  readonly outcome: string;
  readonly requestId: string | null;
  readonly details: unknown;
  readonly hash: string;
  readonly prevHash: string;
}

/**
 * One page of records matching the query, newest first.
 *
 * @example const { items, next } = await listAuditRecords(db, { target: licenceId, limit: 50 });
 */
export async function listAuditRecords(
  db: Kysely<Database>,
  query: AuditQuery,
): Promise<{ readonly items: readonly AuditRecordView[]; readonly next: string | null }> {
  let select = db
    .selectFrom('audit_records')
    .selectAll()
    .orderBy('seq', 'desc')
    .limit(query.limit + 1);
  if (query.actor !== undefined) select = select.where('actor', '=', query.actor);
  if (query.action !== undefined) select = select.where('action', '=', query.action);
  const target = query.target;
  if (target !== undefined) {
    // The chunk records that list the licence, read first from audit_licences' primary key (a
    // licence is issued once: one or two seqs), then given as a list: `target = ? OR seq IN
    // (…)` is two index lookups on both engines (PostgreSQL's BitmapOr, SQLite's OR by
    // union), where an IN over a subquery made PostgreSQL filter a scan of the whole trail.
    const chunks = await db.selectFrom('audit_licences').select('seq').where('identifier', '=', target).execute();
    const seqs = chunks.map((row) => Number(row.seq));
    select =
      seqs.length === 0
        ? select.where('target', '=', target)
        : select.where((eb) => eb.or([eb('target', '=', target), eb('seq', 'in', seqs)]));
  }
  if (query.outcome !== undefined) {
    if (!(AUDIT_OUTCOMES as readonly string[]).includes(query.outcome)) {
      throw new ServerError('ERR_AUDIT_QUERY_INVALID', {
        field: 'outcome',
        params: { reason: 'unknown outcome' },
        zhParams: { reason: '未知的结果' },
      });
    }
    select = select.where('outcome', '=', query.outcome);
  }
  for (const [field, value] of [
    ['from', query.from],
    ['to', query.to],
  ] as const) {
    if (value !== undefined && Number.isNaN(Date.parse(value))) {
      throw new ServerError('ERR_AUDIT_QUERY_INVALID', {
        field,
        params: { reason: `${field} must be an RFC 3339 time` },
        zhParams: { reason: `${field} 须为 RFC 3339 时间` },
      });
    }
  }
  // Stored times are all `…Z` with milliseconds, so string order is time order.
  if (query.from !== undefined) select = select.where('at', '>=', new Date(query.from).toISOString());
  if (query.to !== undefined) select = select.where('at', '<', new Date(query.to).toISOString());
  if (query.cursor !== undefined) {
    if (!/^[1-9]\d{0,15}$/.test(query.cursor)) throw new ServerError('ERR_AUDIT_CURSOR_INVALID', { field: 'cursor' });
    select = select.where('seq', '<', Number(query.cursor));
  }
  const rows = await select.execute();
  const page = rows.slice(0, query.limit);
  // Each record's previous hash is the hash of the record before it (migration 0019).
  const before = page.map((row) => Number(row.seq) - 1).filter((seq) => seq > 0);
  const previous = new Map<number, string>();
  for (let start = 0; start < before.length; start += 500) {
    const found = await db
      .selectFrom('audit_records')
      .select(['seq', 'hash'])
      .where('seq', 'in', before.slice(start, start + 500))
      .execute();
    for (const row of found) previous.set(Number(row.seq), Buffer.from(row.hash).toString('hex'));
  }
  const items = page.map((row) => ({
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    useCause: row.use_cause,
    outcome: row.outcome,
    requestId: row.request_id,
    details: auditDetailsOf(row.packed_details),
    hash: Buffer.from(row.hash).toString('hex'),
    prevHash: Number(row.seq) === 1 ? GENESIS_HASH : (previous.get(Number(row.seq) - 1) ?? ''),
  }));
  const last = items[items.length - 1];
  return { items, next: rows.length > query.limit && last !== undefined ? String(last.seq) : null };
}
