/**
 * Packed JSON: the JSON texts the store keeps once for every licence — the signed licence
 * document (`licences.packed_document`), the log entry (`log_entries.entry`) and the audit
 * record's details (`audit_records.packed_details`) — deflated
 * against a preset dictionary of their member names (raw DEFLATE, RFC 1951, with the preset
 * dictionary of RFC 1950 §2.2), because they are most of the library's disk: issue 7 sets
 * ≤ 3 KiB per licence including log and indexes, and a 10-claim licence's JSON alone is about
 * 1.2 KiB plain, about 0.45 KiB packed (docs/benchmarks-scale.md).
 *
 * Stored form: one codec byte, then the DEFLATE stream. The codec byte names the dictionary,
 * so a dictionary, once it has packed a row, is frozen for ever: a better one takes a new
 * codec byte, and every codec stays readable. A value starting with `{` (0x7B) is plain JSON
 * (rows a node wrote before migration 0017 packed them, or a caller that stores plain):
 * it is returned as it is. Unpacking gives the exact bytes that were packed — a log entry's
 * leaf hash and a licence's signature are over those bytes.
 *
 * Why DEFLATE: node:zlib has it built in (no dependency), it is fast enough for one value
 * per row (tens of µs), and every platform can read it back. The dictionaries are member names
 * and the fixed parts of the values, never data of a real licence.
 */
import { constants, DeflateRaw, deflateRawSync, InflateRaw, inflateRawSync } from 'node:zlib';

/** What is packed: each kind has its own frozen dictionary. */
export type PackedJsonKind = 'licence-document' | 'log-entry' | 'audit-details';

/** Plain JSON text starts with `{`: never a codec byte. */
const PLAIN_JSON = 0x7b;

/**
 * Codec byte → dictionary. FROZEN: never edit a dictionary that has packed data; add a codec.
 * 0x01: a `hutong-licence/1` document (core `Licence`, JSON.stringify member order).
 * 0x02: a `v: 1` log entry (log/log-entry.ts, RFC 8785 canonical member order).
 * 0x03: an audit record's details (audit/append-audit.ts, RFC 8785 canonical member order).
 */
const DICTIONARIES: Readonly<Record<number, Buffer>> = {
  1: Buffer.from(
    '{"format":"hutong-licence/1","metadata":{"certificateIdentifier":"1.2.156.3005.2.","certificateName":"证书许可证明",' +
      '"certificateTypeCode":"","certificateNumber":"","certificateVersion":"001","certificateIssuingAuthorityName":"人民政府局厅委员会",' +
      '"certificateIssuingAuthorityCode":"","certificateIssuedDate":"20","certificateHolderName":"","certificateHolderCode":"",' +
      '"certificateHolderTypeCode":"111","certificateEffectiveDate":"20","certificateExpiringDate":"20","certificateAreaCode":""},' +
      '"face":{"holderName":"","idNumber":"","name":"","address":"","legalRepresentative":""},' +
      '"statusReference":{"uri":"https:///api/v1/status-lists/","index":},' +
      '"proof":{"suite":"ed25519","verificationMethod":"#","created":"20T00:00:00Z","signatureValue":""}}',
    'utf8',
  ),
  2: Buffer.from(
    '{"at":"20T00:00:00.000Z","audit":,"event":"licence.issued","private":{"actor":"","details.holder":"","requestId":""},' +
      '"public":{"issuerCode":"","keyId":"","origin":"imported","series":"","status":"valid","statusList":{"index":,"listId":1},' +
      '"typeCode":"","version":"001"},"target":"1.2.156.3005.2.","v":1}',
    'utf8',
  ),
  3: Buffer.from(
    '{"failed":[],"kind":"licence","mode":"verify","trustListVersion":1,"valid":true}' +
      '{"holder":"","identifiers":["1.2.156.3005.2."]}' +
      '{"holder":"","issuerCode":"","keyId":"","origin":"imported","series":"","status":"valid","statusList":{"index":,"listId":1},' +
      '"typeCode":"","version":"001"}',
    'utf8',
  ),
};

/** The codec each kind packs with today. */
const CURRENT: Readonly<Record<PackedJsonKind, number>> = {
  'licence-document': 0x01,
  'log-entry': 0x02,
  'audit-details': 0x03,
};

function dictionaryOf(codec: number): Buffer {
  const dictionary = DICTIONARIES[codec];
  if (dictionary === undefined) throw new Error(`packed JSON: unknown codec byte 0x${codec.toString(16)}`);
  return dictionary;
}

