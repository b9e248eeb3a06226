/**
 * The parts of an event's side records that do not depend on the store's sequence numbers,
 * made ahead (`DomainEvent.precomputed`): the audit details' RFC 8785 text and packed form,
 * and the log entry's commitments around its audit seq with the entry's random salt.
 *
 * Why: an import's main thread was the bottleneck while its signing thread sat idle half the
 * time (issue 3, lead's profile: buildLogEntry, canonicalize and DEFLATE on the main thread),
 * so the signing threads make these beside each licence's signature and `recordEvents`
 * only finishes them (the seq, the chain hash, the leaf hash). The bytes stored are exactly
 * the ones the main thread would make from the same event (precompute-side-records.test.ts).
 */
import { randomFillSync } from 'node:crypto';
import { canonicalize } from '@hutong/core';
import { packAuditDetails } from '../audit/append-audit.js';
import { buildLogEntryParts, isLoggedEvent } from '../log/log-entry.js';
import { LOG_SALT_BYTES } from '../log/sequence-log-entries.js';
import { nodeHashProvider } from '../merkle/node-hash-provider.js';
import type { DomainEvent, PrecomputedSideRecords } from './domain-event.js';

/**
 * Makes `event`'s precomputed side-record parts, with `salt` (fresh random bytes,
 * {@link LOG_SALT_BYTES} of them; see {@link logSalts}) behind its log entry's commitments.
 * Throws what the main thread would throw for the same event (details that are not canonical
 * JSON, an event the log cannot represent).
 *
 * @example const event = { ...issued, precomputed: precomputeSideRecords(issued, logSalts(1)[0]) };
 */
export function precomputeSideRecords(event: DomainEvent, salt: Uint8Array): PrecomputedSideRecords {
  if (salt.length !== LOG_SALT_BYTES) throw new Error(`a log salt has ${LOG_SALT_BYTES} bytes`);
  const text = canonicalize(event.details ?? {});
  const auditDetails = { text, packed: packAuditDetails(text) };
  if (!isLoggedEvent(event.type)) return { auditDetails };
  return { auditDetails, logEntry: { parts: buildLogEntryParts(event, salt, nodeHashProvider), salt } };
}

/**
 * `count` fresh log salts from one call to the system's random source (one call per item
 * cost a signing thread 2 % of its time), each a view of one buffer: a message carries
 * that buffer once.
 */
export function logSalts(count: number): Uint8Array[] {
  const block = randomFillSync(new Uint8Array(LOG_SALT_BYTES * count));
  return Array.from({ length: count }, (_, i) => block.subarray(i * LOG_SALT_BYTES, (i + 1) * LOG_SALT_BYTES));
}
