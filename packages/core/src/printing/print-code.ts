/**
 * Print codes (打印码, `HP1`): the long-lived token in the QR code of a printed licence or an
 * annotated copy (加注件), signed by the node's showing key like a show code but under its own
 * domain prefix, so neither can pass for the other. It binds the licence identifier (hence
 * type, issuer and version), a digest of the face as printed, the print time and, on an
 * annotated copy, the use cause, relying party and expiry. The contract is
 * docs/design/printed-licence.md.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { canonicalBytes, hasLoneSurrogate } from '../canonical/index.js';
import type { LicenceType } from '../catalogue/index.js';
import { isSuiteName, type SigningKey } from '../crypto/types.js';
import { HutongError } from '../errors.js';
import {
  type LicenceId,
  licenceIdParts,
  parseLicenceId,
  parseUscc,
  type TypeCode,
  type Uscc,
} from '../identifiers/index.js';
import {
  decodeBase64url,
  encodeBase64url,
  type FaceValue,
  isKeyId,
  type Licence,
  parseLicenceWithWarnings,
} from '../licence/index.js';
import { decodeBase45, encodeBase45 } from '../showing/base45.js';
import {
  decodeStatusListSlot,
  encodeStatusListSlot,
  type StatusListSlot,
  statusListSlotOf,
} from '../showing/status-list-slot.js';
import { SHOWING_KEY_HINT_BYTES } from '../trust/verify-trust-list.js';

/** Every print code of this version of the contract starts with this (QR alphanumeric characters). */
export const PRINT_CODE_PREFIX = 'HP1:';
/** Longest print code, in characters (a QR code of version 20 at level M holds 970 alphanumerics). */
export const MAX_PRINT_CODE_LENGTH = 970;
/** Bytes of the face digest: the first 16 bytes of SHA-256 (128-bit second-preimage resistance). */
export const PRINT_FACE_DIGEST_BYTES = 16;
/** Longest use cause and relying-party name of an annotation, in Unicode characters. */
export const MAX_ANNOTATION_TEXT = 64;
/** The GB/T 36903 metadata elements printed on the face, in the order they are printed. */
export const PRINTED_METADATA = [
  'certificateName',
  'certificateNumber',
  'certificateHolderName',
  'certificateHolderCode',
  'certificateIssuingAuthorityName',
  'certificateIssuedDate',
  'certificateEffectiveDate',
  'certificateExpiringDate',
] as const;
export type PrintedMetadata = (typeof PRINTED_METADATA)[number];

const SIGNATURE_BYTES = 64;
const ANNOTATED = 0x80;
// §3: the licence's status-list slot follows the last member. Codes printed before it have this bit clear.
const STATUS_SLOT = 0x40;
const RESERVED_FLAGS = 0x3f;
const MAX_IDENTIFIER_BYTES = 128;
const SIGNED_DOMAIN = new TextEncoder().encode('hutong-print-code/1\u0000');
const FACE_DOMAIN = new TextEncoder().encode('hutong-printed-face/1\u0000');
const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const LINE_CONTROL = /[\u0000-\u001f\u007f]/;
const SURROUNDING_SPACE = /^\s|\s$/;

/**
 * The face as printed: the printed metadata elements and every face field of the type that is
 * not an image, with the licence's values in full. The digest in the code is over exactly this.
 */
export interface PrintedFace {
  readonly metadata: Readonly<Partial<Record<PrintedMetadata, string>>>;
  readonly face: Readonly<Record<string, FaceValue>>;
}

/** What an annotated copy (加注件) says besides the licence: who may use it, why, until when. */
export interface PrintAnnotation {
  /** 用证事由, 1–64 characters. */
  readonly useCause: string;
  /** The relying party's unified social credit code. */
  readonly relyingPartyCode: Uscc;
  /** The relying party's name, 1–64 characters. */
  readonly relyingPartyName: string;
  /** Whole seconds; the copy is refused from this instant on. */
  readonly expiresAt: Date;
}

/** A decoded print code (the signature is checked by `verifyPrintCode`). */
export interface PrintCode {
  readonly identifier: LicenceId;
  readonly typeCode: TypeCode;
  readonly issuerCode: Uscc;
  /** The licence version printed (`001` …), from the identifier. */
  readonly version: string;
  /** Whole seconds. */
  readonly printedAt: Date;
  /** base64url of the 16-byte face digest. */
  readonly faceDigest: string;
  /** The first 8 bytes of the showing key's RFC 7638 thumbprint, base64url. */
  readonly keyHint: string;
  readonly annotation?: PrintAnnotation;
  /** The licence's entry in its issuer's status list; absent in codes printed before codes carried it. */
  readonly statusListSlot?: StatusListSlot;
}

