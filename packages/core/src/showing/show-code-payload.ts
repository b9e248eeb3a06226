/**
 * The show code's binary payload (docs/design/show-code.md §3): a fixed header, the licence
 * identifier packed in base 36, the purpose and the shown fields, then the node's raw
 * 64-byte signature. Decoding is strict and total: hostile bytes get an `ERR_SHOWING_*`
 * error naming the part at fault, never a partial result; every value has one encoding
 * (minimal varints, dates always packed, integers never as decimal text), so a decoder
 * cannot be made to read two meanings into one code.
 *
 * Internal to `showing/`: `createShowCode`, `decodeShowCode` and `verifyShowCode` are the API.
 */
import { isFaceFieldKey } from '../catalogue/index.js';
import type { CompactDate } from '../dates.js';
import { HutongError } from '../errors.js';
import { formatLicenceId, LICENCE_ID_ROOT, type LicenceId, type TypeCode, type Uscc } from '../identifiers/index.js';
import { encodeBase64urlOf } from '../licence/base64url.js';
import type { FaceValue } from '../licence/index.js';
import { SHOWING_KEY_HINT_BYTES } from '../trust/verify-trust-list.js';
import type { OfflineStatus } from '../verify/index.js';
import { decodeBase45After, encodeBase45 } from './base45.js';
import { compactDateOfDays } from './instant.js';
import {
  MAX_PURPOSE_LENGTH,
  MAX_SHOW_CODE_LENGTH,
  MAX_SHOW_CODE_LIFETIME_SECONDS,
  MAX_SHOWN_FIELDS,
  SHOW_CODE_NONCE_BYTES,
  SHOW_CODE_PREFIX,
  SHOW_PURPOSE_CODES,
  SHOWABLE_METADATA,
  type ShowCode,
  type ShownField,
} from './show-code.js';
import { decodeStatusListSlot, encodeStatusListSlot, type StatusListSlot } from './status-list-slot.js';
import { decodeUtf8 } from './utf8.js';

/** Raw signature length of every suite (r‖s for SM2 and P-256, R‖S for Ed25519). */
export const SHOW_CODE_SIGNATURE_BYTES = 64;

/**
 * Domain separation: the node signs `hutong-show-code/1` ‖ 0x00 ‖ payload, so a show-code
 * signature can never be passed off as a signature over anything else the key might sign.
 */
const DOMAIN = new TextEncoder().encode('hutong-show-code/1\u0000');

const STATUS_BITS: Readonly<Record<OfflineStatus, number>> = { valid: 0, invalid: 1, suspended: 2 };
const STATUS_OF_BITS: readonly (OfflineStatus | undefined)[] = ['valid', 'invalid', 'suspended', undefined];
const LONG_TERM = 0x20;
// §3.5: a status-list slot follows the fields. Codes made before it have this bit clear.
const STATUS_SLOT = 0x10;
const RESERVED_FLAGS = 0x0f;

// Value kinds of a field (bits 6–4 of its first byte).
const KIND_TEXT = 0;
const KIND_DATE = 1;
const KIND_UINT = 2;
const KIND_NEGATIVE = 3;
const KIND_NUMBER = 4;
const KIND_FALSE = 5;
const KIND_TRUE = 6;
const MASKED = 0x80;

const MAX_FACE_TEXT = 4096;
const MAX_KEY_LENGTH = 48;
const MAX_PURPOSE_BYTES = MAX_PURPOSE_LENGTH * 4;
const MAX_NUMBER_TEXT = 32;
const SERIAL_MAX = 32;
// GB/T 36904: type code (21) + issuer code (18) + serial + version (3), check character dropped.
const FIXED_BODY = 42;

// Civil dates as days since 1900-01-01 in 3 bytes; 9999-12-31 is the last yyyyMMdd can write.
const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1900, 0, 1);
const MAX_DAYS = (Date.UTC(9999, 11, 31) - EPOCH_1900) / DAY_MS;
const DATE_SHAPE = /^[0-9]{8}$/;

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const FACE_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const LINE_CONTROL = /[\u0000-\u001f\u007f]/;
const SURROUNDING_SPACE = /^\s|\s$/;
const NUMBER_TEXT = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:e[+-][0-9]+)?$/;

const utf8Encoder = new TextEncoder();

// Base 36 packing (docs/design/show-code.md §3.2): 6 characters → 4 bytes (36^6 < 2^32),
// a final r characters → REMAINDER_BYTES[r] bytes.
const BASE36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const CHUNK = 6;
const POWERS_OF_36 = [1, 36, 1296, 46_656, 1_679_616, 60_466_176, 2_176_782_336] as const;
const REMAINDER_BYTES = [0, 1, 2, 2, 3, 4] as const;
const BASE36_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE36.length; i++) BASE36_VALUES[BASE36.charCodeAt(i)] = i;

