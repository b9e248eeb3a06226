/**
 * Strict parsing of trust lists (untrusted input: fetched from a node or the hub, cached on
 * disk, pasted by an operator). Every member is checked and unknown members are refused, as
 * for licences: a verifier that ignored a member would accept a meaning its signer may not
 * have intended. The result is a fresh object holding exactly the input's values, since the
 * signature covers them as written. Keys are checked for shape here; they are imported (and
 * their thumbprints recomputed) by `verifyTrustList`, after the signature verified.
 */
import { hasLoneSurrogate, jsonPathIndex, jsonPathMember, parseJson } from '../canonical/index.js';
import { isSuiteName, SUITE_NAMES, type SuiteName } from '../crypto/types.js';
import { HutongError } from '../errors.js';
import { excerpt, fail } from '../field-failure.js';
import { parseAreaCode, parseTypeCode, parseUscc, type TypeCode } from '../identifiers/index.js';
import { decodeBase64url, isKeyId, parseProofCreated, SIGNATURE_BYTES } from '../licence/index.js';
import { isValidKeyName } from '../merkle/index.js';
import {
  TRUST_LIST_FORMAT,
  type TrustList,
  type TrustListIssuer,
  type TrustListIssuerKey,
  type TrustListLogKey,
  type TrustListNode,
  type TrustListProof,
  type TrustListPublicKey,
  type TrustListShowingKey,
  type UnsignedTrustList,
} from './trust-list.js';

/** Most issuers in one list: a national merge of every node's issuers stays below this. */
export const MAX_TRUST_LIST_ISSUERS = 100_000;
const MAX_KEYS_PER_ISSUER = 32;
const MAX_TYPES_PER_ISSUER = 2_000;
const MAX_SHOWING_KEYS = 32;
const MAX_LOG_KEYS = 32;
const MAX_NAME = 200;
const MAX_URL = 2048;
const MAX_PEM = 4096;
const MAX_VKEY = 4096;
/**
 * Longest validity a list may claim. A verifier keeps using a cached list until it expires,
 * so a list valid for a year would keep a withdrawn key or issuer trusted for a year.
 */
export const MAX_TRUST_LIST_LIFETIME_DAYS = 31;
const DAY_MS = 86_400_000;

const NODE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
// C0 controls and DEL: names are one line of text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f]/;
const SURROUNDING_SPACE = /^\s|\s$/;
const VERIFICATION_METHOD = /^node:([^#]*)#(.*)$/s;

const TOP = ['format', 'node', 'version', 'issuedAt', 'expiresAt', 'issuers', 'showingKeys', 'logKeys', 'proof'];
const NODE = ['id', 'name', 'areaCode', 'url'];
const ISSUER = ['issuerCode', 'name', 'keys', 'types'];
const ISSUER_KEY = ['keyId', 'suite', 'publicKey', 'validFrom', 'validUntil', 'revokedAt'];
const SHOWING_KEY = ['keyId', 'suite', 'publicKey', 'validFrom', 'validUntil'];
const LOG_KEY = ['name', 'vkey'];
const PROOF = ['suite', 'verificationMethod', 'created', 'signatureValue'];
const JWK_MEMBERS = ['kty', 'crv', 'x', 'y'];

type Json = Readonly<Record<string, unknown>>;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Runs a parser from another area and re-labels its error with the list member at fault (the code is kept). */
function within<T>(field: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof HutongError) {
      const params = error.field === undefined ? error.params : { ...error.params, segment: error.field };
      throw new HutongError(error.code, { field, params, cause: error });
    }
    throw error;
  }
}

/** A plain object with exactly the allowed members (`optional` ones may be absent). */
function readObject(value: unknown, field: string, allowed: readonly string[], optional: readonly string[]): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail('ERR_TRUST_NOT_OBJECT', field, { type: typeOf(value) });
  }
  const object = value as Json;
  for (const name of Object.keys(object)) {
    if (!allowed.includes(name)) {
      fail('ERR_TRUST_MEMBER_UNKNOWN', jsonPathMember(field, name), { object: field, allowed: allowed.join(', ') });
    }
  }
  for (const name of allowed) {
    if (!optional.includes(name) && !Object.hasOwn(object, name)) {
      fail('ERR_TRUST_MEMBER_MISSING', jsonPathMember(field, name));
    }
  }
  return object;
}

function member(object: Json, name: string): unknown {
  return Object.hasOwn(object, name) ? object[name] : undefined;
}

function readString(value: unknown, field: string): string {
  if (typeof value !== 'string')
    fail('ERR_TRUST_MEMBER_TYPE', field, { expected: 'a string', type: typeOf(value) }, { expected: '字符串' });
  return value;
}

