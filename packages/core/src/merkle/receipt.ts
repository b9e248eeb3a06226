/**
 * Hutong's transparency-log entries and receipts: the contract between a node's log
 * service (packages/server/src/log), its monitors and every offline verifier.
 *
 * An **entry** is the RFC 8785 canonical JSON of one domain event (issuance, new version,
 * status change, encumbrance …) in which every field that may carry personal data is
 * replaced by a salted commitment, so the log can be public forever:
 *
 *   { "v": 1, "event": "licence.issued", "at": "2026-11-29T12:00:00.000Z",
 *     "target": "1.2.156.3005.2.…", "audit": 42,
 *     "public":  { "typeCode": "…", "issuerCode": "…", "series": "…", "version": "001", … },
 *     "private": { "actor": "<base64url commitment>", "details.holder": "…", … } }
 *
 * A commitment is SHA-256(fieldKey ‖ JCS(value)) with
 * fieldKey = SHA-256("hutong-log/1 field\n" ‖ entrySalt ‖ path): the node keeps the 32-byte
 * random `entrySalt` of each entry in a private table, and can open one field (reveal
 * `fieldKey` and the value) without exposing the others — SHA-256's preimage resistance
 * keeps the salt, and so every other field key, out of reach. Salted hashes as SD-JWT's
 * disclosures are; two hashes a field, so sequencing stays cheap.
 *
 * A **receipt** proves that an entry is in the log: the entry, its index, an inclusion
 * proof (RFC 9162 §2.1.3) and the signed checkpoint (C2SP tlog-checkpoint) the proof
 * leads to. `verifyLogReceipt` checks it offline against the node's note key.
 */
import { canonicalize } from '../canonical/canonicalize.js';
import { parseJson } from '../canonical/parse-json.js';
import { HutongError, isHutongError } from '../errors.js';
import { encodeBase64url } from '../licence/base64url.js';
import { openCheckpoint } from './checkpoint.js';
import { decodeBase64, fromUtf8, utf8 } from './encoding.js';
import { HASH_SIZE, type HashProvider, leafHash, nobleHashProvider } from './hash.js';
import { type NoteVerifier, signerNames } from './note.js';
import { parseVerifierKey } from './note-keys.js';
import { verifyInclusion } from './verify-inclusion.js';

/** The `v` of every entry this version of Hutong writes. */
export const LOG_ENTRY_VERSION = 1;
/** The `format` of a receipt. */
export const LOG_RECEIPT_FORMAT = 'hutong-log-receipt/1';

/** Entries are written into C2SP entry bundles, whose length prefix is 16 bits. */
const MAX_ENTRY_BYTES = 0xffff;

/** A log entry as published (everything in it is public). */
export interface LogEntry {
  readonly v: 1;
  /** The domain event type, e.g. `licence.issued`. */
  readonly event: string;
  /** RFC 3339 UTC. */
  readonly at: string;
  /** What the event is about: a licence identifier for `licence.*` events. */
  readonly target?: string;
  /** The seq of the event's audit record on the node (links the log to the audit chain). */
  readonly audit?: number;
  /** Details that carry no personal data, in clear. */
  readonly public: Readonly<Record<string, unknown>>;
  /** Field path → base64url commitment (43 characters). */
  readonly private: Readonly<Record<string, string>>;
}