/** The content of a show code, as the encoder takes it and the decoder gives it. */
export interface ShowCodeContent {
  readonly statusAtSigning: OfflineStatus;
  readonly keyHint: Uint8Array;
  /** Unix seconds. */
  readonly issuedAt: number;
  readonly lifetimeSeconds: number;
  readonly nonce: Uint8Array;
  readonly effectiveDate: string;
  readonly expiringDate?: string;
  readonly typeCode: string;
  readonly issuerCode: string;
  readonly serial: string;
  readonly version: string;
  readonly purpose: string;
  readonly fields: readonly ShownField[];
  /** The licence's entry in its issuer's status list, when the licence names a Hutong list. */
  readonly statusListSlot?: StatusListSlot;
}

/**
 * A show code's bytes, split into what the signature covers and the signature: one buffer
 * holding the signature's domain tag, the payload (from `start` to `end`) and the signature,
 * read by offsets rather than through a view per part (each view an object of ~100 bytes on
 * the verifier's hot path; docs/design/show-code.md §8).
 */
export interface OpenedShowCode {
  readonly bytes: Uint8Array;
  /** Where the payload starts (after the domain tag). */
  readonly start: number;
  /** Where the payload ends and the signature starts. */
  readonly end: number;
  /** Where the key hint starts, when the payload is long enough to hold one (checked by the full parse); else -1. */
  readonly hintAt: number;
  readonly signedBytes: Uint8Array;
  readonly signature: Uint8Array;
}

/** A decoded show code with what its signature covers. */
export interface ReadShowCode extends OpenedShowCode {
  readonly showCode: ShowCode;
}

/** `problemZh`: the same problem in Chinese, for the zh-CN message (every caller states both). */
function malformed(field: string, problem: string, problemZh: string): never {
  throw new HutongError('ERR_SHOWING_MALFORMED', {
    field,
    params: { field, problem },
    zhParams: { problem: problemZh },
  });
}

function truncated(field: string): never {
  throw new HutongError('ERR_SHOWING_TRUNCATED', { field, params: { field } });
}

/** A bad status-list slot (§3.5), reported with the show code's own error codes. */
function slotFailure(cut: boolean, problem: string, problemZh: string): never {
  return cut ? truncated('statusListSlot') : malformed('statusListSlot', problem, problemZh);
}

/** Days since 1900-01-01 of a real yyyyMMdd date from 1900 on, else undefined. */
export function packableDate(value: string): number | undefined {
  if (!DATE_SHAPE.test(value)) return undefined;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(4, 6));
  const day = Number(value.slice(6, 8));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return undefined;
  const time = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 20240230 over to March: a real date survives the round trip.
  if (new Date(time).getUTCDate() !== day) return undefined;
  return (time - EPOCH_1900) / DAY_MS;
}

// Days from 1900-01-01 to 1970-01-01.
const DAYS_1900_TO_1970 = 25_567;

/**
 * yyyyMMdd of a day count since 1900-01-01: integers only, no Date object on the verifier's
 * hot path (the civil-from-days algorithm in instant.ts).
 */
export function dateOfDays(days: number): CompactDate {
  return compactDateOfDays(days - DAYS_1900_TO_1970);
}

class Writer {
  readonly #bytes: number[] = [];

  u8(value: number): void {
    this.#bytes.push(value & 0xff);
  }

  u24(value: number): void {
    this.#bytes.push((value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
  }

  u32(value: number): void {
    this.#bytes.push((value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
  }

  bytes(values: Uint8Array): void {
    for (const b of values) this.#bytes.push(b);
  }

  /** Unsigned LEB128, minimal, for safe integers. */
  varint(value: number): void {
    let n = value;
    while (n >= 0x80) {
      this.#bytes.push((n % 0x80) | 0x80);
      n = Math.floor(n / 0x80);
    }
    this.#bytes.push(n);
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }
}

class Reader {
  bytes: Uint8Array = new Uint8Array(0);
  end = 0;
  pos = 0;

  /** Points the reader at a payload that starts at `start` and ends at `end`. */
  reset(bytes: Uint8Array, start: number, end: number): this {
    this.bytes = bytes;
    this.end = end;
    this.pos = start;
    return this;
  }

  u8(field: string): number {
    if (this.pos >= this.end) truncated(field);
    return this.bytes[this.pos++] as number;
  }