function readText(value: unknown, field: string): string {
  const text = readString(value, field);
  // [English, Chinese]
  const problem: readonly [string, string] | undefined =
    text.length === 0
      ? ['it is empty', '为空']
      : text.length > MAX_NAME
        ? [
            `it is ${text.length} characters long; at most ${MAX_NAME} are allowed`,
            `长度为 ${text.length} 个字符，至多允许 ${MAX_NAME} 个`,
          ]
        : CONTROL.test(text)
          ? ['it contains a control character', '含有控制字符']
          : SURROUNDING_SPACE.test(text)
            ? ['it begins or ends with white space', '首尾有空白字符']
            : hasLoneSurrogate(text)
              ? ['it contains a lone UTF-16 surrogate', '含有孤立的 UTF-16 代理项']
              : undefined;
  if (problem !== undefined) fail('ERR_TRUST_TEXT_INVALID', field, { problem: problem[0] }, { problem: problem[1] });
  return text;
}

function readArray<T>(
  value: unknown,
  field: string,
  min: number,
  max: number,
  read: (item: unknown, path: string) => T,
): T[] {
  if (!Array.isArray(value))
    fail('ERR_TRUST_MEMBER_TYPE', field, { expected: 'an array', type: typeOf(value) }, { expected: '数组' });
  if (value.length < min || value.length > max) fail('ERR_TRUST_COUNT', field, { min, max, found: value.length });
  const out: T[] = [];
  // An index loop, not map(): a sparse array (built in code, not parsed) has holes map() skips.
  for (let i = 0; i < value.length; i++) out.push(read(value[i], jsonPathIndex(field, i)));
  return out;
}

function readTime(value: unknown, field: string): string {
  const text = readString(value, field);
  try {
    parseProofCreated(text, field);
  } catch {
    fail('ERR_TRUST_TIME', field, { found: excerpt(text) });
  }
  return text;
}

function timeOf(value: string): number {
  return parseProofCreated(value).getTime();
}

/** `later` must be strictly after `earlier` (both already read). */
function requireOrder(later: string, laterField: string, earlier: string, earlierField: string): void {
  if (timeOf(later) <= timeOf(earlier)) {
    fail('ERR_TRUST_TIME_ORDER', laterField, { found: later, earlier: earlierField, earlierValue: earlier });
  }
}

function readSuite(value: unknown, field: string): SuiteName {
  if (!isSuiteName(value)) {
    fail(
      'ERR_TRUST_MEMBER_TYPE',
      field,
      {
        expected: `one of ${SUITE_NAMES.join(', ')}`,
        type: typeof value === 'string' ? `"${excerpt(value)}"` : typeOf(value),
      },
      { expected: `${SUITE_NAMES.join('、')} 之一` },
    );
  }
  return value;
}

function readKeyId(value: unknown, field: string): string {
  if (!isKeyId(value))
    fail('ERR_TRUST_KEY_ID', field, { found: typeof value === 'string' ? excerpt(value) : typeOf(value) });
  return value;
}

/** A public key document: SPKI PEM text, or a public JWK with exactly kty, crv, x (and y for EC). */
function readPublicKey(value: unknown, field: string): TrustListPublicKey {
  if (typeof value === 'string') {
    if (value.length === 0 || value.length > MAX_PEM) {
      fail(
        'ERR_TRUST_PUBLIC_KEY',
        field,
        { detail: `a PEM must be 1 to ${MAX_PEM} characters` },
        { detail: `PEM 须为 1 至 ${MAX_PEM} 个字符` },
      );
    }
    if (!value.startsWith('-----BEGIN PUBLIC KEY-----')) {
      fail(
        'ERR_TRUST_PUBLIC_KEY',
        field,
        { detail: 'a PEM public key starts with -----BEGIN PUBLIC KEY-----' },
        { detail: 'PEM 公钥应以 -----BEGIN PUBLIC KEY----- 开头' },
      );
    }
    return value;
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, 'd')) {
    // Named before the unknown-member check: a private member is a leak to report as such.
    fail('ERR_TRUST_PRIVATE_KEY', field);
  }
  const jwk = readObject(value, field, JWK_MEMBERS, ['y']);
  const kty = readString(member(jwk, 'kty'), jsonPathMember(field, 'kty'));
  const crv = readString(member(jwk, 'crv'), jsonPathMember(field, 'crv'));
  const x = readString(member(jwk, 'x'), jsonPathMember(field, 'x'));
  if (kty !== 'EC' && kty !== 'OKP') {
    fail(
      'ERR_TRUST_PUBLIC_KEY',
      jsonPathMember(field, 'kty'),
      { detail: 'kty must be "EC" or "OKP"' },
      { detail: 'kty 须为“EC”或“OKP”' },
    );
  }
  const y = member(jwk, 'y');
  if (kty === 'EC') {
    if (y === undefined) fail('ERR_TRUST_MEMBER_MISSING', jsonPathMember(field, 'y'));
    return { kty, crv, x, y: readString(y, jsonPathMember(field, 'y')) };
  }
  if (y !== undefined)
    fail(
      'ERR_TRUST_PUBLIC_KEY',
      jsonPathMember(field, 'y'),
      { detail: 'an OKP key has no y' },
      { detail: 'OKP 密钥没有 y' },
    );
  return { kty, crv, x };
}

