/**
 * From a domain event to a public log entry (the format of core `merkle/receipt.ts`):
 * the event's type, time and target in clear, the details that carry no personal data in
 * clear (an allow-list, so a field added to an event later is committed, never leaked),
 * and a salted commitment for everything else — who acted, the request, the use cause,
 * the holder index and any other detail. The log is public forever: a personal value in
 * clear could never be taken back, and an unsalted hash of a citizen ID number would be
 * reversed by trying the few plausible numbers.
 */
import {
  canonicalize,
  type HashProvider,
  LOG_ENTRY_VERSION,
  leafHash,
  logCommitment,
  logFieldKey,
  parseLogEntry,
} from '@hutong/core';
import { ServerError } from '../errors.js';
import type { DomainEvent } from '../events/domain-event.js';

/** The events the log records: issuance, new versions, status changes, encumbrances, grants, fetches. */
export function isLoggedEvent(type: string): boolean {
  return type.startsWith('licence.') || type.startsWith('grant.');
}

/** Entry bundles (C2SP tlog-tiles) prefix entries with a 16-bit length. */
const MAX_ENTRY_BYTES = 0xffff;
/** Past this many private detail fields, the details are committed as one value (the entry stays small). */
const MAX_PRIVATE_FIELDS = 64;
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
/** Printable text without control characters, at most 200 characters: codes, identifiers, states. */
const PUBLIC_TEXT = /^[^\p{Cc}]{1,200}$/u;

const isPublicText = (value: unknown): value is string => typeof value === 'string' && PUBLIC_TEXT.test(value);
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/**
 * Details shown in clear, each with the shape it must have to be shown: codes of types and
 * issuers (organisations, GB 32100), licence identifiers and versions, status values, the
 * status-list slot. A value of another shape is committed instead.
 */
const PUBLIC_DETAILS: Readonly<Record<string, (value: unknown) => unknown>> = {
  typeCode: (v) => (isPublicText(v) ? v : undefined),
  issuerCode: (v) => (isPublicText(v) ? v : undefined),
  series: (v) => (isPublicText(v) ? v : undefined),
  version: (v) => (isPublicText(v) ? v : undefined),
  status: (v) => (isPublicText(v) ? v : undefined),
  previousStatus: (v) => (isPublicText(v) ? v : undefined),
  event: (v) => (isPublicText(v) ? v : undefined),
  origin: (v) => (isPublicText(v) ? v : undefined),
  keyId: (v) => (isPublicText(v) ? v : undefined),
  predecessor: (v) => (isPublicText(v) ? v : undefined),
  successor: (v) => (isPublicText(v) ? v : undefined),
  statusList: (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    const { listId, index, ...rest } = v as Record<string, unknown>;
    return Object.keys(rest).length === 0 && isCount(listId) && isCount(index) ? { listId, index } : undefined;
  },
};

/** Details of which only a part is public: the encumbrance's kind is, its id is committed. */
const PARTLY_PUBLIC_DETAILS: Readonly<Record<string, (value: unknown) => unknown>> = {
  encumbrance: (v) => {
    const kind = typeof v === 'object' && v !== null ? (v as Record<string, unknown>).kind : undefined;
    return isPublicText(kind) ? { kind } : undefined;
  },
};

export interface BuiltLogEntry {
  /** The entry bytes (RFC 8785). */
  readonly entry: Uint8Array;
  readonly leafHash: Uint8Array;
  /** From the public details, for receipts by licence series and version. */
  readonly series: string | null;
  readonly version: string | null;
}

/** `reasonZh`: the same reason in Chinese, for the zh-CN problem (every caller states both). */
function invalid(reason: string, reasonZh: string, field: string): ServerError {
  return new ServerError('ERR_LOG_EVENT_INVALID', { field, params: { reason }, zhParams: { reason: reasonZh } });
}

/**
 * Builds the public entry of `event` with the entry's random `salt` (32 bytes, kept
 * privately). Throws ERR_LOG_EVENT_INVALID for an event that cannot be represented.
 *
 * @example const { entry, leafHash } = buildLogEntry(event, audit.seq, randomBytes(32), nodeHashProvider);
 */