  u24(field: string): number {
    if (this.pos + 3 > this.end) truncated(field);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 3;
    return ((b[p] as number) << 16) | ((b[p + 1] as number) << 8) | (b[p + 2] as number);
  }

  u32(field: string): number {
    if (this.pos + 4 > this.end) truncated(field);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 4;
    return (
      (b[p] as number) * 0x1000000 + (((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number))
    );
  }

  /** Claims the next `length` bytes and returns where they start. */
  need(length: number, field: string): number {
    const at = this.pos;
    if (at + length > this.end) truncated(field);
    this.pos = at + length;
    return at;
  }

  varint(field: string): number {
    let value = 0;
    let scale = 1;
    // 8 groups of 7 bits hold every safe integer (53 bits).
    for (let i = 0; i < 8; i++) {
      const b = this.u8(field);
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) {
        if (i > 0 && b === 0) malformed(field, 'a number is not written in its shortest form', '数值未以最短形式书写');
        if (!Number.isSafeInteger(value)) malformed(field, 'a number is larger than 2^53 − 1', '数值大于 2^53 − 1');
        return value;
      }
      scale *= 0x80;
    }
    return malformed(field, 'a number is longer than 8 bytes', '数值超过 8 字节');
  }

  text(length: number, field: string): string {
    const at = this.need(length, field);
    const text = decodeUtf8(this.bytes, at, at + length);
    if (text === undefined) malformed(field, 'the text is not valid UTF-8', '文本不是有效的 UTF-8');
    return text;
  }
}

/**
 * The one reader every parse uses: parsing is synchronous, so no two parses share it at once.
 * One long-lived reader rather than one per code, because V8 keeps the shape ("map") of a
 * class's instances only while an instance is alive: with a reader per code, a full garbage
 * collection between two codes dropped it, deoptimised every function that had read a reader
 * and had TurboFan compile them all again on a background thread — the second core the
 * platform's signature check runs on (docs/design/show-code.md §8).
 */
const payloadReader = new Reader();

function packBase36(text: string, out: Writer): void {
  for (let start = 0; start < text.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, text.length);
    let value = 0;
    for (let i = start; i < end; i++) value = value * 36 + (BASE36_VALUES[text.charCodeAt(i)] as number);
    const bytes = end - start === CHUNK ? 4 : (REMAINDER_BYTES[end - start] as number);
    for (let k = bytes - 1; k >= 0; k--) out.u8(Math.floor(value / 256 ** k));
  }
}

/*
 * The identifier is unpacked straight into the character codes of its GB/T 36904 text —
 * root, dots and check character included — and made by one String.fromCharCode call: one
 * flat string per code, of which the type code, issuer code, serial and version are slices,
 * where joining five parts with a template literal made a chain of intermediate strings that
 * every later reader (a Map lookup, JSON) had to flatten (docs/design/show-code.md §8).
 */
const ID_PREFIX = `${LICENCE_ID_ROOT}.`;
// Where each part starts in the text: root '.', type (21) '.', issuer (18) '.', serial '.', version (3) '.', check.
const TYPE_AT = ID_PREFIX.length;
const ISSUER_AT = TYPE_AT + 22;
const SERIAL_AT = ISSUER_AT + 19;
const DOT = 46;

/**
 * One reused array of character codes per serial length (1 to 32), root and dots written
 * once: no array grown per code read (an array grown by push cost about 1.2 KiB of garbage
 * per verdict). Reading is synchronous, so no two reads share an array at once.
 */
const identifierCodes: number[][] = [];

function identifierCodesFor(serialLength: number): number[] {
  let codes = identifierCodes[serialLength];
  if (codes === undefined) {
    codes = new Array<number>(SERIAL_AT + serialLength + 6).fill(DOT);
    for (let i = 0; i < ID_PREFIX.length; i++) codes[i] = ID_PREFIX.charCodeAt(i);
    identifierCodes[serialLength] = codes;
  }
  return codes;
}

/** Digit values (0–35) of the packed body, before they become characters; reused like the codes. */
const bodyDigits = new Uint8Array(FIXED_BODY + SERIAL_MAX);
/** The character of each digit value. */
const DIGIT_CHARS = Uint8Array.from(BASE36, (c) => c.charCodeAt(0));
/**
 * ISO/IEC 7064 MOD 37,36 as a table: the state after digit d from state P (1–36) is
 * 2·S mod 37 with S = (P + d) mod 36, 0 read as 36 (the algorithm of identifiers/licence-id.ts).
 */
const MOD3736_NEXT = new Uint8Array(37 * 36);
for (let p = 0; p < 37; p++) {
  for (let d = 0; d < 36; d++) {
    const sum = (p + d) % 36 || 36;
    MOD3736_NEXT[p * 36 + d] = (2 * sum) % 37;
  }
}