/** `reasonZh`: the same reason in Chinese, for the zh-CN message (every caller states both). */
function entryError(reason: string, reasonZh: string, field = 'entry'): HutongError {
  return new HutongError('ERR_MERKLE_LOG_ENTRY_MALFORMED', {
    field,
    params: { reason },
    zhParams: { reason: reasonZh },
  });
}

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const COMMITMENT = /^[A-Za-z0-9_-]{43}$/;
const ENTRY_KEYS = new Set(['v', 'event', 'at', 'target', 'audit', 'public', 'private']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses entry bytes (hostile input): UTF-8 RFC 8785 canonical JSON (one spelling per
 * entry, so a monitor can compare bytes), at most 65,535 bytes, the fields above and no
 * others. Throws ERR_MERKLE_LOG_ENTRY_MALFORMED naming the field at fault.
 *
 * @example parseLogEntry(entryBytes).target // '1.2.156.3005.2.…'
 */
export function parseLogEntry(bytes: unknown): LogEntry {
  if (!(bytes instanceof Uint8Array)) throw entryError('not bytes', '不是字节串');
  if (bytes.length > MAX_ENTRY_BYTES) throw entryError('longer than 65535 bytes', '超过 65535 字节');
  const text = fromUtf8(bytes);
  if (text === undefined) throw entryError('not UTF-8', '不是 UTF-8 文本');
  let value: unknown;
  try {
    value = parseJson(text);
  } catch (cause) {
    throw new HutongError('ERR_MERKLE_LOG_ENTRY_MALFORMED', {
      field: 'entry',
      params: { reason: isHutongError(cause) ? cause.message : 'not JSON' },
      zhParams: { reason: isHutongError(cause) ? cause.localize('zh-CN') : '不是 JSON' },
      cause,
    });
  }
  if (!isPlainObject(value)) throw entryError('not a JSON object', '不是 JSON 对象');
  for (const key of Object.keys(value))
    if (!ENTRY_KEYS.has(key)) throw entryError(`unknown member "${key}"`, `未知成员“${key}”`, key);
  if (value.v !== LOG_ENTRY_VERSION)
    throw entryError(`v must be ${LOG_ENTRY_VERSION}`, `v 必须为 ${LOG_ENTRY_VERSION}`, 'v');
  if (typeof value.event !== 'string' || !/^[a-z][a-z0-9-]*\.[a-z][a-z0-9.-]*$/.test(value.event))
    throw entryError('event must be "<aggregate>.<what>"', 'event 必须为“<聚合>.<事件>”', 'event');
  if (typeof value.at !== 'string' || !RFC3339_UTC.test(value.at))
    throw entryError('at must be RFC 3339 UTC', 'at 必须是 RFC 3339 UTC 时间', 'at');
  if (value.target !== undefined && (typeof value.target !== 'string' || value.target === ''))
    throw entryError('target must be a non-empty string', 'target 必须是非空字符串', 'target');
  if (value.audit !== undefined && (!Number.isSafeInteger(value.audit) || (value.audit as number) < 1))
    throw entryError('audit must be a positive integer', 'audit 必须是正整数', 'audit');
  if (!isPlainObject(value.public)) throw entryError('public must be an object', 'public 必须是对象', 'public');
  if (!isPlainObject(value.private)) throw entryError('private must be an object', 'private 必须是对象', 'private');
  for (const [path, commitment] of Object.entries(value.private)) {
    if (typeof commitment !== 'string' || !COMMITMENT.test(commitment))
      throw entryError('a commitment is 43 base64url characters', '承诺值应为 43 个 base64url 字符', `private.${path}`);
  }
  // RFC 8785: exactly one byte sequence per entry. `text` is the fatal UTF-8 decoding of the
  // bytes and UTF-8 is one-to-one on well-formed text, so comparing the canonical text with it
  // compares the bytes, without encoding them again.
  if (canonicalize(value) !== text) throw entryError('not in RFC 8785 canonical form', '不是 RFC 8785 规范形式');
  return value as unknown as LogEntry;
}

const FIELD_KEY_PREFIX = utf8('hutong-log/1 field\n');

const encoder = new TextEncoder();

/**
 * One scratch buffer for the hash inputs of field keys and commitments: a node builds
 * several of each for every entry it sequences, inside issuance transactions, and fresh
 * buffers per hash (then copies) were a large part of that cost. Everything here is
 * synchronous, so no two calls ever share it (as `createNodeHasher`'s scratch).
 */
let scratch = new Uint8Array(1024);

function scratchOf(bytes: number): Uint8Array {
  if (scratch.length < bytes) scratch = new Uint8Array(Math.max(bytes, 2 * scratch.length));
  return scratch;
}

/**
 * The key that opens one private field of an entry: SHA-256("hutong-log/1 field\n" ‖ entrySalt ‖ path).
 * Revealing it (with the value) proves that field and nothing else.
 *
 * @example logFieldKey(salt, 'details.holder')
 */
export function logFieldKey(entrySalt: Uint8Array, path: string, hashes: HashProvider = nobleHashProvider): Uint8Array {
  if (!(entrySalt instanceof Uint8Array) || entrySalt.length < 16)
    throw entryError('the entry salt must be at least 16 bytes', '条目盐值至少为 16 字节', 'salt');
  const head = FIELD_KEY_PREFIX.length + entrySalt.length;
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  const input = scratchOf(head + 3 * path.length);
  input.set(FIELD_KEY_PREFIX, 0);
  input.set(entrySalt, FIELD_KEY_PREFIX.length);
  const { written } = encoder.encodeInto(path, input.subarray(head));
  return hashes.sha256(input.subarray(0, head + written));
}

/**
 * The commitment to one field's value: base64url(SHA-256(fieldKey ‖ JCS(value))).
 *
 * @example logCommitment(logFieldKey(salt, 'actor'), 'client:42') === entry.private.actor
 */
export function logCommitment(fieldKey: Uint8Array, value: unknown, hashes: HashProvider = nobleHashProvider): string {
  if (!(fieldKey instanceof Uint8Array) || fieldKey.length !== HASH_SIZE)
    throw entryError('a field key is 32 bytes', '字段密钥应为 32 字节', 'fieldKey');
  // RFC 8785 §3.2.4: the canonical text's UTF-8 bytes, written straight behind the key.
  const text = canonicalize(value);
  const input = scratchOf(HASH_SIZE + 3 * text.length);
  input.set(fieldKey, 0);
  const { written } = encoder.encodeInto(text, input.subarray(HASH_SIZE));
  return encodeBase64url(hashes.sha256(input.subarray(0, HASH_SIZE + written)));
}

/** A receipt as a node hands it out (JSON). */
export interface LogReceipt {
  readonly format: typeof LOG_RECEIPT_FORMAT;
  /** The entry's index (leaf number) in the log. */
  readonly index: number;
  /** The entry bytes, standard base64. */
  readonly entry: string;
  /** RFC 9162 inclusion proof into the checkpoint's tree, standard base64 hashes. */
  readonly inclusionProof: readonly string[];
  /** The signed checkpoint note (C2SP tlog-checkpoint), cosignatures included. */
  readonly checkpoint: string;
}

/** What a verified receipt establishes. */
export interface VerifiedLogReceipt {
  readonly origin: string;
  readonly index: number;
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
  readonly leafHash: Uint8Array;
  readonly entry: LogEntry;
  /** Names whose signatures on the checkpoint verified (log and witnesses), each once however many of its keys signed. */
  readonly signedBy: readonly string[];
}

export interface VerifyLogReceiptOptions {
  /** The log's origin line; default: the name of the first log key. */
  readonly origin?: string;
  /** When given, the entry's target must be this licence identifier. */
  readonly target?: string;
  /** Witness keys (cosignature/v1) whose cosignatures must ALL be on the checkpoint. */
  readonly witnesses?: readonly NoteVerifier[];
  readonly hashes?: HashProvider;
}

/** `reasonZh`: the same reason in Chinese, for the zh-CN message (every caller states both). */
function receiptError(reason: string, reasonZh: string, field: string): HutongError {
  return new HutongError('ERR_MERKLE_RECEIPT_MALFORMED', { field, params: { reason }, zhParams: { reason: reasonZh } });
}

function logVerifiersOf(key: string | NoteVerifier | readonly NoteVerifier[], hashes: HashProvider): NoteVerifier[] {
  if (typeof key === 'string') return [parseVerifierKey(key, { hashes })];
  if (Array.isArray(key)) return [...(key as readonly NoteVerifier[])];
  return [key as NoteVerifier];
}

/**
 * Verifies a log receipt offline: the entry is well formed, its leaf hash
 * (RFC 9162 §2.1.1: SHA-256(0x00 ‖ entry)) is included at `index` in the tree the
 * checkpoint states (RFC 9162 §2.1.3.2), and the checkpoint is signed by the log's note
 * key (`<name>+<hex>+<base64>` vkey, or verifiers) for the expected origin. Throws
 * ERR_MERKLE_RECEIPT_* for a malformed receipt or a target mismatch, ERR_MERKLE_NOTE_* /
 * ERR_MERKLE_CHECKPOINT_* for signature and origin failures, ERR_MERKLE_ROOT_MISMATCH
 * (and the other proof codes) when the entry is not in the signed tree.
 *
 * @example const { entry, treeSize } = await verifyLogReceipt(receipt, vkeyFromLogKeyEndpoint, { target: identifier });
 */
export async function verifyLogReceipt(
  receipt: unknown,
  key: string | NoteVerifier | readonly NoteVerifier[],
  options: VerifyLogReceiptOptions = {},
): Promise<VerifiedLogReceipt> {
  const hashes = options.hashes ?? nobleHashProvider;
  if (!isPlainObject(receipt)) throw receiptError('not a JSON object', '不是 JSON 对象', 'receipt');
  if (receipt.format !== LOG_RECEIPT_FORMAT)
    throw receiptError(`format must be "${LOG_RECEIPT_FORMAT}"`, `format 必须为“${LOG_RECEIPT_FORMAT}”`, 'format');
  const { index, entry, inclusionProof, checkpoint } = receipt;
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0)
    throw receiptError('index must be a non-negative integer', 'index 必须是非负整数', 'index');
  const entryBytes = typeof entry === 'string' ? decodeBase64(entry) : undefined;
  if (entryBytes === undefined)
    throw receiptError('entry must be standard base64', 'entry 必须是标准 base64 编码', 'entry');
  if (!Array.isArray(inclusionProof) || inclusionProof.length > 64)
    throw receiptError(
      'inclusionProof must be an array of at most 64 hashes',
      'inclusionProof 必须是至多 64 个哈希值的数组',
      'inclusionProof',
    );
  const proof = inclusionProof.map((h: unknown, i: number) => {
    const bytes = typeof h === 'string' ? decodeBase64(h) : undefined;
    if (bytes === undefined || bytes.length !== HASH_SIZE)
      throw receiptError(
        'a proof hash must be base64 of 32 bytes',
        '证明中的哈希值必须是 32 字节的 base64 编码',
        `inclusionProof[${i}]`,
      );
    return bytes;
  });
  if (typeof checkpoint !== 'string')
    throw receiptError('checkpoint must be a signed note', 'checkpoint 必须是签名便笺', 'checkpoint');

  const parsed = parseLogEntry(entryBytes);
  if (options.target !== undefined && parsed.target !== options.target) {
    throw new HutongError('ERR_MERKLE_RECEIPT_MISMATCH', {
      field: 'target',
      params: { expected: options.target, actual: parsed.target ?? '(none)' },
    });
  }
  const logVerifiers = logVerifiersOf(key, hashes);
  const first = logVerifiers[0];
  if (first === undefined) throw receiptError('no log key given', '未提供日志密钥', 'key');
  const witnesses = options.witnesses ?? [];
  const opened = await openCheckpoint(checkpoint, options.origin ?? first.name, logVerifiers, witnesses);
  for (const w of witnesses) {
    if (!opened.note.verifiedBy.some((s) => s.name === w.name && s.keyId === w.keyId)) {
      throw new HutongError('ERR_MERKLE_RECEIPT_COSIGNATURE_MISSING', {
        field: 'signatures',
        params: { name: w.name },
      });
    }
  }
  const leaf = leafHash(entryBytes, hashes);
  // RFC 9162 §2.1.3.2: recompute the root from the leaf and the proof; it must be the signed one.
  verifyInclusion(hashes, index, opened.checkpoint.size, leaf, proof, opened.checkpoint.rootHash);
  return {
    origin: opened.checkpoint.origin,
    index,
    treeSize: opened.checkpoint.size,
    rootHash: opened.checkpoint.rootHash,
    leafHash: leaf,
    entry: parsed,
    signedBy: signerNames(opened.note.verifiedBy),
  };
}