/**
 * zlib's compression level for every value: 6 (zlib's default), the smallest stream, because
 * on these values a lower level buys no CPU. Measured (session 9, issue 3: 1,000 signed licence
 * documents of 1,146 bytes, codec 0x01 dictionary, the reused context, CPU time per value,
 * medians of 5 alternating rounds in one process): levels 1, 2, 3, 4, 6 and 9 all take 23–26 µs
 * (459, 453, 432, 434, 423, 423 bytes), Z_FILTERED, Z_FIXED, Z_RLE and Z_HUFFMAN_ONLY 22–26 µs,
 * while level 0 (stored) takes 2.5 µs: on a value of one block, the time goes to coding its
 * symbols and building its Huffman trees, whatever the match search did. Brotli at quality
 * 0–4 (no preset dictionary in Node 20; a fresh stream per value) was no faster, 22–50 µs, and
 * 650–790 bytes.
 */
const LEVEL = 6;

/**
 * zlib's window and memory level for one value of `length` bytes (with its dictionary),
 * instead of the defaults (a 32 KiB window, memLevel 8: about 268 KiB allocated, and reported
 * to V8 as external memory, per call — the store packs two or three values per licence).
 * The window holds the dictionary, the value and zlib's look-ahead (MIN_LOOKAHEAD, 262 bytes),
 * so every match the default window allows is still in reach, and a block holds 2^(memLevel+6)
 * symbols, so the value fits in one as before: the stream is the same (tested on 9,000 real
 * documents, log entries and audit details: byte-identical), a value far larger than a licence
 * gets the defaults. The reader needs nothing: inflate with a 32 KiB window reads a stream made
 * with any smaller one (RFC 1951 §3.2.5: distances are at most 32,768).
 */
function deflateMemory(length: number): { windowBits: number; memLevel: number } {
  const bits = Math.ceil(Math.log2(length + 262));
  return { windowBits: Math.min(15, Math.max(9, bits)), memLevel: Math.min(8, Math.max(1, bits - 6)) };
}

/**
 * What a `DeflateRaw` keeps under its stream wrapper: the zlib context (`_handle`, Node's
 * `ZlibContext`) and the two counts its `writeSync` leaves behind (`_writeState`: output
 * space left, input left). Node's own `deflateRawSync` drives exactly these (lib/zlib.js,
 * processChunkSync), but builds a stream, initialises zlib and closes it again for every
 * value: for a log entry or audit details of 300–700 bytes that is about 6 of 12 µs of CPU
 * on the writer thread, twice per licence. `Reusable` keeps one context per dictionary and
 * memory size and resets it between values (deflateReset, then the dictionary again:
 * node_zlib.cc ZlibContext::ResetStream), so every value is a fresh stream that inflates to
 * exactly the value. Its bytes are `deflateRawSync`'s for a context's first value but NOT
 * always after: deflateReset leaves the window's bytes past the previous value in place (zlib
 * zeroes them only once, `high_water` in fill_window), longest_match reads up to MAX_MATCH
 * bytes past the input's end before clamping to it, and so may pick another, equally valid
 * match (the 1,154-byte sample licence of packed-json.bench.ts packs to 442 bytes fresh, 441
 * on a reused context). Nothing compares packed bytes: signatures, digests and leaf hashes are
 * over the unpacked bytes.
 */
interface ZlibInternals {
  readonly _handle?: {
    writeSync(
      flush: number,
      input: Uint8Array,
      inOff: number,
      inLen: number,
      out: Uint8Array,
      outOff: number,
      outLen: number,
    ): void;
    reset(): void;
  } | null;
  readonly _writeState?: Uint32Array;
  readonly destroyed: boolean;
}

/** Values up to this many bytes go through a reused context; larger ones (not a licence's) through deflateRawSync. */
const REUSED_MAX_BYTES = 16 * 1024;
/** Room for the codec byte and the stream: stored blocks add 5 bytes per 16 KiB (RFC 1951 §3.2.4), plus the end. */
const OUT_CAPACITY = 1 + REUSED_MAX_BYTES + 64;
/** A string of n UTF-16 units is at most 3n UTF-8 bytes: this many units always fit the input buffer. */
const INPUT_CAPACITY = 3 * REUSED_MAX_BYTES;

const reusable = new Map<number, DeflateRaw & ZlibInternals>();
let input: Buffer | undefined;
let output: Buffer | undefined;

/**
 * Deflates `bytes[0, length)` into `output` after the codec byte with a reused context, or
 * returns undefined (the caller then uses deflateRawSync): no such internals in this Node,
 * or the stream did not end in the room given.
 */