/** Writes the three base-36 digits of `value` (< 36^3) at `at`. */
function putThreeDigits(at: number, value: number): void {
  const q1 = (value / 36) | 0;
  bodyDigits[at + 2] = value - q1 * 36;
  const q2 = (q1 / 36) | 0;
  bodyDigits[at + 1] = q1 - q2 * 36;
  bodyDigits[at] = q2;
}

/** What the identifier's unpacking found besides its text. */
let versionIsValid = false;

/** Copies digits `from` to `to` into `codes` at `at` as characters, advancing the check; returns the check. */
function writeDigits(codes: number[], at: number, from: number, to: number, check: number): number {
  let state = check;
  for (let i = from, o = at; i < to; i++, o++) {
    const digit = bodyDigits[i] as number;
    state = MOD3736_NEXT[state * 36 + digit] as number;
    codes[o] = DIGIT_CHARS[digit] as number;
  }
  return state;
}

/**
 * Unpacks the GB/T 36904 body (type, issuer, serial, version: `FIXED_BODY + serialLength`
 * base-36 characters) into the identifier's text, computing its ISO/IEC 7064 MOD 37,36 check
 * character from the digit values on the way: the verifier's hot path makes no string scans
 * for it. Also notes whether the version is three decimal digits other than 000
 * (`versionIsValid`), which the identifier check needs.
 */
function unpackIdentifier(reader: Reader, serialLength: number): string {
  const length = FIXED_BODY + serialLength;
  const chunks = Math.floor(length / CHUNK);
  const rest = length - chunks * CHUNK;
  const b = reader.bytes;
  let p = reader.need(chunks * 4 + (REMAINDER_BYTES[rest] as number), 'identifier');
  for (let start = 0; start < length; start += CHUNK) {
    const count = Math.min(length - start, CHUNK);
    if (count === CHUNK) {
      // Four bytes: up to 2^32 − 1, past the small integers; split once into two halves of three digits.
      const value =
        (b[p] as number) * 0x1000000 +
        (((b[p + 1] as number) << 16) | ((b[p + 2] as number) << 8) | (b[p + 3] as number));
      p += 4;
      if (value >= (POWERS_OF_36[CHUNK] as number))
        malformed('identifier', 'a packed group is out of range', '压缩组超出取值范围');
      const high = Math.floor(value / 46_656);
      putThreeDigits(start, high);
      putThreeDigits(start + 3, value - high * 46_656);
    } else {
      let value = 0;
      for (let k = REMAINDER_BYTES[count] as number; k > 0; k--) value = value * 256 + (b[p++] as number);
      if (value >= (POWERS_OF_36[count] as number))
        malformed('identifier', 'a packed group is out of range', '压缩组超出取值范围');
      for (let k = start + count - 1; k >= start; k--) {
        const quotient = Math.floor(value / 36);
        bodyDigits[k] = value - quotient * 36;
        value = quotient;
      }
    }
  }
  const codes = identifierCodesFor(serialLength);
  // The parts in order, each after its dot: type (21), issuer (18), serial, version (3).
  const versionAt = 39 + serialLength;
  let check = writeDigits(codes, TYPE_AT, 0, 21, 36);
  check = writeDigits(codes, ISSUER_AT, 21, 39, check);
  check = writeDigits(codes, SERIAL_AT, 39, versionAt, check);
  check = writeDigits(codes, SERIAL_AT + serialLength + 1, versionAt, length, check);
  const v0 = bodyDigits[versionAt] as number;
  const v1 = bodyDigits[versionAt + 1] as number;
  const v2 = bodyDigits[versionAt + 2] as number;
  versionIsValid = v0 < 10 && v1 < 10 && v2 < 10 && (v0 | v1 | v2) !== 0;
  // The check character c makes (P + c) mod 36 = 1, the hybrid system's invariant.
  codes[codes.length - 1] = DIGIT_CHARS[(37 - check) % 36] as number;
  return String.fromCharCode.apply(null, codes);
}

function writeText(out: Writer, text: string): void {
  const bytes = utf8Encoder.encode(text);
  out.varint(bytes.length);
  out.bytes(bytes);
}

function kindOf(value: FaceValue): number {
  if (typeof value === 'boolean') return value ? KIND_TRUE : KIND_FALSE;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) return KIND_NUMBER;
    return value >= 0 ? KIND_UINT : KIND_NEGATIVE;
  }
  return packableDate(value) === undefined ? KIND_TEXT : KIND_DATE;
}

