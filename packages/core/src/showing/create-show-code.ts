import { hasLoneSurrogate } from '../canonical/index.js';
import type { LicenceType } from '../catalogue/index.js';
import { isSuiteName, type SigningKey } from '../crypto/types.js';
import { HutongError } from '../errors.js';
import { licenceIdParts } from '../identifiers/index.js';
import { decodeBase64url, encodeBase64url, isKeyId, type Licence, parseLicenceWithWarnings } from '../licence/index.js';
import { isLicenceStatus, type LicenceStatus, STATUS_LIST_VALUES, statusListValue } from '../status/index.js';
import { SHOWING_KEY_HINT_BYTES } from '../trust/verify-trust-list.js';
import type { OfflineStatus } from '../verify/index.js';
import { type DisclosureChoice, defaultDisclosure, discloseFields } from './disclosure.js';
import {
  DEFAULT_SHOW_CODE_LIFETIME_SECONDS,
  MAX_PURPOSE_LENGTH,
  MAX_SHOW_CODE_LENGTH,
  MAX_SHOW_CODE_LIFETIME_SECONDS,
  SHOW_CODE_NONCE_BYTES,
  SHOW_CODE_PREFIX,
  SHOW_PURPOSE_CODES,
  type ShownField,
} from './show-code.js';
import {
  encodeShowCodePayload,
  formatShowCode,
  packableDate,
  SHOW_CODE_SIGNATURE_BYTES,
  showCodeSignedBytes,
} from './show-code-payload.js';
import { statusListSlotOf } from './status-list-slot.js';

/** What the holder shows, and how the node sees the licence now. */
export interface ShowCodeInput {
  /** The signed licence, from the node's library. */
  readonly licence: Licence;
  /** Its catalogue entry: the face fields and their sensitivity grades. */
  readonly type: LicenceType;
  /** The licence's status in the library now (encumbrances do not change it). */
  readonly status: LicenceStatus;
  /** Why it is shown (用证事由): a code from `SHOW_PURPOSE_CODES` or 1–32 characters of text. */
  readonly purpose: string;
  /** The fields to show; default {@link defaultDisclosure} of the type. */
  readonly disclose?: readonly DisclosureChoice[];
  /** 1–120 s; default 60. */
  readonly lifetimeSeconds?: number;
}

export interface CreateShowCodeOptions {
  /** The instant the code is made (whole seconds are kept). */
  readonly now: Date;
  /** 12 bytes; default fresh from `crypto.getRandomValues`. Give one only in tests. */
  readonly nonce?: Uint8Array;
}

