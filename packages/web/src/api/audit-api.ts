import { canonicalBytes, type Language, nobleHashProvider } from '@hutong/core';
import { apiRequest, isObject, isString } from './api-request.js';

/** One record of the hash-chained audit trail (`GET /api/v1/audit`). */
export interface AuditRecord {
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

export const AUDIT_OUTCOMES = ['success', 'refused', 'failed', 'not-found'] as const;

const isNullableString = (value: unknown): value is string | null => value === null || isString(value);

function isAuditRecord(value: unknown): value is AuditRecord {
  return (
    isObject(value) &&
    typeof value.seq === 'number' &&
    isString(value.at) &&
    isString(value.actor) &&
    isString(value.action) &&
    isNullableString(value.target) &&
    isNullableString(value.useCause) &&
    isString(value.outcome) &&
    isNullableString(value.requestId) &&
    isString(value.hash) &&
    isString(value.prevHash)
  );
}

export interface AuditPage {
  readonly items: readonly AuditRecord[];
  readonly next: string | null;
}

const isAuditPage = (value: unknown): value is AuditPage =>
  isObject(value) &&
  Array.isArray(value.items) &&
  value.items.every(isAuditRecord) &&
  (value.next === null || isString(value.next));

export interface AuditFilter {
  readonly actor?: string;
  readonly action?: string;
  readonly target?: string;
  readonly outcome?: string;
  /** RFC 3339 */
  readonly from?: string;
  readonly to?: string;
}

/** One page of the audit trail, oldest first (`cursor` = the previous page's `next`). */
export function fetchAuditPage(
  language: Language,
  filter: AuditFilter,
  cursor: string | undefined,
  signal?: AbortSignal,
): Promise<AuditPage> {
  return apiRequest('/api/v1/audit', {
    language,
    query: { ...filter, cursor, limit: '50' },
    signal,
    accept: isAuditPage,
  });
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function hexBytes(text: string): Uint8Array | undefined {
  if (!/^[0-9a-f]{64}$/.test(text)) return undefined;
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/**
 * The chain hash of a record, as the server computes it (`audit/append-audit.ts`):
 * SHA-256(prev hash as 32 bytes ‖ RFC 8785 JSON of the record with `v: 1`).
 */
export function auditChainHash(record: AuditRecord): string | undefined {
  const prev = hexBytes(record.prevHash);
  if (prev === undefined) return undefined;
  const body = canonicalBytes({
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
  const joined = new Uint8Array(prev.length + body.length);
  joined.set(prev);
  joined.set(body, prev.length);
  return hex(nobleHashProvider.sha256(joined));
}

/**
 * How many licences a chunk record lists (server audit/append-chunk-audit.ts: a batch
 * issuance or an import writes one `licence.issued` record per committed chunk, its target
 * null and its details `{ licences, shared, each }`), or undefined for any other record.
 */
export function chunkRecordLicences(record: AuditRecord): number | undefined {
  if (record.target !== null || !isObject(record.details)) return undefined;
  const { licences } = record.details;
  return Array.isArray(licences) && licences.length >= 2 && licences.every(isString) ? licences.length : undefined;
}

/** What the browser found re-checking records it was shown. */
export type ChainCheck =
  | { readonly ok: true; readonly checked: number; readonly linked: number }
  | { readonly ok: false; readonly seq: number; readonly reason: 'hash-mismatch' | 'prev-hash-mismatch' };

/**
 * Re-computes each record's hash from its content and, where two records are consecutive
 * (`seq` n and n + 1), checks that the second names the first's hash. This proves the records
 * shown were not edited after they were chained; the whole chain (with the head) is verified on
 * the node by `hutong audit verify`.
 */
export function checkAuditRecords(records: readonly AuditRecord[]): ChainCheck {
  let linked = 0;
  const bySeq = new Map(records.map((r) => [r.seq, r]));
  for (const record of records) {
    if (auditChainHash(record) !== record.hash) return { ok: false, seq: record.seq, reason: 'hash-mismatch' };
    const previous = bySeq.get(record.seq - 1);
    if (previous !== undefined) {
      if (previous.hash !== record.prevHash) return { ok: false, seq: record.seq, reason: 'prev-hash-mismatch' };
      linked += 1;
    }
  }
  return { ok: true, checked: records.length, linked };
}