/** A field: head byte (masked bit, value kind, key tag), the key when it is a face key, the value. */
function writeField(out: Writer, field: ShownField): void {
  const tag = field.source === 'metadata' ? (SHOWABLE_METADATA as readonly string[]).indexOf(field.key) + 1 : 0;
  const value = field.value;
  const kind = kindOf(value);
  out.u8((field.masked ? MASKED : 0) | (kind << 4) | tag);
  if (tag === 0) {
    out.u8(field.key.length);
    out.bytes(utf8Encoder.encode(field.key));
  }
  switch (kind) {
    case KIND_TEXT:
      writeText(out, value as string);
      return;
    case KIND_DATE:
      out.u24(packableDate(value as string) as number);
      return;
    case KIND_UINT:
      out.varint(value as number);
      return;
    case KIND_NEGATIVE:
      out.varint(-(value as number));
      return;
    case KIND_NUMBER: {
      const text = String(value);
      out.u8(text.length);
      out.bytes(utf8Encoder.encode(text));
      return;
    }
    default:
      // Booleans are all in the kind.
      return;
  }
}

/**
 * The payload bytes (without signature) of a show code. The content must already be
 * checked (createShowCode does): this only writes.
 */
export function encodeShowCodePayload(content: ShowCodeContent): Uint8Array {
  const out = new Writer();
  const longTerm = content.expiringDate === undefined;
  const slot = content.statusListSlot;
  out.u8(
    (STATUS_BITS[content.statusAtSigning] << 6) | (longTerm ? LONG_TERM : 0) | (slot === undefined ? 0 : STATUS_SLOT),
  );
  out.bytes(content.keyHint);
  out.u32(content.issuedAt);
  out.u8(content.lifetimeSeconds);
  out.bytes(content.nonce);
  out.u24(packableDate(content.effectiveDate) as number);
  if (content.expiringDate !== undefined) out.u24(packableDate(content.expiringDate) as number);

  out.u8(content.serial.length);
  packBase36(`${content.typeCode}${content.issuerCode}${content.serial}${content.version}`, out);

  const code = (SHOW_PURPOSE_CODES as readonly string[]).indexOf(content.purpose);
  if (code >= 0) {
    out.u8(code + 1);
  } else {
    const bytes = utf8Encoder.encode(content.purpose);
    out.u8(0);
    out.u8(bytes.length);
    out.bytes(bytes);
  }

  out.u8(content.fields.length);
  for (const field of content.fields) writeField(out, field);
  if (slot !== undefined) for (const b of encodeStatusListSlot(slot)) out.u8(b);
  return out.finish();
}

/** The bytes the node signs: the domain tag, then the payload. */
export function showCodeSignedBytes(payload: Uint8Array, length = payload.length): Uint8Array {
  const out = new Uint8Array(DOMAIN.length + length);
  out.set(DOMAIN);
  out.set(length === payload.length ? payload : payload.subarray(0, length), DOMAIN.length);
  return out;
}

/** `HT1:` + base45(payload ‖ signature). */
export function formatShowCode(payload: Uint8Array, signature: Uint8Array): string {
  const all = new Uint8Array(payload.length + signature.length);
  all.set(payload);
  all.set(signature, payload.length);
  return SHOW_CODE_PREFIX + encodeBase45(all);
}

function readValue(reader: Reader, kind: number, field: string): FaceValue {
  switch (kind) {
    case KIND_TEXT: {
      const length = reader.varint(field);
      // UTF-8 takes at most 3 bytes per UTF-16 code unit.
      if (length > MAX_FACE_TEXT * 3) malformed(field, 'the text is too long', '文本过长');
      const text = reader.text(length, field);
      if (text.length > MAX_FACE_TEXT)
        malformed(field, `the text is longer than ${MAX_FACE_TEXT} characters`, `文本超过 ${MAX_FACE_TEXT} 个字符`);
      if (FACE_CONTROL.test(text)) malformed(field, 'the text contains a control character', '文本含有控制字符');
      if (packableDate(text) !== undefined)
        malformed(field, 'a date is written as text, not packed', '日期以文本而非压缩形式书写');
      return text;
    }
    case KIND_DATE: {
      const days = reader.u24(field);
      if (days > MAX_DAYS) malformed(field, 'the date is after 9999-12-31', '日期晚于 9999-12-31');
      return dateOfDays(days);
    }
    case KIND_UINT:
      return reader.varint(field);
    case KIND_NEGATIVE: {
      const magnitude = reader.varint(field);
      if (magnitude === 0) malformed(field, 'zero is written as negative', '零被写成了负数');
      return -magnitude;
    }
    case KIND_NUMBER: {
      const length = reader.u8(field);
      if (length === 0 || length > MAX_NUMBER_TEXT)
        malformed(field, 'the number text has an impossible length', '数值文本的长度不可能成立');
      const text = reader.text(length, field);
      const value = Number(text);
      // One spelling per number: ECMAScript's shortest round trip, and integers never here.
      if (!NUMBER_TEXT.test(text) || !Number.isFinite(value) || String(value) !== text || Number.isSafeInteger(value)) {
        malformed(field, 'the number is not in its one canonical form', '数值不是唯一的规范形式');
      }
      return value;
    }
    case KIND_FALSE:
      return false;
    case KIND_TRUE:
      return true;
    default:
      return malformed(field, `value kind ${kind} is reserved`, `值类型 ${kind} 为保留值`);
  }
}