function readNode(value: unknown, field: string): TrustListNode {
  const object = readObject(value, field, NODE, ['url']);
  const idField = jsonPathMember(field, 'id');
  const id = readString(member(object, 'id'), idField);
  if (!NODE_ID.test(id)) fail('ERR_TRUST_NODE_ID', idField, { found: excerpt(id) });
  const name = readText(member(object, 'name'), jsonPathMember(field, 'name'));
  const areaField = jsonPathMember(field, 'areaCode');
  const areaCode = within(areaField, () => parseAreaCode(member(object, 'areaCode')));
  const node: { -readonly [K in keyof TrustListNode]: TrustListNode[K] } = { id, name, areaCode };
  const url = member(object, 'url');
  if (url !== undefined) node.url = readUrl(url, jsonPathMember(field, 'url'));
  return node;
}

function readUrl(value: unknown, field: string): string {
  const text = readString(value, field);
  let parsed: URL | undefined;
  try {
    parsed = text.length <= MAX_URL ? new URL(text) : undefined;
  } catch {
    parsed = undefined;
  }
  const ok =
    parsed !== undefined &&
    (parsed.protocol === 'https:' || parsed.protocol === 'http:') &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.hash === '' &&
    !text.includes('#') &&
    !CONTROL.test(text) &&
    !SURROUNDING_SPACE.test(text);
  if (!ok) fail('ERR_TRUST_URL', field);
  return text;
}

function readVersion(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    fail('ERR_TRUST_VERSION', field, { found: typeof value === 'number' ? String(value) : typeOf(value) });
  }
  return value;
}

function readIssuerKey(value: unknown, field: string): TrustListIssuerKey {
  const object = readObject(value, field, ISSUER_KEY, ['validUntil', 'revokedAt']);
  const at = (name: string) => jsonPathMember(field, name);
  const key: { -readonly [K in keyof TrustListIssuerKey]: TrustListIssuerKey[K] } = {
    keyId: readKeyId(member(object, 'keyId'), at('keyId')),
    suite: readSuite(member(object, 'suite'), at('suite')),
    publicKey: readPublicKey(member(object, 'publicKey'), at('publicKey')),
    validFrom: readTime(member(object, 'validFrom'), at('validFrom')),
  };
  for (const name of ['validUntil', 'revokedAt'] as const) {
    const raw = member(object, name);
    if (raw === undefined) continue;
    const time = readTime(raw, at(name));
    requireOrder(time, at(name), key.validFrom, at('validFrom'));
    key[name] = time;
  }
  return key;
}

function readIssuer(value: unknown, field: string): TrustListIssuer {
  const object = readObject(value, field, ISSUER, []);
  const at = (name: string) => jsonPathMember(field, name);
  const codeField = at('issuerCode');
  const issuerCode = within(codeField, () => parseUscc(member(object, 'issuerCode')));
  const name = readText(member(object, 'name'), at('name'));
  const keys = readArray(member(object, 'keys'), at('keys'), 1, MAX_KEYS_PER_ISSUER, readIssuerKey);
  const types = readArray(member(object, 'types'), at('types'), 1, MAX_TYPES_PER_ISSUER, (item, path) =>
    within(path, () => parseTypeCode(item)),
  );
  refuseDuplicates(types, (i) => jsonPathIndex(at('types'), i), ['type', '证照类型']);
  return { issuerCode, name, keys, types: types as TypeCode[] };
}

function readShowingKey(value: unknown, field: string): TrustListShowingKey {
  const object = readObject(value, field, SHOWING_KEY, ['validUntil']);
  const at = (name: string) => jsonPathMember(field, name);
  const key: { -readonly [K in keyof TrustListShowingKey]: TrustListShowingKey[K] } = {
    keyId: readKeyId(member(object, 'keyId'), at('keyId')),
    suite: readSuite(member(object, 'suite'), at('suite')),
    publicKey: readPublicKey(member(object, 'publicKey'), at('publicKey')),
    validFrom: readTime(member(object, 'validFrom'), at('validFrom')),
  };
  const until = member(object, 'validUntil');
  if (until !== undefined) {
    key.validUntil = readTime(until, at('validUntil'));
    requireOrder(key.validUntil, at('validUntil'), key.validFrom, at('validFrom'));
  }
  return key;
}

