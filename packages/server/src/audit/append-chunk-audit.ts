/**
 * One audit record for a committed chunk of licences (docs/design/write-path-budget.md,
 * proposal 1): a batch issuance or an import stores its licences in transactions of a chunk
 * (`ISSUANCE_CHUNK`), and each chunk gets one `licence.issued` record listing its licences,
 * instead of one record per licence. The record keeps who (actor), what (action), when (at),
 * use cause, outcome and request id, as any record; its details keep every licence's own
 * details, factored:
 *
 * ```json
 * { "licences": ["<identifier 1>", "<identifier 2>", …],
 *   "shared": { "typeCode": "…", "issuerCode": "…", "origin": "issued", … },
 *   "each": { "holder": ["<keyed hash 1>", …], "statusList": [{ "listId": 1, "index": 7 }, …], … } }
 * ```
 *
 * `shared` holds the details members whose value is the same (a string, number, boolean or
 * null) for every licence of the chunk, `each` the others, one value per licence in the order
 * of `licences`: licence i's details are `{ ...shared, <key>: each[key][i] … }`
 * ({@link chunkAuditMembers}). Personal data stays as it was in the per-licence details: only
 * keyed hashes (audit/hash-personal-data.ts, library/holder-index.ts).
 *
 * The record's `target` is null (it is about several licences); the narrow table
 * `audit_licences` (migration 0030) holds `(identifier, seq)` for each licence listed, in the
 * same transaction, so that a licence's audit records are found from an index. The chain
 * hashes the list (it is in the details), and `verifyAuditChain` checks the table's rows of
 * each record against it: the rows are covered by the chain although they are not chained
 * themselves.
 *
 * Why: one record per licence cost the import writer ~36 µs a licence (a canonical text, a
 * chain hash, a deflate and five b-tree entries each); one per chunk costs one of each per
 * chunk, plus the narrow table's two entries per licence.
 */
import type { Transaction } from 'kysely';
import { ServerError } from '../errors.js';
import type { Database } from '../store/database.js';
import { insertRows } from '../store/insert-rows.js';
import { type AppendedAudit, type AuditRecordInput, appendAuditRecords } from './append-audit.js';

/** One licence of a chunk: its identifier and the details its own record would have had. */
export interface ChunkAuditMember {
  readonly identifier: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** A chunk record's details (see the module comment). */
export interface ChunkAuditDetails {
  readonly licences: readonly string[];
  readonly shared: Readonly<Record<string, string | number | boolean | null>>;
  readonly each: Readonly<Record<string, readonly unknown[]>>;
}

/** The record's own fields: everything an {@link AuditRecordInput} has but target and details. */
export type ChunkAuditInput = Omit<AuditRecordInput, 'target' | 'details'>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isScalar = (value: unknown): value is string | number | boolean | null =>
  value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

/**
 * The details of a chunk record for `members`, or undefined when they cannot be factored
 * exactly (fewer than two licences, a licence listed twice, or details whose members differ
 * from one licence to the next): the caller then writes one record per licence, as before.
 *
 * @example chunkAuditDetails([{ identifier: 'a', details: { typeCode: 'T', index: 1 } }, { identifier: 'b', details: { typeCode: 'T', index: 2 } }])
 * // { licences: ['a', 'b'], shared: { typeCode: 'T' }, each: { index: [1, 2] } }
 */
export function chunkAuditDetails(members: readonly ChunkAuditMember[]): ChunkAuditDetails | undefined {
  const first = members[0];
  if (members.length < 2 || first === undefined) return undefined;
  const keys = Object.keys(first.details);
  const licences = members.map((member) => member.identifier);
  if (new Set(licences).size !== licences.length) return undefined;
  for (const member of members) {
    const own = Object.keys(member.details);
    if (own.length !== keys.length || !keys.every((key) => Object.hasOwn(member.details, key))) return undefined;
  }
  const shared: Record<string, string | number | boolean | null> = {};
  const each: Record<string, unknown[]> = {};
  for (const key of keys) {
    const value = first.details[key];
    // Only scalars are compared: an object member (a status-list entry) differs per licence anyway.
    if (isScalar(value) && members.every((member) => member.details[key] === value)) shared[key] = value;
    else each[key] = members.map((member) => member.details[key]);
  }
  return { licences, shared, each };
}

/**
 * The licences of a chunk record and the details each had, from the record's stored details;
 * undefined when the details are not a chunk record's (see the module comment). Verification
 * uses it to tell chunk records apart; tests rebuild each licence's event from it.
 *
 * @example chunkAuditMembers(auditDetailsOf(row.packed_details))?.map((m) => m.identifier)
 */
export function chunkAuditMembers(details: unknown): ChunkAuditMember[] | undefined {
  if (!isPlainObject(details)) return undefined;
  const { licences, shared, each } = details;
  if (Object.keys(details).length !== 3 || !Array.isArray(licences) || !isPlainObject(shared) || !isPlainObject(each))
    return undefined;
  if (licences.length < 2 || !licences.every((identifier) => typeof identifier === 'string')) return undefined;
  const columns = Object.entries(each);
  for (const [key, values] of columns) {
    if (!Array.isArray(values) || values.length !== licences.length || Object.hasOwn(shared, key)) return undefined;
  }
  return (licences as string[]).map((identifier, i) => {
    const own: Record<string, unknown> = { ...shared };
    for (const [key, values] of columns) own[key] = (values as unknown[])[i];
    return { identifier, details: own };
  });
}

/**
 * Appends one record for a chunk of licences in the caller's transaction (the chunk's own),
 * and its `audit_licences` rows; `details` as {@link chunkAuditDetails} made them.
 *
 * @example
 * const details = chunkAuditDetails(members);
 * if (details !== undefined) await appendChunkAudit(trx, { at, actor: 'client:42', action: 'licence.issued', requestId }, details);
 */
export async function appendChunkAudit(
  trx: Transaction<Database>,
  input: ChunkAuditInput,
  details: ChunkAuditDetails,
): Promise<AppendedAudit> {
  const [appended] = await appendAuditRecords(trx, [{ ...input, target: null, details }]);
  if (appended === undefined) throw new ServerError('ERR_AUDIT_CHAIN_HEAD_MISSING');
  // A chunk is at most ISSUANCE_CHUNK (256) licences: one INSERT of 512 parameters.
  await insertRows(
    trx,
    'audit_licences',
    ['identifier', 'seq'],
    details.licences.map((identifier) => ({ identifier, seq: appended.seq })),
    256,
  );
  return appended;
}