function packReused(codec: number, dictionary: Buffer, bytes: Uint8Array, length: number): Uint8Array | undefined {
  const memory = deflateMemory(dictionary.length + length);
  const key = (codec << 8) | (memory.windowBits << 4) | memory.memLevel;
  let engine = reusable.get(key);
  if (engine === undefined) {
    engine = new DeflateRaw({ level: LEVEL, dictionary, ...memory }) as DeflateRaw & ZlibInternals;
    // A zlib error destroys the stream and emits 'error' later: the value falls back (below), not the process.
    engine.on('error', () => {});
    reusable.set(key, engine);
  }
  const handle = engine._handle;
  const state = engine._writeState;
  if (handle == null || state === undefined || typeof handle.writeSync !== 'function') return undefined;
  output ??= Buffer.allocUnsafeSlow(OUT_CAPACITY);
  handle.writeSync(constants.Z_FINISH, bytes, 0, length, output, 1, OUT_CAPACITY - 1);
  const outLeft = state[0] ?? 0;
  const inLeft = state[1] ?? 1;
  if (engine.destroyed) {
    reusable.delete(key);
    return undefined;
  }
  handle.reset();
  // Z_FINISH with room left over and no input left: the stream ended.
  if (inLeft !== 0 || outLeft === 0) return undefined;
  output[0] = codec;
  return Uint8Array.prototype.slice.call(output, 0, OUT_CAPACITY - outLeft);
}

/**
 * Whether this Node gives `packJson` its reused zlib contexts (the internals above). Without
 * them every value still packs to the same bytes through deflateRawSync, only at twice the
 * writer's CPU: a test asserts true on the Node versions `engines` allows, so an upgrade that
 * renames the internals fails a test instead of silently slowing every issuance.
 *
 * @example packsWithReusedContext() // true on Node 20
 */
export function packsWithReusedContext(): boolean {
  const codec = CURRENT['audit-details'];
  // `{}`: the probe's context is kept like any other, for the next value of that size.
  return packReused(codec, dictionaryOf(codec), Uint8Array.of(0x7b, 0x7d), 2) !== undefined;
}

/**
 * Packs a JSON value's text (or its UTF-8 bytes) for storage. Any JSON value may be packed;
 * only a plain JSON object is read back unpacked (a stored value starting with `{`).
 *
 * @example const stored = packJson('licence-document', JSON.stringify(licence));
 */
export function packJson(kind: PackedJsonKind, json: string | Uint8Array): Uint8Array {
  const codec = CURRENT[kind];
  const dictionary = dictionaryOf(codec);
  // A string's length in UTF-16 units bounds its UTF-8 bytes from below: longer ones never fit.
  if (json.length <= REUSED_MAX_BYTES) {
    let bytes: Uint8Array = json as Uint8Array;
    let length = json.length;
    if (typeof json === 'string') {
      // UTF-8 into a kept buffer: no Buffer per value (RFC 8259 §8.1: JSON text is UTF-8).
      input ??= Buffer.allocUnsafeSlow(INPUT_CAPACITY);
      length = input.write(json, 0, 'utf8');
      bytes = input;
    }
    if (length <= REUSED_MAX_BYTES) {
      const packed = packReused(codec, dictionary, bytes, length);
      if (packed !== undefined) return packed;
    }
  }
  return packJsonFresh(kind, typeof json === 'string' ? Buffer.from(json, 'utf8') : json);
}

/**
 * {@link packJson} with a fresh zlib stream for the value (`deflateRawSync`): the path for
 * values past the reused contexts' range, and the reference they are tested against.
 *
 * @example packJsonFresh('log-entry', entry) // the same bytes as packJson('log-entry', entry)
 */
export function packJsonFresh(kind: PackedJsonKind, bytes: Uint8Array): Uint8Array {
  const codec = CURRENT[kind];
  const dictionary = dictionaryOf(codec);
  const deflated = deflateRawSync(bytes, {
    level: LEVEL,
    dictionary,
    ...deflateMemory(dictionary.length + bytes.length),
  });
  const out = new Uint8Array(deflated.length + 1);
  out[0] = codec;
  out.set(deflated, 1);
  return out;
}

/**
 * A signed licence as `licences.packed_document` keeps it: its `JSON.stringify` text
 * (member order as core built it), packed. The one place that text is made, whether on the
 * main thread (library/licence-records.ts) or on a signing thread (import/signing-worker.ts,
 * so that the main thread does not).
 *
 * @example const stored = packLicenceDocument(licence);
 */
export function packLicenceDocument(licence: unknown): Uint8Array {
  return packJson('licence-document', JSON.stringify(licence));
}

/**
 * The read side of the reused contexts: one `InflateRaw` per codec, reset between values
 * (inflateReset, then the dictionary again: node_zlib.cc ZlibContext::ResetStream sets a raw
 * inflater's dictionary at once), inflating into one kept buffer. `inflateRawSync` builds a
 * stream, a 32 KiB window and the dictionary for every value and allocates its result twice
 * (Node's chunk, then our copy): online verification, library reads and the holder's pages
 * unpack a licence document per request. The reader keeps the default 32 KiB window, so it
 * reads every stream any writer made (RFC 1951 §3.2.5). Measured, a 1,154-byte licence
 * document: see unpackJson.
 */