function readPurpose(reader: Reader): string {
  const tag = reader.u8('purpose');
  if (tag !== 0) {
    const code = SHOW_PURPOSE_CODES[tag - 1];
    if (code === undefined) malformed('purpose', `purpose code ${tag} is not defined`, `未定义事由代码 ${tag}`);
    return code;
  }
  const length = reader.u8('purpose');
  if (length === 0 || length > MAX_PURPOSE_BYTES)
    malformed('purpose', 'the purpose text has an impossible length', '事由文本的长度不可能成立');
  const text = reader.text(length, 'purpose');
  if ([...text].length > MAX_PURPOSE_LENGTH)
    malformed('purpose', `longer than ${MAX_PURPOSE_LENGTH} characters`, `超过 ${MAX_PURPOSE_LENGTH} 个字符`);
  if (LINE_CONTROL.test(text) || SURROUNDING_SPACE.test(text)) {
    malformed('purpose', 'control characters or surrounding white space', '含有控制字符或首尾空白');
  }
  if ((SHOW_PURPOSE_CODES as readonly string[]).includes(text))
    malformed('purpose', 'a purpose code written as text', '事由代码被写成了文本');
  return text;
}

/** The names errors give the parts of each field, made once rather than per code read. */
const FIELD_NAMES = Array.from({ length: MAX_SHOWN_FIELDS }, (_, i) => ({
  field: `fields[${i}]`,
  key: `fields[${i}].key`,
  value: `fields[${i}].value`,
}));

function readFields(reader: Reader): ShownField[] {
  const count = reader.u8('fields');
  if (count > MAX_SHOWN_FIELDS)
    malformed('fields', `more than ${MAX_SHOWN_FIELDS} fields`, `字段超过 ${MAX_SHOWN_FIELDS} 个`);
  const fields: ShownField[] = [];
  for (let i = 0; i < count; i++) {
    const names = FIELD_NAMES[i] as (typeof FIELD_NAMES)[number];
    const field = names.field;
    const head = reader.u8(field);
    const tag = head & 0x0f;
    let source: ShownField['source'];
    let key: string;
    if (tag === 0) {
      const length = reader.u8(names.key);
      if (length === 0 || length > MAX_KEY_LENGTH)
        malformed(names.key, 'the key has an impossible length', '字段键的长度不可能成立');
      key = reader.text(length, names.key);
      if (!isFaceFieldKey(key))
        malformed(names.key, 'not a face field key (lowerCamelCase ASCII)', '不是照面字段键（小驼峰 ASCII）');
      source = 'face';
    } else {
      const name = SHOWABLE_METADATA[tag - 1];
      if (name === undefined) malformed(field, `metadata tag ${tag} is not defined`, `未定义元数据标签 ${tag}`);
      key = name;
      source = 'metadata';
    }
    for (const earlier of fields) {
      if (earlier.key === key && earlier.source === source)
        malformed(field, `"${key}" appears twice`, `“${key}”出现了两次`);
    }
    const kind = (head >> 4) & 0x07;
    // GB/T 36903 metadata elements are text; only face fields hold numbers and booleans.
    if (source === 'metadata' && kind !== KIND_TEXT && kind !== KIND_DATE) {
      malformed(
        names.value,
        `metadata element ${key} holds text, not value kind ${kind}`,
        `元数据项 ${key} 应为文本，而不是值类型 ${kind}`,
      );
    }
    const value = readValue(reader, kind, names.value);
    fields.push({ source, key, value, masked: (head & MASKED) !== 0 });
  }
  return fields;
}

/**
 * Type and issuer codes already found valid (GB 32100 and GB 11714 check characters). A
 * verifier meets few distinct ones — the issuers and types of its trust list — so checking
 * each once keeps the full USCC checks off the hot path; the cache is bounded. Keyed by the
 * identifier's `<type>.<issuer>` slice, which the lookup hashes without copying.
 */
