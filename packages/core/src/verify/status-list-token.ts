/**
 * Reading an issuer's status list offline: an IETF Token Status List in JWT form
 * (draft-ietf-oauth-status-list §5.1), as a node serves it at the `uri` of every licence's
 * status reference. `openStatusListToken` checks the token (type, issuer and key from the
 * verifier's trust list, signature, expiry), inflates the list once and returns a
 * {@link StatusLookup} for `verifyLicence`.
 *
 * A verifier keeps a list for its `ttl` and checks thousands of licences against it, so the
 * opened lists are remembered (bounded), keyed by the exact token text and the trust list
 * that vouched for it: the same bytes under the same keys get the same answer, a changed
 * byte is another key and is checked in full, and expiry is judged again at every use.
 */
import { parseJson } from '../canonical/index.js';
import type { SuiteName } from '../crypto/types.js';
import { HutongError } from '../errors.js';
import { parseUscc, type Uscc } from '../identifiers/index.js';
import { decodeBase64url, type Licence, type StatusReference } from '../licence/index.js';
import { STATUS_LIST_VALUES } from '../status/index.js';
import { type KeyResolver, type TrustedIssuer, trustListResolver } from './trust-list.js';
import type { OfflineStatus, StatusLookup } from './verify-licence.js';

/** §5.1: the `typ` of a Status List Token in JWT form. */
export const STATUS_LIST_JWT_TYPE = 'statuslist+jwt';

/**
 * JWS `alg` per suite: RFC 8037 `EdDSA`, RFC 7518 `ES256` (raw r‖s, as core signs).
 * SM2 has no registered JOSE name; `SM2` is Hutong's (RFC 7515 §4.1.1 lets producer and
 * consumer agree on one): SM2 with SM3 over the JWS signing input, default ID
 * `1234567812345678`, signature raw r‖s (64 bytes), as every Hutong proof.
 */
export const JWS_ALGORITHMS: Readonly<Record<SuiteName, string>> = {
  ed25519: 'EdDSA',
  'ecdsa-p256': 'ES256',
  'sm2-sm3': 'SM2',
};

/** A list far larger than any issuer's (16 MiB: 67 million 2-bit entries) is refused, not inflated. */
export const MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024;
/** A token is a few tens of kilobytes even for a million licences (docs/benchmarks.md). */
export const MAX_STATUS_LIST_TOKEN_CHARS = 4 * 1024 * 1024;
/** Opened lists remembered per trust list: one per issuer a verifier meets, with room to spare. */
export const REMEMBERED_STATUS_LISTS = 64;

/** A status list whose token verified. */
export interface StatusList {
  /** §5.1 `sub`: the `uri` the licences' status references carry. */
  readonly uri: string;
  /** `iss`: the issuer whose key signed it. */
  readonly issuerCode: Uscc;
  readonly keyId: string;
  readonly issuedAt: Date;
  /** §5.1 `exp`: after this the copy must not be relied on. */
  readonly expiresAt?: Date;
  /** §5.1 `ttl`: seconds the verifier may keep it before fetching it again. */
  readonly ttl?: number;
  /** §4.1: bits an entry (Hutong writes 2). */
  readonly bits: 1 | 2 | 4 | 8;
  /** Number of entries the list holds. */
  readonly size: number;
  /** Entry `index` (§4.1), or undefined past the end. */
  entry(index: number): number | undefined;
}