/** A code split into what the signature covers and the signature. */
export interface OpenedPrintCode {
  readonly bytes: Uint8Array;
  readonly end: number;
  readonly hint: Uint8Array | undefined;
  readonly signedBytes: Uint8Array;
  readonly signature: Uint8Array;
}

/** `problemZh`: the same problem in Chinese, for the zh-CN message (every caller states both). */
function malformed(field: string, problem: string, problemZh: string): never {
  throw new HutongError('ERR_PRINTING_MALFORMED', {
    field,
    params: { field, problem },
    zhParams: { problem: problemZh },
  });
}

function truncated(field: string): never {
  throw new HutongError('ERR_PRINTING_TRUNCATED', { field, params: { field } });
}

/** `problemZh`: the same problem in Chinese, for the zh-CN message (every caller states both). */
function refuse(field: string, problem: string, problemZh: string): never {
  throw new HutongError('ERR_PRINTING_INPUT', { field, params: { field, problem }, zhParams: { problem: problemZh } });
}

/** What is wrong with an annotation's text, in English and in Chinese. */
function textProblem(value: unknown): readonly [en: string, zh: string] | undefined {
  if (typeof value !== 'string') return ['is not a string', '不是字符串'];
  const length = [...value].length;
  if (length === 0) return ['is empty', '为空'];
  if (length > MAX_ANNOTATION_TEXT) {
    return [
      `is ${length} characters long (at most ${MAX_ANNOTATION_TEXT})`,
      `长度为 ${length} 个字符（至多 ${MAX_ANNOTATION_TEXT} 个）`,
    ];
  }
  if (LINE_CONTROL.test(value)) return ['contains a control character', '含有控制字符'];
  if (SURROUNDING_SPACE.test(value)) return ['begins or ends with white space', '首尾有空白字符'];
  if (hasLoneSurrogate(value)) return ['contains a lone UTF-16 surrogate', '含有孤立的 UTF-16 代理项'];
  return undefined;
}

/**
 * The face of a licence as Hutong prints it (`PrintedFace`): the printed metadata and the
 * type's non-image face fields present in the licence, in the type's order.
 *
 * @example printedFaceOf(licence, type).face // { name: '王小明', birthDate: '19491231', … }
 */
export function printedFaceOf(licence: Licence, type: LicenceType): PrintedFace {
  const metadata: Partial<Record<PrintedMetadata, string>> = {};
  const m = licence.metadata as unknown as Record<string, unknown>;
  for (const key of PRINTED_METADATA) {
    const value = m[key];
    if (typeof value === 'string') metadata[key] = value;
  }
  const face: Record<string, FaceValue> = {};
  for (const field of type.faceFields) {
    if (field.type === 'image') continue;
    const value = licence.face[field.key];
    if (value !== undefined) face[field.key] = value;
  }
  return { metadata, face };
}

function isFaceValue(value: unknown): value is FaceValue {
  return (
    typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))
  );
}

/**
 * The 16-byte digest a print code carries: the first 16 bytes of
 * SHA-256(`hutong-printed-face/1` ‖ 0x00 ‖ RFC 8785 JSON of `{"face":…,"metadata":…}`).
 * Throws `ERR_PRINTING_FACE_INVALID` for anything that is not a printed face.
 */