const validCodePairs = new Set<string>();
const MAX_CACHED_PAIRS = 4096;

/**
 * The GB/T 36904 identifier of an unpacked text, validated as `formatLicenceId` validates
 * it: the text as it is when its type and issuer codes were found valid before and its
 * version is valid, else `formatLicenceId`'s own answer (or its error, as ERR_SHOWING_IDENTIFIER).
 */
function identifierOf(text: string, serialLength: number): LicenceId {
  const pair = text.slice(TYPE_AT, SERIAL_AT - 1);
  // The serial is [0-9A-Z]{1,32} by construction (base 36, length checked); the rest is checked here.
  if (versionIsValid && validCodePairs.has(pair)) return text as LicenceId;
  let identifier: LicenceId;
  try {
    identifier = formatLicenceId({
      typeCode: text.slice(TYPE_AT, ISSUER_AT - 1),
      issuerCode: text.slice(ISSUER_AT, SERIAL_AT - 1),
      serial: text.slice(SERIAL_AT, SERIAL_AT + serialLength),
      version: text.slice(SERIAL_AT + serialLength + 1, SERIAL_AT + serialLength + 4),
    });
  } catch (error) {
    throw new HutongError('ERR_SHOWING_IDENTIFIER', {
      field: 'identifier',
      params: { detail: error instanceof HutongError ? `${error.code}: ${error.message}` : 'unreadable' },
      zhParams: { detail: error instanceof HutongError ? `${error.code}: ${error.localize('zh-CN')}` : '无法识读' },
      cause: error,
    });
  }
  if (validCodePairs.size >= MAX_CACHED_PAIRS) validCodePairs.clear();
  validCodePairs.add(pair);
  return identifier;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/**
 * The first step of reading a code: the text's prefix, length and base45, split into
 * payload and signature. Enough to start checking the signature while the payload is
 * parsed (`verifyShowCode` overlaps the two).
 */
export function openShowCode(text: unknown): OpenedShowCode {
  if (typeof text !== 'string') {
    throw new HutongError('ERR_SHOWING_NOT_TEXT', { field: 'code', params: { type: describeType(text) } });
  }
  if (text.length > MAX_SHOW_CODE_LENGTH) {
    throw new HutongError('ERR_SHOWING_TOO_LONG', {
      field: 'code',
      params: { found: text.length, max: MAX_SHOW_CODE_LENGTH },
    });
  }
  if (!text.startsWith(SHOW_CODE_PREFIX)) {
    throw new HutongError('ERR_SHOWING_PREFIX', {
      field: 'prefix',
      params: {
        expected: SHOW_CODE_PREFIX,
        found: JSON.stringify(text.slice(0, SHOW_CODE_PREFIX.length)).slice(1, -1),
      },
    });
  }
  // One buffer: the domain tag, then the decoded payload and signature; the signed bytes are
  // its first part, not a copy (showCodeSignedBytes writes the same bytes).
  const all = decodeBase45After(text, SHOW_CODE_PREFIX.length, DOMAIN.length);
  all.set(DOMAIN);
  const start = DOMAIN.length;
  const end = all.length - SHOW_CODE_SIGNATURE_BYTES;
  if (end < start) truncated('signature');
  return {
    bytes: all,
    start,
    end,
    // The hint follows the flags byte.
    hintAt: end - start > SHOWING_KEY_HINT_BYTES ? start + 1 : -1,
    signedBytes: all.subarray(0, end),
    signature: all.subarray(end),
  };
}

/**
 * The second step: the payload of an opened code, strictly. Throws only `ERR_SHOWING_*`
 * errors (the identifier's own error as the cause of `ERR_SHOWING_IDENTIFIER`).
 */
export function parseShowCodePayload(opened: OpenedShowCode): ShowCode {
  const { bytes, end } = opened;
  const reader = payloadReader.reset(bytes, opened.start, end);

  const flags = reader.u8('flags');
  if ((flags & RESERVED_FLAGS) !== 0) malformed('flags', 'reserved bits are set', '设置了保留位');
  const statusAtSigning = STATUS_OF_BITS[flags >> 6];
  if (statusAtSigning === undefined) malformed('flags', 'status value 3 is reserved', '状态值 3 为保留值');
  const hintAt = reader.need(SHOWING_KEY_HINT_BYTES, 'keyHint');
  const issuedAt = reader.u32('issuedAt');
  const lifetime = reader.u8('lifetime');
  if (lifetime < 1 || lifetime > MAX_SHOW_CODE_LIFETIME_SECONDS) {
    throw new HutongError('ERR_SHOWING_LIFETIME', {
      field: 'lifetime',
      params: { found: lifetime, max: MAX_SHOW_CODE_LIFETIME_SECONDS },
    });
  }
  const nonceAt = reader.need(SHOW_CODE_NONCE_BYTES, 'nonce');
  const effectiveDays = reader.u24('effectiveDate');
  if (effectiveDays > MAX_DAYS) malformed('effectiveDate', 'the date is after 9999-12-31', '日期晚于 9999-12-31');
  let expiringDays: number | undefined;
  if ((flags & LONG_TERM) === 0) {
    expiringDays = reader.u24('expiringDate');
    if (expiringDays > MAX_DAYS) malformed('expiringDate', 'the date is after 9999-12-31', '日期晚于 9999-12-31');
    // GB/T 36903 (and the licence contract): a licence does not expire before it takes effect.
    if (expiringDays < effectiveDays)
      malformed('expiringDate', 'the licence expires before it takes effect', '证照在生效之前就已到期');
  }

  const serialLength = reader.u8('identifier');
  if (serialLength < 1 || serialLength > SERIAL_MAX)
    malformed('identifier', 'the serial length is not 1 to 32', '流水号长度不在 1 至 32 之间');
  const identifier = identifierOf(unpackIdentifier(reader, serialLength), serialLength);
  const typeCode = identifier.slice(TYPE_AT, ISSUER_AT - 1);
  const issuerCode = identifier.slice(ISSUER_AT, SERIAL_AT - 1);

  const purpose = readPurpose(reader);
  const fields = readFields(reader);
  let statusListSlot: StatusListSlot | undefined;
  if ((flags & STATUS_SLOT) !== 0) {
    [statusListSlot, reader.pos] = decodeStatusListSlot(bytes, reader.pos, end, slotFailure);
  }
  if (reader.pos !== end) {
    throw new HutongError('ERR_SHOWING_TRAILING_BYTES', { field: 'fields', params: { count: end - reader.pos } });
  }

  const effectiveDate = dateOfDays(effectiveDays);
  const issuedAtDate = new Date(issuedAt * 1000);
  const expiresAt = new Date((issuedAt + lifetime) * 1000);
  const nonceText = encodeBase64urlOf(bytes, nonceAt, nonceAt + SHOW_CODE_NONCE_BYTES);
  const keyHint = encodeBase64urlOf(bytes, hintAt, hintAt + SHOWING_KEY_HINT_BYTES);
  // One object literal per combination of the optional members, never members added to a
  // made object: V8 keeps a literal's shape for good, but drops the shape of an object grown
  // member by member whenever a full garbage collection finds none alive, deoptimising every
  // function that read one (the verifier's checks) until TurboFan compiles them again
  // (docs/design/show-code.md §8).
  if (expiringDays === undefined) {
    if (statusListSlot === undefined) {
      return {
        identifier,
        typeCode: typeCode as TypeCode,
        issuerCode: issuerCode as Uscc,
        statusAtSigning,
        effectiveDate,
        purpose,
        fields,
        issuedAt: issuedAtDate,
        expiresAt,
        nonce: nonceText,
        keyHint,
      };
    }
    return {
      identifier,
      typeCode: typeCode as TypeCode,
      issuerCode: issuerCode as Uscc,
      statusAtSigning,
      effectiveDate,
      purpose,
      fields,
      issuedAt: issuedAtDate,
      expiresAt,
      nonce: nonceText,
      keyHint,
      statusListSlot,
    };
  }
  const expiringDate = dateOfDays(expiringDays);
  if (statusListSlot === undefined) {
    return {
      identifier,
      typeCode: typeCode as TypeCode,
      issuerCode: issuerCode as Uscc,
      statusAtSigning,
      effectiveDate,
      purpose,
      fields,
      issuedAt: issuedAtDate,
      expiresAt,
      nonce: nonceText,
      keyHint,
      expiringDate,
    };
  }
  return {
    identifier,
    typeCode: typeCode as TypeCode,
    issuerCode: issuerCode as Uscc,
    statusAtSigning,
    effectiveDate,
    purpose,
    fields,
    issuedAt: issuedAtDate,
    expiresAt,
    nonce: nonceText,
    keyHint,
    expiringDate,
    statusListSlot,
  };
}

/**
 * Reads a show code's text strictly into its content, the signed bytes and the signature.
 * Throws only `ERR_SHOWING_*` errors.
 */
export function readShowCode(text: unknown): ReadShowCode {
  const opened = openShowCode(text);
  return { ...opened, showCode: parseShowCodePayload(opened) };
}