const inflaters = new Map<number, InflateRaw & ZlibInternals>();
/** Larger values (none a licence's) go through inflateRawSync. */
const INFLATED_CAPACITY = 64 * 1024;
let inflated: Buffer | undefined;

/**
 * Inflates `stored[1…]` with codec `codec`'s dictionary into the kept buffer and returns the
 * length written, or undefined (the caller then uses inflateRawSync, which also reports a
 * corrupt stream with zlib's own error): no such internals, a zlib error (truncated or corrupt
 * input), input left after the end of the stream, or a value past the buffer.
 */
function unpackReused(codec: number, dictionary: Buffer, stored: Uint8Array): number | undefined {
  let engine = inflaters.get(codec);
  if (engine === undefined) {
    engine = new InflateRaw({ dictionary }) as InflateRaw & ZlibInternals;
    // A zlib error destroys the stream and emits 'error' later: the value falls back, not the process.
    engine.on('error', () => {});
    inflaters.set(codec, engine);
  }
  const handle = engine._handle;
  const state = engine._writeState;
  if (handle == null || state === undefined || typeof handle.writeSync !== 'function') return undefined;
  inflated ??= Buffer.allocUnsafeSlow(INFLATED_CAPACITY);
  handle.writeSync(constants.Z_FINISH, stored, 1, stored.byteLength - 1, inflated, 0, INFLATED_CAPACITY);
  const outLeft = state[0] ?? 0;
  const inLeft = state[1] ?? 1;
  if (engine.destroyed) {
    inflaters.delete(codec);
    return undefined;
  }
  handle.reset();
  // Z_FINISH with room left over and all input read: the stream ended (a truncated one errs above).
  if (inLeft !== 0 || outLeft === 0) return undefined;
  return INFLATED_CAPACITY - outLeft;
}

/**
 * Whether this Node gives `unpackJson` its reused zlib contexts: as {@link packsWithReusedContext},
 * a test asserts true, so an upgrade that renames the internals fails a test.
 *
 * @example unpacksWithReusedContext() // true on Node 20
 */
export function unpacksWithReusedContext(): boolean {
  const codec = CURRENT['audit-details'];
  // Member names the dictionary holds, so the stream refers back into it: read twice, the second
  // read proves that a reset context has its dictionary again (else zlib finds a distance too far back).
  const probe = new TextEncoder().encode('{"holder":"","issuerCode":"","keyId":""}');
  const packed = packJsonFresh('audit-details', probe);
  const dictionary = dictionaryOf(codec);
  return (
    unpackReused(codec, dictionary, packed) === probe.length && unpackReused(codec, dictionary, packed) === probe.length
  );
}

/**
 * The exact bytes that were packed (plain JSON is returned as it is).
 *
 * @example const entry = unpackJson(row.entry);
 */
export function unpackJson(stored: Uint8Array): Uint8Array {
  const codec = stored[0];
  if (codec === undefined) throw new Error('packed JSON: empty value');
  if (codec === PLAIN_JSON) return stored;
  const dictionary = dictionaryOf(codec);
  const length = unpackReused(codec, dictionary, stored);
  if (length !== undefined) return Uint8Array.prototype.slice.call(inflated as Buffer, 0, length);
  return unpackJsonFresh(stored);
}

/**
 * {@link unpackJson} with a fresh zlib stream for the value (`inflateRawSync`): the path for
 * values past the reused context's range or corrupt ones (zlib's error is thrown), and the
 * reference the reused context is tested against.
 *
 * @example unpackJsonFresh(packJson('log-entry', entry)) // the bytes of entry
 */
export function unpackJsonFresh(stored: Uint8Array): Uint8Array {
  const codec = stored[0];
  if (codec === undefined) throw new Error('packed JSON: empty value');
  if (codec === PLAIN_JSON) return stored;
  const view = Buffer.from(stored.buffer, stored.byteOffset + 1, stored.byteLength - 1);
  return new Uint8Array(inflateRawSync(view, { dictionary: dictionaryOf(codec) }));
}

/**
 * {@link unpackJson} as text (UTF-8 decoded straight from the reused buffer: no byte copy).
 *
 * @example const licence = parseLicence(JSON.parse(unpackJsonText(row.packed_document)));
 */
export function unpackJsonText(stored: Uint8Array): string {
  const codec = stored[0];
  if (codec !== undefined && codec !== PLAIN_JSON) {
    const length = unpackReused(codec, dictionaryOf(codec), stored);
    if (length !== undefined) return (inflated as Buffer).toString('utf8', 0, length);
  }
  return Buffer.from(unpackJson(stored)).toString('utf8');
}