export function buildLogEntry(
  event: DomainEvent,
  auditSeq: number | undefined,
  salt: Uint8Array,
  hashes: HashProvider,
): BuiltLogEntry {
  if (typeof event.type !== 'string' || !/^[a-z][a-z0-9-]*\.[a-z][a-z0-9.-]*$/.test(event.type))
    throw invalid('the type must be "<aggregate>.<what>" in lower case', '类型须为小写的“<聚合>.<事件>”', 'type');
  if (typeof event.at !== 'string' || !RFC3339_UTC.test(event.at))
    throw invalid('at must be RFC 3339 UTC', 'at 须为 RFC 3339 UTC 时间', 'at');
  if (event.target !== undefined && (typeof event.target !== 'string' || event.target === ''))
    throw invalid('target must be a non-empty string', 'target 须为非空字符串', 'target');

  const commit = (path: string, value: unknown): string =>
    logCommitment(logFieldKey(salt, path, hashes), value, hashes);
  const publicDetails: Record<string, unknown> = {};
  const privateFields: Record<string, string> = {};
  privateFields.actor = commit('actor', event.actor);
  if (event.requestId !== undefined) privateFields.requestId = commit('requestId', event.requestId);
  if (event.useCause !== undefined) privateFields.useCause = commit('useCause', event.useCause);

  const details = event.details;
  if (typeof details === 'object' && details !== null && !Array.isArray(details)) {
    const hidden: Array<[string, unknown]> = [];
    for (const [key, value] of Object.entries(details as Record<string, unknown>)) {
      if (value === undefined) continue;
      const shown = Object.hasOwn(PUBLIC_DETAILS, key) ? PUBLIC_DETAILS[key]?.(value) : undefined;
      if (shown !== undefined) {
        publicDetails[key] = shown;
        continue;
      }
      const partly = Object.hasOwn(PARTLY_PUBLIC_DETAILS, key) ? PARTLY_PUBLIC_DETAILS[key]?.(value) : undefined;
      if (partly !== undefined) publicDetails[key] = partly;
      hidden.push([key, value]);
    }
    if (hidden.length > MAX_PRIVATE_FIELDS) {
      privateFields.details = commit('details', Object.fromEntries(hidden));
    } else {
      for (const [key, value] of hidden) privateFields[`details.${key}`] = commit(`details.${key}`, value);
    }
  } else if (details !== undefined && details !== null) {
    privateFields.details = commit('details', details);
  }

  // RFC 8785 §3.2.4: the UTF-8 bytes of the canonical text. Node's Buffer.from encodes a
  // short string into its pooled memory, about 3× cheaper than TextEncoder's fresh buffer
  // (canonicalize refuses lone surrogates, so both give the same bytes).
  const entry = Buffer.from(
    canonicalize({
      v: LOG_ENTRY_VERSION,
      event: event.type,
      at: event.at,
      ...(event.target === undefined ? {} : { target: event.target }),
      ...(auditSeq === undefined ? {} : { audit: auditSeq }),
      public: publicDetails,
      private: privateFields,
    }),
    'utf8',
  );
  if (entry.length > MAX_ENTRY_BYTES) {
    throw new ServerError('ERR_LOG_ENTRY_TOO_LARGE', { params: { event: event.type, size: entry.length } });
  }
  return {
    entry,
    leafHash: leafHash(entry, hashes),
    series: typeof publicDetails.series === 'string' ? publicDetails.series : null,
    version: typeof publicDetails.version === 'string' ? publicDetails.version : null,
  };
}

/**
 * The target an entry names (its `target` member), from the entry bytes (unpacked): the
 * table keeps no copy of it since migration 0024 (issue 7 item 5).
 *
 * @example targetOfEntry(unpackJson(row.entry)) // '1.2.156.3005.2.…'
 */
export function targetOfEntry(entry: Uint8Array): string | null {
  return parseLogEntry(entry).target ?? null;
}

/**
 * The event type an entry records (its `event` member), from the entry bytes (unpacked): the
 * table keeps no copy of it since migration 0025.
 *
 * @example eventOfEntry(unpackJson(row.entry)) // 'licence.issued'
 */
export function eventOfEntry(entry: Uint8Array): string {
  return parseLogEntry(entry).event;
}