/** `reasonZh`: the same reason in Chinese, for the zh-CN message (every caller states both). */
function malformed(reason: string, reasonZh: string, field: string): HutongError {
  return new HutongError('ERR_VERIFY_STATUS_LIST_MALFORMED', {
    field,
    params: { reason },
    zhParams: { reason: reasonZh },
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function segmentJson(segment: string, field: string): Record<string, unknown> {
  const bytes = decodeBase64url(segment, field);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw malformed('not UTF-8', '不是 UTF-8 文本', field);
  }
  const value = parseJson(text);
  if (!isObject(value)) throw malformed('not a JSON object', '不是 JSON 对象', field);
  return value;
}

function seconds(value: unknown, field: string): Date {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw malformed('must be a NumericDate (whole seconds)', '须为 NumericDate（整数秒）', field);
  return new Date(value * 1000);
}

/** RFC 1950 ZLIB, as §4.1 requires, through the platform's Compression Streams (browsers, Node ≥ 18). */
async function inflate(compressed: Uint8Array): Promise<Uint8Array> {
  let stream: ReadableStream<Uint8Array>;
  try {
    stream = new Blob([compressed as Uint8Array<ArrayBuffer>])
      .stream()
      .pipeThrough(new DecompressionStream('deflate') as unknown as TransformStream<Uint8Array, Uint8Array>);
  } catch (cause) {
    throw new HutongError('ERR_VERIFY_STATUS_LIST_MALFORMED', {
      field: 'status_list.lst',
      params: { reason: 'this platform cannot inflate ZLIB (no DecompressionStream)' },
      zhParams: { reason: '此平台无法解压 ZLIB 数据（没有 DecompressionStream）' },
      cause,
    });
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > MAX_STATUS_LIST_BYTES) {
        await reader.cancel();
        throw malformed(
          `inflates to more than ${MAX_STATUS_LIST_BYTES} bytes`,
          `解压后超过 ${MAX_STATUS_LIST_BYTES} 字节`,
          'status_list.lst',
        );
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof HutongError) throw error;
    throw malformed('not ZLIB-compressed data', '不是 ZLIB 压缩数据', 'status_list.lst');
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Lists this module opened (their token verified): only these may speak for a licence's status offline. */
const openedLists = new WeakSet<StatusList>();

/**
 * True for a list that `openStatusListToken` opened, never for a look-alike object: a
 * verifier that takes lists from its caller (show codes, print codes) refuses any other.
 */
export function isOpenedStatusList(value: unknown): value is StatusList {
  return typeof value === 'object' && value !== null && openedLists.has(value as StatusList);
}

function listOf(claims: Omit<StatusList, 'entry' | 'size'>, bytes: Uint8Array): StatusList {
  const { bits } = claims;
  const size = Math.floor((bytes.length * 8) / bits);
  const mask = (1 << bits) - 1;
  const list: StatusList = Object.freeze({
    ...claims,
    size,
    // §4.1: entry i is at bit i·bits, counted from the least significant bit of each byte.
    entry: (index: number) => {
      if (!Number.isSafeInteger(index) || index < 0 || index >= size) return undefined;
      const bit = index * bits;
      return ((bytes[bit >> 3] as number) >> (bit & 7)) & mask;
    },
  });
  openedLists.add(list);
  return list;
}

async function open(token: string, resolver: KeyResolver): Promise<StatusList> {
  const parts = token.split('.');
  if (parts.length !== 3)
    throw malformed('a JWS compact serialisation has three parts', 'JWS 紧凑序列化应由三部分组成', 'token');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = segmentJson(headerPart, 'header');
  if (header.typ !== STATUS_LIST_JWT_TYPE)
    throw malformed(`typ must be "${STATUS_LIST_JWT_TYPE}"`, `typ 须为“${STATUS_LIST_JWT_TYPE}”`, 'header.typ');
  if (typeof header.kid !== 'string' || header.kid === '')
    throw malformed('kid must name the key', 'kid 须指明密钥', 'header.kid');
  if (header.crit !== undefined)
    throw malformed('no critical header parameter is understood', '不支持任何关键头部参数（crit）', 'header.crit');
  const claims = segmentJson(payloadPart, 'payload');
  if (typeof claims.sub !== 'string' || claims.sub === '')
    throw malformed('sub must be the list URI', 'sub 须为状态列表的 URI', 'sub');
  let issuerCode: Uscc;
  try {
    issuerCode = parseUscc(claims.iss);
  } catch (cause) {
    throw new HutongError('ERR_VERIFY_STATUS_LIST_MALFORMED', {
      field: 'iss',
      params: { reason: 'iss must be the issuer’s USCC' },
      zhParams: { reason: 'iss 须为颁发机构的统一社会信用代码' },
      cause,
    });
  }

  // The key, and with it the algorithm, come from the trust list, never from the token (RFC 8725 §2.1).
  const issuer = await resolver.resolveIssuer(issuerCode);
  const trusted =
    issuer !== undefined && issuer.issuerCode === issuerCode
      ? issuer.keys.find((k) => k.keyId === header.kid)
      : undefined;
  if (trusted === undefined) {
    throw new HutongError('ERR_VERIFY_STATUS_LIST_KEY_UNKNOWN', {
      field: 'header.kid',
      params: { issuerCode, keyId: header.kid },
    });
  }
  if (header.alg !== JWS_ALGORITHMS[trusted.suite])
    throw malformed(
      `alg must be ${JWS_ALGORITHMS[trusted.suite]} for key ${trusted.keyId}`,
      `密钥 ${trusted.keyId} 的 alg 须为 ${JWS_ALGORITHMS[trusted.suite]}`,
      'header.alg',
    );
  const signature = decodeBase64url(signaturePart, 'signature');
  const signingInput = new TextEncoder().encode(`${headerPart}.${payloadPart}`);
  let ok = false;
  try {
    ok = await trusted.key.verify(signingInput, signature);
  } catch {
    ok = false;
  }
  if (!ok) {
    throw new HutongError('ERR_VERIFY_STATUS_LIST_SIGNATURE', {
      field: 'signature',
      params: { issuerCode, keyId: trusted.keyId },
    });
  }

  // Signed: now the claims can be believed.
  const issuedAt = seconds(claims.iat, 'iat');
  const usable =
    issuedAt.getTime() >= trusted.validFrom.getTime() &&
    (trusted.validUntil === undefined || issuedAt.getTime() < trusted.validUntil.getTime()) &&
    (trusted.revokedAt === undefined || issuedAt.getTime() < trusted.revokedAt.getTime());
  if (!usable) {
    throw new HutongError('ERR_VERIFY_STATUS_LIST_KEY_INVALID', {
      field: 'iat',
      params: { keyId: trusted.keyId, issuedAt: issuedAt.toISOString() },
    });
  }
  const expiresAt = claims.exp === undefined ? undefined : seconds(claims.exp, 'exp');
  if (
    claims.ttl !== undefined &&
    (typeof claims.ttl !== 'number' || !Number.isSafeInteger(claims.ttl) || claims.ttl < 0)
  )
    throw malformed('ttl must be whole seconds', 'ttl 须为整数秒', 'ttl');
  const list = claims.status_list;
  if (!isObject(list)) throw malformed('status_list must be an object', 'status_list 须为对象', 'status_list');
  const bits = list.bits;
  if (bits !== 1 && bits !== 2 && bits !== 4 && bits !== 8)
    throw malformed('bits must be 1, 2, 4 or 8', 'bits 须为 1、2、4 或 8', 'status_list.bits');
  const bytes = await inflate(decodeBase64url(list.lst, 'status_list.lst'));
  return listOf(
    {
      uri: claims.sub,
      issuerCode,
      keyId: trusted.keyId,
      issuedAt,
      ...(expiresAt === undefined ? {} : { expiresAt }),
      ...(claims.ttl === undefined ? {} : { ttl: claims.ttl as number }),
      bits,
    },
    bytes,
  );
}

const opened = new WeakMap<KeyResolver | readonly TrustedIssuer[], Map<string, Promise<StatusList>>>();

function resolverOf(keys: KeyResolver | readonly TrustedIssuer[]): KeyResolver {
  if (Array.isArray(keys)) return trustListResolver(keys);
  if (typeof keys !== 'object' || keys === null || typeof (keys as KeyResolver).resolveIssuer !== 'function') {
    throw new HutongError('ERR_VERIFY_CONTEXT', {
      field: 'keys',
      params: { field: 'keys', problem: 'must be a trust list (array of issuers) or a KeyResolver' },
      zhParams: { problem: '须为信任列表（颁发机构数组）或 KeyResolver' },
    });
  }
  return keys as KeyResolver;
}

/**
 * Verifies a Status List Token against the verifier's trust list and opens it: `typ`
 * `statuslist+jwt`, `iss` an issuer on the list, `kid` one of its keys and `alg` that key's
 * suite, the signature, then (at `at`) not past `exp`; the list is inflated (ZLIB, at most
 * {@link MAX_STATUS_LIST_BYTES}). Throws `ERR_VERIFY_STATUS_LIST_*` naming the field at fault.
 * Opened lists are remembered by exact token and trust list; expiry is checked on every call.
 *
 * @example
 * const list = await openStatusListToken(await (await fetch(reference.uri)).text(), prepared.keys, { at: new Date() });
 * await verifyLicence(text, { keys: prepared.keys, statusLookup: statusListLookup([list]), requireStatus: true });
 */
export async function openStatusListToken(
  token: unknown,
  keys: KeyResolver | readonly TrustedIssuer[],
  options: { readonly at?: Date } = {},
): Promise<StatusList> {
  if (typeof token !== 'string') throw malformed('not a string', '不是字符串', 'token');
  if (token.length > MAX_STATUS_LIST_TOKEN_CHARS)
    throw malformed(
      `longer than ${MAX_STATUS_LIST_TOKEN_CHARS} characters`,
      `超过 ${MAX_STATUS_LIST_TOKEN_CHARS} 个字符`,
      'token',
    );
  const at = options.at ?? new Date();
  let remembered = opened.get(keys);
  if (remembered === undefined) {
    remembered = new Map();
    opened.set(keys, remembered);
  }
  let pending = remembered.get(token);
  if (pending === undefined) {
    pending = open(token, resolverOf(keys));
    if (remembered.size >= REMEMBERED_STATUS_LISTS) remembered.delete(remembered.keys().next().value as string);
    remembered.set(token, pending);
    // A refused token is not remembered: only what verified is.
    pending.catch(() => remembered?.delete(token));
  }
  const list = await pending;
  if (list.expiresAt !== undefined && at.getTime() >= list.expiresAt.getTime()) {
    throw new HutongError('ERR_VERIFY_STATUS_LIST_EXPIRED', {
      field: 'exp',
      params: { uri: list.uri, expiresAt: list.expiresAt.toISOString(), at: at.toISOString() },
    });
  }
  return list;
}

const BY_VALUE: Readonly<Record<number, OfflineStatus>> = Object.fromEntries(
  Object.entries(STATUS_LIST_VALUES).map(([name, value]) => [value, name as OfflineStatus]),
);

/**
 * A {@link StatusLookup} over opened lists: the reference's `uri` must be a list of the
 * licence's own issuer (another issuer's list cannot speak for it), and the entry must be
 * in the list; values 0, 1, 2 are valid, invalid, suspended (§7.1), anything else unknown.
 *
 * @example verifyLicence(text, { keys, statusLookup: statusListLookup([list]), requireStatus: true })
 */
export function statusListLookup(lists: readonly StatusList[]): StatusLookup {
  const byUri = new Map(lists.map((list) => [list.uri, list]));
  return (reference: StatusReference, licence: Licence) => {
    const list = byUri.get(reference.uri);
    if (list === undefined || list.issuerCode !== licence.metadata.certificateIssuingAuthorityCode) return undefined;
    const value = list.entry(reference.index);
    return value === undefined ? undefined : BY_VALUE[value];
  };
}