/** A made code, with what the holder's screen and the node's replay register need. */
export interface CreatedShowCode {
  /** The QR code's text: `HT1:` + base45. */
  readonly text: string;
  readonly nonce: string;
  readonly issuedAt: Date;
  /** Refresh before this. */
  readonly expiresAt: Date;
  /** The showing key's full key id. */
  readonly keyId: string;
  readonly fields: readonly ShownField[];
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const LINE_CONTROL = /[\u0000-\u001f\u007f]/;
const SURROUNDING_SPACE = /^\s|\s$/;

/** `problemZh`: the same problem in Chinese, for the zh-CN message (every caller states both). */
function refuse(field: string, problem: string, problemZh: string): never {
  throw new HutongError('ERR_SHOWING_INPUT', { field, params: { field, problem }, zhParams: { problem: problemZh } });
}

function readPurpose(value: unknown): string {
  if (typeof value !== 'string') {
    throw new HutongError('ERR_SHOWING_PURPOSE', {
      field: 'purpose',
      params: { problem: 'it is not a string' },
      zhParams: { problem: '不是字符串' },
    });
  }
  if ((SHOW_PURPOSE_CODES as readonly string[]).includes(value)) return value;
  const length = [...value].length;
  // [English, Chinese]
  const problem: readonly [string, string] | undefined =
    length === 0
      ? ['it is empty', '为空']
      : length > MAX_PURPOSE_LENGTH
        ? [`it is ${length} characters long`, `长度为 ${length} 个字符`]
        : LINE_CONTROL.test(value)
          ? ['it contains a control character', '含有控制字符']
          : SURROUNDING_SPACE.test(value)
            ? ['it begins or ends with white space', '首尾有空白字符']
            : hasLoneSurrogate(value)
              ? ['it contains a lone UTF-16 surrogate', '含有孤立的 UTF-16 代理项']
              : undefined;
  if (problem !== undefined) {
    throw new HutongError('ERR_SHOWING_PURPOSE', {
      field: 'purpose',
      params: { problem: problem[0] },
      zhParams: { problem: problem[1] },
    });
  }
  return value;
}

function readLifetime(value: unknown): number {
  const lifetime = value ?? DEFAULT_SHOW_CODE_LIFETIME_SECONDS;
  if (
    typeof lifetime !== 'number' ||
    !Number.isInteger(lifetime) ||
    lifetime < 1 ||
    lifetime > MAX_SHOW_CODE_LIFETIME_SECONDS
  ) {
    throw new HutongError('ERR_SHOWING_LIFETIME', {
      field: 'lifetimeSeconds',
      params: { found: String(lifetime), max: MAX_SHOW_CODE_LIFETIME_SECONDS },
    });
  }
  return lifetime;
}

function offlineStatus(status: unknown): OfflineStatus {
  if (!isLicenceStatus(status))
    refuse(
      'status',
      'must be a licence status (valid, suspended, revoked, …)',
      '须为证照状态（valid、suspended、revoked 等）',
    );
  const value = statusListValue(status);
  return value === STATUS_LIST_VALUES.valid
    ? 'valid'
    : value === STATUS_LIST_VALUES.suspended
      ? 'suspended'
      : 'invalid';
}

function checkDate(value: string, field: string): void {
  if (packableDate(value) === undefined) {
    throw new HutongError('ERR_SHOWING_DATE_RANGE', { field, params: { field, found: value } });
  }
}

/**
 * Makes a show code: the licence's identifier (hence type and issuer), its validity dates,
 * the chosen fields, its status now (2 bits: valid / invalid / suspended, as status lists
 * say it), the purpose, a fresh 96-bit nonce, the issue time and an expiry at most 120 s
 * later, signed with the node's showing key over `hutong-show-code/1` ‖ 0x00 ‖ payload.
 * A licence that is not valid still gets a code — saying so, so that a verifier refuses it
 * with the precise reason; whether to offer one is the caller's choice.
 *
 * Throws `ERR_SHOWING_*` for bad input (unknown or absent fields, an image, a purpose too
 * long, a lifetime over 120 s, a code longer than {@link MAX_SHOW_CODE_LENGTH}), the licence's
 * own `ERR_LICENCE_*` for a malformed licence.
 *
 * @example
 * const code = await createShowCode(
 *   { licence, type, status: 'valid', purpose: 'entry', disclose: ['certificateHolderName', { key: 'idNumber', masked: true }] },
 *   showingKey, { now: new Date() });
 * code.text // 'HT1:…' (≈ 300 characters: a version 10 QR code at level M)
 */
export async function createShowCode(
  input: ShowCodeInput,
  showingKey: SigningKey,
  options: CreateShowCodeOptions,
): Promise<CreatedShowCode> {
  if (typeof input !== 'object' || input === null) refuse('input', 'must be an object', '须为对象');
  if (typeof options !== 'object' || options === null) refuse('options', 'must be an object', '须为对象');
  const now = options.now;
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) refuse('now', 'must be a valid Date', '须为有效的 Date');
  const issuedAt = Math.floor(now.getTime() / 1000);
  if (issuedAt < 0 || issuedAt > 0xffffffff)
    refuse('now', 'must be between 1970 and 2106 (32-bit seconds)', '须在 1970 年至 2106 年之间（32 位秒数）');
  if (
    typeof showingKey !== 'object' ||
    showingKey === null ||
    typeof showingKey.sign !== 'function' ||
    !isSuiteName(showingKey.suite) ||
    !isKeyId(showingKey.keyId)
  ) {
    throw new HutongError('ERR_SHOWING_SIGNING_KEY', {
      field: 'showingKey',
      params: { problem: 'it is not a SigningKey with a suite and an RFC 7638 key id' },
      zhParams: { problem: '它不是带有签名套件和 RFC 7638 密钥标识的 SigningKey' },
    });
  }