function readLogKey(value: unknown, field: string): TrustListLogKey {
  const object = readObject(value, field, LOG_KEY, []);
  const nameField = jsonPathMember(field, 'name');
  const name = readString(member(object, 'name'), nameField);
  if (!isValidKeyName(name) || name.length > MAX_NAME) {
    fail(
      'ERR_TRUST_LOG_KEY',
      nameField,
      { detail: 'a note key name is non-empty text without spaces or "+"' },
      { detail: '便笺密钥名称须为不含空格和“+”的非空文本' },
    );
  }
  const vkeyField = jsonPathMember(field, 'vkey');
  const vkey = readString(member(object, 'vkey'), vkeyField);
  // C2SP signed-note: a verifier key is `<name>+<hex key id>+<base64 key>`; the full check
  // (key id, key type, key bytes) is parseVerifierKey's, in verifyTrustList.
  if (vkey.length > MAX_VKEY || !vkey.startsWith(`${name}+`)) {
    fail(
      'ERR_TRUST_LOG_KEY',
      vkeyField,
      { detail: `a verifier key of "${excerpt(name)}" starts with "${excerpt(name)}+"` },
      { detail: `“${excerpt(name)}”的验证密钥应以“${excerpt(name)}+”开头` },
    );
  }
  return { name, vkey };
}

/** The parts of `proof.verificationMethod`. */
export interface NodeVerificationMethod {
  readonly nodeId: string;
  readonly keyId: string;
}

/**
 * Splits `node:<node id>#<key id>`. Throws `ERR_TRUST_VERIFICATION_METHOD`.
 *
 * @example parseNodeVerificationMethod('node:xj-node-1#NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs')
 * // { nodeId: 'xj-node-1', keyId: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs' }
 */
export function parseNodeVerificationMethod(
  value: unknown,
  field = 'proof.verificationMethod',
): NodeVerificationMethod {
  const text = typeof value === 'string' ? value : undefined;
  const m = text === undefined ? null : VERIFICATION_METHOD.exec(text);
  const nodeId = m?.[1];
  const keyId = m?.[2];
  if (nodeId === undefined || keyId === undefined || !NODE_ID.test(nodeId) || !isKeyId(keyId)) {
    fail('ERR_TRUST_VERIFICATION_METHOD', field, { found: text === undefined ? typeOf(value) : excerpt(text) });
  }
  return { nodeId, keyId };
}

function readProof(value: unknown, field: string): TrustListProof {
  const object = readObject(value, field, PROOF, []);
  const at = (name: string) => jsonPathMember(field, name);
  const suite = readSuite(member(object, 'suite'), at('suite'));
  const verificationMethod = readString(member(object, 'verificationMethod'), at('verificationMethod'));
  parseNodeVerificationMethod(verificationMethod, at('verificationMethod'));
  const created = readTime(member(object, 'created'), at('created'));
  const signatureField = at('signatureValue');
  const signatureValue = readString(member(object, 'signatureValue'), signatureField);
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64url(signatureValue, signatureField);
  } catch (error) {
    const problem = error instanceof HutongError ? String(error.params.problem ?? error.message) : 'not base64url';
    const problemZh =
      error instanceof HutongError
        ? String(error.zhParams?.problem ?? error.params.problem ?? error.localize('zh-CN'))
        : '不是 base64url 编码';
    fail('ERR_TRUST_SIGNATURE_VALUE', signatureField, { problem }, { problem: problemZh });
  }
  if (bytes.length !== SIGNATURE_BYTES[suite]) {
    fail(
      'ERR_TRUST_SIGNATURE_VALUE',
      signatureField,
      { problem: `it decodes to ${bytes.length} bytes` },
      { problem: `解码后为 ${bytes.length} 字节` },
    );
  }
  return { suite, verificationMethod, created, signatureValue };
}

function refuseDuplicates(
  values: readonly string[],
  pathOf: (i: number) => string,
  what: readonly [en: string, zh: string],
  seen = new Set<string>(),
): void {
  values.forEach((value, i) => {
    if (seen.has(value)) fail('ERR_TRUST_DUPLICATE', pathOf(i), { what: what[0], value }, { what: what[1] });
    seen.add(value);
  });
}