export function printedFaceDigest(printed: PrintedFace): Uint8Array {
  if (typeof printed !== 'object' || printed === null) {
    throw new HutongError('ERR_PRINTING_FACE_INVALID', {
      field: 'face',
      params: { problem: 'it is not an object' },
      zhParams: { problem: '不是对象' },
    });
  }
  const { metadata, face } = printed as { metadata?: unknown; face?: unknown };
  const keys = Object.keys(printed);
  if (keys.some((k) => k !== 'metadata' && k !== 'face')) {
    throw new HutongError('ERR_PRINTING_FACE_INVALID', {
      field: 'face',
      params: { problem: 'only "metadata" and "face" are allowed' },
      zhParams: { problem: '只允许“metadata”和“face”' },
    });
  }
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new HutongError('ERR_PRINTING_FACE_INVALID', {
      field: 'face.metadata',
      params: { problem: '"metadata" is not an object' },
      zhParams: { problem: '“metadata”不是对象' },
    });
  }
  for (const [key, value] of Object.entries(metadata)) {
    if (!(PRINTED_METADATA as readonly string[]).includes(key) || typeof value !== 'string') {
      throw new HutongError('ERR_PRINTING_FACE_INVALID', {
        field: `face.metadata.${key}`,
        params: { problem: `metadata.${key} is not a printed element with a text value` },
        zhParams: { problem: `metadata.${key} 不是带文本值的打印项` },
      });
    }
  }
  if (typeof face !== 'object' || face === null || Array.isArray(face)) {
    throw new HutongError('ERR_PRINTING_FACE_INVALID', {
      field: 'face.face',
      params: { problem: '"face" is not an object' },
      zhParams: { problem: '“face”不是对象' },
    });
  }
  for (const [key, value] of Object.entries(face)) {
    if (!isFaceValue(value)) {
      throw new HutongError('ERR_PRINTING_FACE_INVALID', {
        field: `face.face.${key}`,
        params: { problem: `face.${key} is not a text, number or boolean` },
        zhParams: { problem: `face.${key} 不是文本、数值或布尔值` },
      });
    }
  }
  let json: Uint8Array;
  try {
    json = canonicalBytes({ face, metadata });
  } catch (error) {
    throw new HutongError('ERR_PRINTING_FACE_INVALID', {
      field: 'face',
      params: { problem: error instanceof Error ? error.message.slice(0, 200) : 'not canonical JSON' },
      zhParams: {
        problem:
          error instanceof HutongError
            ? error.localize('zh-CN').slice(0, 200)
            : error instanceof Error
              ? error.message.slice(0, 200)
              : '不是规范 JSON',
      },
      cause: error,
    });
  }
  const input = new Uint8Array(FACE_DOMAIN.length + json.length);
  input.set(FACE_DOMAIN, 0);
  input.set(json, FACE_DOMAIN.length);
  return sha256(input).subarray(0, PRINT_FACE_DIGEST_BYTES);
}