  // The node signs only what it can vouch for: a well-formed licence of the type given.
  const licence = parseLicenceWithWarnings(input.licence, { legacyHolderCode: true }).licence;
  const type = input.type;
  if (typeof type !== 'object' || type === null || !Array.isArray(type.faceFields)) {
    refuse('type', 'must be a licence type (catalogue entry)', '须为证照类型（证照目录条目）');
  }
  const m = licence.metadata;
  if (type.certificateTypeCode !== m.certificateTypeCode) {
    throw new HutongError('ERR_SHOWING_TYPE_MISMATCH', {
      field: 'type',
      params: { licenceType: m.certificateTypeCode, typeCode: String(type.certificateTypeCode) },
    });
  }
  const statusAtSigning = offlineStatus(input.status);
  const purpose = readPurpose(input.purpose);
  const lifetimeSeconds = readLifetime(input.lifetimeSeconds);
  const explicit = input.disclose !== undefined;
  const fields = discloseFields(licence, type, input.disclose ?? defaultDisclosure(type), explicit);
  checkDate(m.certificateEffectiveDate, 'metadata.certificateEffectiveDate');
  if (m.certificateExpiringDate !== undefined) checkDate(m.certificateExpiringDate, 'metadata.certificateExpiringDate');

  const nonce = options.nonce ?? globalThis.crypto.getRandomValues(new Uint8Array(SHOW_CODE_NONCE_BYTES));
  if (!(nonce instanceof Uint8Array) || nonce.length !== SHOW_CODE_NONCE_BYTES) {
    refuse('nonce', `must be ${SHOW_CODE_NONCE_BYTES} bytes`, `须为 ${SHOW_CODE_NONCE_BYTES} 字节`);
  }
  const parts = licenceIdParts(m.certificateIdentifier);
  // The licence's own status reference, signed by its issuer: a verifier with the issuer's
  // cached list then sees a revocation or suspension after the code was made (§3.5).
  const statusListSlot = statusListSlotOf(licence);
  const payload = encodeShowCodePayload({
    statusAtSigning,
    keyHint: decodeBase64url(showingKey.keyId).subarray(0, SHOWING_KEY_HINT_BYTES),
    issuedAt,
    lifetimeSeconds,
    nonce,
    effectiveDate: m.certificateEffectiveDate,
    ...(m.certificateExpiringDate === undefined ? {} : { expiringDate: m.certificateExpiringDate }),
    typeCode: parts.typeCode,
    issuerCode: parts.issuerCode,
    serial: parts.serial,
    version: parts.version,
    purpose,
    fields,
    ...(statusListSlot === undefined ? {} : { statusListSlot }),
  });
  // Base45 writes 3 characters per 2 bytes: refuse before signing what no screen can show.
  const chars = SHOW_CODE_PREFIX.length + Math.ceil(((payload.length + SHOW_CODE_SIGNATURE_BYTES) * 3) / 2);
  if (chars > MAX_SHOW_CODE_LENGTH) {
    throw new HutongError('ERR_SHOWING_TOO_LARGE', { field: 'disclose', params: { chars, max: MAX_SHOW_CODE_LENGTH } });
  }
  const signature = await showingKey.sign(showCodeSignedBytes(payload));
  if (!(signature instanceof Uint8Array) || signature.length !== SHOW_CODE_SIGNATURE_BYTES) {
    throw new HutongError('ERR_SHOWING_SIGNING_KEY', {
      field: 'showingKey',
      params: { problem: `it returned a signature that is not ${SHOW_CODE_SIGNATURE_BYTES} raw bytes` },
      zhParams: { problem: `它返回的签名不是 ${SHOW_CODE_SIGNATURE_BYTES} 字节的原始签名` },
    });
  }
  return {
    text: formatShowCode(payload, signature),
    nonce: encodeBase64url(nonce),
    issuedAt: new Date(issuedAt * 1000),
    expiresAt: new Date((issuedAt + lifetimeSeconds) * 1000),
    keyId: showingKey.keyId,
    fields,
  };
}