function readUnsigned(object: Json): UnsignedTrustList {
  const format = member(object, 'format');
  if (format !== TRUST_LIST_FORMAT) {
    fail('ERR_TRUST_FORMAT_UNSUPPORTED', '$.format', {
      expected: TRUST_LIST_FORMAT,
      found: typeof format === 'string' ? excerpt(format) : typeOf(format),
    });
  }
  const node = readNode(member(object, 'node'), '$.node');
  const version = readVersion(member(object, 'version'), '$.version');
  const issuedAt = readTime(member(object, 'issuedAt'), '$.issuedAt');
  const expiresAt = readTime(member(object, 'expiresAt'), '$.expiresAt');
  requireOrder(expiresAt, '$.expiresAt', issuedAt, '$.issuedAt');
  const lifetime = timeOf(expiresAt) - timeOf(issuedAt);
  if (lifetime > MAX_TRUST_LIST_LIFETIME_DAYS * DAY_MS) {
    fail('ERR_TRUST_LIST_LIFETIME', '$.expiresAt', {
      days: Math.ceil(lifetime / DAY_MS),
      max: MAX_TRUST_LIST_LIFETIME_DAYS,
    });
  }
  const issuers = readArray(member(object, 'issuers'), '$.issuers', 0, MAX_TRUST_LIST_ISSUERS, readIssuer);
  const showingKeys = readArray(member(object, 'showingKeys'), '$.showingKeys', 0, MAX_SHOWING_KEYS, readShowingKey);
  const logKeys = readArray(member(object, 'logKeys'), '$.logKeys', 0, MAX_LOG_KEYS, readLogKey);

  refuseDuplicates(
    issuers.map((i) => i.issuerCode),
    (i) => `$.issuers[${i}].issuerCode`,
    ['issuer', '颁发机构'],
  );
  // One key, one role: a key shared by two issuers would let either sign as the other, and
  // a licence key that also signs show codes would blur what a signature vouches for.
  const keyIds = new Set<string>();
  for (const [i, issuer] of issuers.entries()) {
    refuseDuplicates(
      issuer.keys.map((k) => k.keyId),
      (k) => `$.issuers[${i}].keys[${k}].keyId`,
      ['key', '密钥'],
      keyIds,
    );
  }
  refuseDuplicates(
    showingKeys.map((k) => k.keyId),
    (k) => `$.showingKeys[${k}].keyId`,
    ['key', '密钥'],
    keyIds,
  );
  // C2SP signed-note tells keys apart by name and key id: a log's Ed25519 key and its SM2
  // line's key share the log's name (its origin), so only the same key listed twice is refused.
  refuseDuplicates(
    logKeys.map((k) => `${k.name}+${(k.vkey.slice(k.name.length + 1).split('+')[0] ?? '').toLowerCase()}`),
    (k) => `$.logKeys[${k}].vkey`,
    ['log key (name and key id)', '日志密钥（名称和密钥标识）'],
  );
  return { format: TRUST_LIST_FORMAT, node, version, issuedAt, expiresAt, issuers, showingKeys, logKeys };
}

function readRoot(input: unknown, allowed: readonly string[], optional: readonly string[]): Json {
  // JSON text goes through the strict parser: JSON.parse keeps the last of two duplicate
  // members, other parsers the first, so a duplicate could verify here and mean something else there.
  const value = typeof input === 'string' ? parseJson(input) : input;
  return readObject(value, '$', allowed, optional);
}

/**
 * Parses a signed trust list (JSON text or parsed JSON) strictly: unknown members, missing
 * members, bad codes, bad times, duplicates (issuers, key ids across the whole list, log
 * key names) and impossible orders are typed errors (`ERR_TRUST_*`, or the identifiers' own
 * code) whose `field` is the JSON path at fault. It does not check the signature: that is
 * {@link verifyTrustList}.
 *
 * @example
 * const list = parseTrustList(await response.text());
 * list.issuers.map((i) => i.issuerCode); // ['11220000013544541J', …]
 */
export function parseTrustList(input: unknown): TrustList {
  const object = readRoot(input, TOP, []);
  const unsigned = readUnsigned(object);
  const proof = readProof(member(object, 'proof'), '$.proof');
  return { ...unsigned, proof };
}

/**
 * Parses a trust list without its proof (what a node is about to sign), as strictly as
 * {@link parseTrustList}.
 *
 * @example const unsigned = parseUnsignedTrustList(draft);
 */
export function parseUnsignedTrustList(input: unknown): UnsignedTrustList {
  return readUnsigned(
    readRoot(
      input,
      TOP.filter((name) => name !== 'proof'),
      [],
    ),
  );
}