function u32(out: number[], value: number): void {
  out.push((value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

function shortText(out: number[], text: string): void {
  const bytes = utf8.encode(text);
  out.push(bytes.length, ...bytes);
}

/** `hutong-print-code/1` ‖ 0x00 ‖ payload: what the showing key signs. */
function signedBytesOf(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(SIGNED_DOMAIN.length + payload.length);
  out.set(SIGNED_DOMAIN, 0);
  out.set(payload, SIGNED_DOMAIN.length);
  return out;
}

/** What the printer needs: the licence and its catalogue entry, optionally an annotation. */
export interface PrintCodeInput {
  readonly licence: Licence;
  readonly type: LicenceType;
  readonly annotation?: PrintAnnotation;
}

export interface CreatePrintCodeOptions {
  /** The print time (whole seconds are kept). */
  readonly now: Date;
}

export interface CreatedPrintCode {
  /** `HP1:` + base45. */
  readonly text: string;
  readonly printedAt: Date;
  readonly keyId: string;
  /** The face the digest is over: what the PDF prints. */
  readonly face: PrintedFace;
  readonly faceDigest: string;
  readonly annotation?: PrintAnnotation;
}

function readSeconds(value: unknown, field: string): number {
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    refuse(field, 'must be a valid Date', '须为有效的 Date');
  const seconds = Math.floor(value.getTime() / 1000);
  if (seconds < 0 || seconds > 0xffffffff)
    refuse(field, 'must be between 1970 and 2106 (32-bit seconds)', '须在 1970 年至 2106 年之间（32 位秒数）');
  return seconds;
}

function readAnnotation(value: unknown, printedAt: number): PrintAnnotation & { readonly seconds: number } {
  if (typeof value !== 'object' || value === null) refuse('annotation', 'must be an object', '须为对象');
  const a = value as Record<string, unknown>;
  const causeProblem = textProblem(a.useCause);
  if (causeProblem !== undefined) refuse('annotation.useCause', ...causeProblem);
  const nameProblem = textProblem(a.relyingPartyName);
  if (nameProblem !== undefined) refuse('annotation.relyingPartyName', ...nameProblem);
  let code: Uscc;
  try {
    code = parseUscc(a.relyingPartyCode);
  } catch {
    refuse(
      'annotation.relyingPartyCode',
      'must be a unified social credit code (GB 32100)',
      '须为统一社会信用代码（GB 32100）',
    );
  }
  const seconds = readSeconds(a.expiresAt, 'annotation.expiresAt');
  if (seconds <= printedAt) refuse('annotation.expiresAt', 'must be after the print time', '须晚于打印时间');
  return {
    useCause: a.useCause as string,
    relyingPartyCode: code,
    relyingPartyName: a.relyingPartyName as string,
    expiresAt: new Date(seconds * 1000),
    seconds,
  };
}

/**
 * Makes a print code for a licence (and, with `annotation`, for an annotated copy), signed
 * with the node's showing key over `hutong-print-code/1` ‖ 0x00 ‖ payload.
 * Throws `ERR_PRINTING_*` for bad input, the licence's own `ERR_LICENCE_*` for a malformed licence.
 *
 * @example
 * const code = await createPrintCode({ licence, type }, showingKey, { now: new Date() });
 * code.text // 'HP1:…'; code.face is what the page prints
 */
export async function createPrintCode(
  input: PrintCodeInput,
  showingKey: SigningKey,
  options: CreatePrintCodeOptions,
): Promise<CreatedPrintCode> {
  if (typeof input !== 'object' || input === null) refuse('input', 'must be an object', '须为对象');
  if (typeof options !== 'object' || options === null) refuse('options', 'must be an object', '须为对象');
  const printedAt = readSeconds(options.now, 'now');
  if (
    typeof showingKey !== 'object' ||
    showingKey === null ||
    typeof showingKey.sign !== 'function' ||
    !isSuiteName(showingKey.suite) ||
    !isKeyId(showingKey.keyId)
  ) {
    throw new HutongError('ERR_PRINTING_SIGNING_KEY', {
      field: 'showingKey',
      params: { problem: 'it is not a SigningKey with a suite and an RFC 7638 key id' },
      zhParams: { problem: '它不是带有签名套件和 RFC 7638 密钥标识的 SigningKey' },
    });
  }
  const licence = parseLicenceWithWarnings(input.licence, { legacyHolderCode: true }).licence;
  const type = input.type;
  if (typeof type !== 'object' || type === null || !Array.isArray(type.faceFields)) {
    refuse('type', 'must be a licence type (catalogue entry)', '须为证照类型（证照目录条目）');
  }
  if (type.certificateTypeCode !== licence.metadata.certificateTypeCode) {
    refuse(
      'type',
      `is ${String(type.certificateTypeCode)}, the licence is of type ${licence.metadata.certificateTypeCode}`,
      `为 ${String(type.certificateTypeCode)}，而证照的类型为 ${licence.metadata.certificateTypeCode}`,
    );
  }
  const annotation = input.annotation === undefined ? undefined : readAnnotation(input.annotation, printedAt);
  const face = printedFaceOf(licence, type);
  const digest = printedFaceDigest(face);

  // The licence's own status reference: a verifier with the issuer's cached list then sees a
  // revocation or suspension after the paper was printed.
  const slot = statusListSlotOf(licence);
  const out: number[] = [(annotation === undefined ? 0 : ANNOTATED) | (slot === undefined ? 0 : STATUS_SLOT)];
  out.push(...decodeBase64url(showingKey.keyId).subarray(0, SHOWING_KEY_HINT_BYTES));
  u32(out, printedAt);
  shortText(out, licence.metadata.certificateIdentifier);
  out.push(...digest);
  if (annotation !== undefined) {
    u32(out, annotation.seconds);
    out.push(...utf8.encode(annotation.relyingPartyCode));
    shortText(out, annotation.relyingPartyName);
    shortText(out, annotation.useCause);
  }
  if (slot !== undefined) out.push(...encodeStatusListSlot(slot));
  const payload = Uint8Array.from(out);
  const chars = PRINT_CODE_PREFIX.length + Math.ceil(((payload.length + SIGNATURE_BYTES) * 3) / 2);
  if (chars > MAX_PRINT_CODE_LENGTH)
    refuse(
      'annotation',
      `makes a code of ${chars} characters (at most ${MAX_PRINT_CODE_LENGTH})`,
      `生成的打印码有 ${chars} 个字符（至多 ${MAX_PRINT_CODE_LENGTH} 个）`,
    );
  const signature = await showingKey.sign(signedBytesOf(payload));
  if (!(signature instanceof Uint8Array) || signature.length !== SIGNATURE_BYTES) {
    throw new HutongError('ERR_PRINTING_SIGNING_KEY', {
      field: 'showingKey',
      params: { problem: `it returned a signature that is not ${SIGNATURE_BYTES} raw bytes` },
      zhParams: { problem: `它返回的签名不是 ${SIGNATURE_BYTES} 字节的原始签名` },
    });
  }
  const all = new Uint8Array(payload.length + SIGNATURE_BYTES);
  all.set(payload, 0);
  all.set(signature, payload.length);
  return {
    text: PRINT_CODE_PREFIX + encodeBase45(all),
    printedAt: new Date(printedAt * 1000),
    keyId: showingKey.keyId,
    face,
    faceDigest: encodeBase64url(digest),
    ...(annotation === undefined
      ? {}
      : {
          annotation: {
            useCause: annotation.useCause,
            relyingPartyCode: annotation.relyingPartyCode,
            relyingPartyName: annotation.relyingPartyName,
            expiresAt: annotation.expiresAt,
          },
        }),
  };
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** True when `text` looks like a print code (the prefix): lets verifiers dispatch. */
export function isPrintCodeText(text: unknown): boolean {
  return typeof text === 'string' && text.startsWith(PRINT_CODE_PREFIX);
}

/** The first step of reading a code: prefix, length, base45, split into payload and signature. */
export function openPrintCode(text: unknown): OpenedPrintCode {
  if (typeof text !== 'string') {
    throw new HutongError('ERR_PRINTING_NOT_TEXT', { field: 'code', params: { type: describeType(text) } });
  }
  if (text.length > MAX_PRINT_CODE_LENGTH) {
    throw new HutongError('ERR_PRINTING_TOO_LONG', {
      field: 'code',
      params: { found: text.length, max: MAX_PRINT_CODE_LENGTH },
    });
  }
  if (!text.startsWith(PRINT_CODE_PREFIX)) {
    throw new HutongError('ERR_PRINTING_PREFIX', {
      field: 'prefix',
      params: {
        expected: PRINT_CODE_PREFIX,
        found: JSON.stringify(text.slice(0, PRINT_CODE_PREFIX.length)).slice(1, -1),
      },
    });
  }
  let bytes: Uint8Array;
  try {
    bytes = decodeBase45(text, PRINT_CODE_PREFIX.length);
  } catch (error) {
    if (error instanceof HutongError) {
      throw new HutongError('ERR_PRINTING_BASE45', {
        field: 'code',
        params: error.params,
        ...(error.zhParams === undefined ? {} : { zhParams: error.zhParams }),
        cause: error,
      });
    }
    throw error;
  }
  const end = bytes.length - SIGNATURE_BYTES;
  if (end < 0) truncated('signature');
  return {
    bytes,
    end,
    hint: end > SHOWING_KEY_HINT_BYTES ? bytes.subarray(1, 1 + SHOWING_KEY_HINT_BYTES) : undefined,
    signedBytes: signedBytesOf(bytes.subarray(0, end)),
    signature: bytes.subarray(end),
  };
}

class Reader {
  pos = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly end: number,
  ) {}
  u8(field: string): number {
    if (this.pos >= this.end) truncated(field);
    return this.bytes[this.pos++] as number;
  }
  take(length: number, field: string): Uint8Array {
    if (this.pos + length > this.end) truncated(field);
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }
  u32(field: string): number {
    const b = this.take(4, field);
    return (b[0] as number) * 0x1000000 + (((b[1] as number) << 16) | ((b[2] as number) << 8) | (b[3] as number));
  }
  text(field: string): string {
    const length = this.u8(field);
    const bytes = this.take(length, field);
    try {
      return utf8Decoder.decode(bytes);
    } catch {
      return malformed(field, 'the text is not valid UTF-8', '文本不是有效的 UTF-8');
    }
  }
}

/** The second step: the payload of an opened code, strictly. Throws only `ERR_PRINTING_*` errors. */
export function parsePrintCodePayload(opened: OpenedPrintCode): PrintCode {
  const reader = new Reader(opened.bytes, opened.end);
  const flags = reader.u8('flags');
  if ((flags & RESERVED_FLAGS) !== 0) malformed('flags', 'reserved bits are set', '设置了保留位');
  const hint = reader.take(SHOWING_KEY_HINT_BYTES, 'keyHint');
  const printedAt = reader.u32('printedAt');
  const idLength = reader.u8('identifier');
  if (idLength === 0 || idLength > MAX_IDENTIFIER_BYTES)
    malformed('identifier', 'the identifier length is out of range', '标识长度超出范围');
  reader.pos -= 1;
  const idText = reader.text('identifier');
  let identifier: LicenceId;
  try {
    identifier = parseLicenceId(idText);
  } catch (error) {
    return malformed(
      'identifier',
      error instanceof HutongError ? `${error.code}: ${error.message}` : 'not a GB/T 36904 identifier',
      error instanceof HutongError ? `${error.code}: ${error.localize('zh-CN')}` : '不是 GB/T 36904 标识',
    );
  }
  const digest = reader.take(PRINT_FACE_DIGEST_BYTES, 'faceDigest');
  let annotation: PrintAnnotation | undefined;
  if ((flags & ANNOTATED) !== 0) {
    const expires = reader.u32('annotation.expiresAt');
    if (expires <= printedAt)
      malformed('annotation.expiresAt', 'the copy expires before it was printed', '加注件在打印之前就已到期');
    const codeBytes = reader.take(18, 'annotation.relyingPartyCode');
    let relyingPartyCode: Uscc;
    try {
      relyingPartyCode = parseUscc(String.fromCharCode(...codeBytes));
    } catch {
      return malformed('annotation.relyingPartyCode', 'not a unified social credit code', '不是统一社会信用代码');
    }
    const relyingPartyName = reader.text('annotation.relyingPartyName');
    const nameProblem = textProblem(relyingPartyName);
    if (nameProblem !== undefined)
      malformed('annotation.relyingPartyName', `the name ${nameProblem[0]}`, `名称${nameProblem[1]}`);
    const useCause = reader.text('annotation.useCause');
    const causeProblem = textProblem(useCause);
    if (causeProblem !== undefined)
      malformed('annotation.useCause', `the use cause ${causeProblem[0]}`, `用证事由${causeProblem[1]}`);
    annotation = { useCause, relyingPartyCode, relyingPartyName, expiresAt: new Date(expires * 1000) };
  }
  let statusListSlot: StatusListSlot | undefined;
  if ((flags & STATUS_SLOT) !== 0) {
    [statusListSlot, reader.pos] = decodeStatusListSlot(
      opened.bytes,
      reader.pos,
      opened.end,
      (cut, problem, problemZh) =>
        cut ? truncated('statusListSlot') : malformed('statusListSlot', problem, problemZh),
    );
  }
  if (reader.pos !== opened.end) {
    throw new HutongError('ERR_PRINTING_TRAILING_BYTES', {
      field: 'code',
      params: { count: opened.end - reader.pos },
    });
  }
  const parts = licenceIdParts(identifier);
  return {
    identifier,
    typeCode: parts.typeCode as TypeCode,
    issuerCode: parts.issuerCode as Uscc,
    version: parts.version,
    printedAt: new Date(printedAt * 1000),
    faceDigest: encodeBase64url(digest),
    keyHint: encodeBase64url(hint),
    ...(annotation === undefined ? {} : { annotation }),
    ...(statusListSlot === undefined ? {} : { statusListSlot }),
  };
}

/**
 * Reads a print code's text strictly (the signature is not checked: `verifyPrintCode` does).
 * Throws only `ERR_PRINTING_*` errors.
 *
 * @example decodePrintCode('HP1:…').identifier
 */
export function decodePrintCode(text: unknown): PrintCode {
  return parsePrintCodePayload(openPrintCode(text));
}

/**
 * The verification page's address for a code: `<publicUrl>/v/<code>`, with the three base45
 * characters a URL path cannot carry as they are (space, `/`, `%`) percent-encoded. The rest
 * stays QR-alphanumeric, so a QR encoder puts the code in alphanumeric mode.
 *
 * @example verificationUrl('https://hutong.example.cn', 'HP1:…') // 'https://hutong.example.cn/v/HP1:…'
 */
export function verificationUrl(publicUrl: string, code: string): string {
  const base = publicUrl.endsWith('/') ? publicUrl.slice(0, -1) : publicUrl;
  return `${base}/v/${code.replace(/[% /]/g, (c) => (c === '%' ? '%25' : c === ' ' ? '%20' : '%2F'))}`;
}

/** The code in a verification page's path (`/v/<code>`), decoded. */
export function codeOfVerificationPath(path: string): string | undefined {
  const match = /\/v\/([^/?#]+)/.exec(path);
  if (match === null) return undefined;
  try {
    return decodeURIComponent(match[1] as string);
  } catch {
    return undefined;
  }
}
