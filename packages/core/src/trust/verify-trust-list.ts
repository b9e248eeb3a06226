/**
 * Verifying a trust list and preparing it for use: signature by a key the verifier already
 * trusts for that node (its anchor), expiry, rollback, then every key imported once (the
 * prepared keys are what verification reuses: re-importing per call halves throughput) and
 * its RFC 7638 thumbprint recomputed against the key id the list states.
 */
import { importVerificationKeyJwk, importVerificationKeyPem, type PublicJwk } from '../crypto/index.js';
import type { CryptoProvider } from '../crypto/provider.js';
import type { SuiteName, VerificationKey } from '../crypto/types.js';
import { HutongError, type Language } from '../errors.js';
import type { Uscc } from '../identifiers/index.js';
import { decodeBase64url, parseProofCreated, encodeBase64url as toBase64url } from '../licence/index.js';
import { type ParsedVerifierKey, parseVerifierKey } from '../merkle/index.js';
import {
  type KeyResolver,
  PROOF_CLOCK_SKEW_MS,
  type TrustedIssuer,
  type TrustedKey,
  trustListResolver,
} from '../verify/index.js';
import { parseNodeVerificationMethod, parseTrustList } from './parse-trust-list.js';
import type { TrustList, TrustListNode, TrustListPublicKey } from './trust-list.js';
import { trustListSigningBytes } from './trust-list-signing-bytes.js';

/**
 * How many leading bytes of a showing key's thumbprint a show code carries to name its key
 * (docs/design/show-code.md): 64 bits, so that keys of every node of a merged list stay
 * apart, while the verifier still checks the whole thumbprint through the list.
 */
export const SHOWING_KEY_HINT_BYTES = 8;

/**
 * A key the verifier trusts, out of band (configuration, the hub), to sign a node's trust
 * lists. A list verifies only with an anchor of its own node.
 */
export interface TrustAnchor {
  readonly nodeId: string;
  readonly key: VerificationKey;
}

/** A show-code key of the node, imported. */
export interface PreparedShowingKey {
  readonly nodeId: string;
  readonly keyId: string;
  readonly suite: SuiteName;
  readonly key: VerificationKey;
  readonly validFrom: Date;
  readonly validUntil?: Date;
}

/** A log key of the node, parsed into a signed-note verifier. */
export interface PreparedLogKey {
  readonly name: string;
  readonly vkey: string;
  readonly verifier: ParsedVerifierKey;
}

/**
 * A verified trust list, ready for offline verification: `issuers` and `keys` plug into
 * `verifyLicence` (`{ keys: prepared.keys }`), `showingKeys` into `verifyShowCode`. Made only
 * by {@link verifyTrustList}; frozen.
 */
export interface PreparedTrustList {
  readonly node: TrustListNode;
  readonly version: number;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  /** SHA-256 of the signed bytes, base64url: two lists of one version are the same list exactly when these match. */
  readonly digest: string;
  /** The anchor key that signed it. */
  readonly signedBy: string;
  readonly issuers: readonly TrustedIssuer[];
  readonly keys: KeyResolver;
  readonly showingKeys: readonly PreparedShowingKey[];
  readonly logKeys: readonly PreparedLogKey[];
  /** The signed document as parsed. */
  readonly document: TrustList;
}

/** What a verifier remembers of the list it accepted last (a {@link PreparedTrustList} will do). */
export interface AcceptedTrustList {
  readonly node: { readonly id: string };
  readonly version: number;
  readonly digest: string;
}

export interface VerifyTrustListOptions {
  /** The instant to judge expiry at. */
  readonly at: Date;
  /** The list accepted before, if any: a lower version is a rollback, the same version must be the same list. */
  readonly previous?: AcceptedTrustList;
  /**
   * Platform crypto the list's Ed25519 and P-256 keys (issuer, showing and log keys) are
   * imported into (default: WebCrypto); the CLI passes `node:crypto`, as the server does.
   */
  readonly provider?: CryptoProvider;
}

interface Index {
  readonly showingByHint: ReadonlyMap<string, PreparedShowingKey>;
  readonly issuerByCode: ReadonlyMap<string, TrustedIssuer>;
}

const indexes = new WeakMap<PreparedTrustList, Index>();

/** `problemZh`: the same problem in Chinese, for the zh-CN message (every caller states both). */
function context(field: string, problem: string, problemZh: string): never {
  throw new HutongError('ERR_TRUST_CONTEXT', { field, params: { field, problem }, zhParams: { problem: problemZh } });
}

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function describe(error: unknown, language: Language = 'en'): string {
  if (error instanceof HutongError) return `${error.code}: ${error.localize(language)}`;
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 200);
  return typeof error;
}

/** The hint a show code carries for a key id: its first {@link SHOWING_KEY_HINT_BYTES} bytes, as a map key. */
function hintKey(bytes: Uint8Array, at = 0): string {
  // One string of eight one-byte characters, made at once: a show code's key is looked up by
  // it on every verification, where appending a character at a time made eight strings.
  return String.fromCharCode(
    bytes[at] ?? 0,
    bytes[at + 1] ?? 0,
    bytes[at + 2] ?? 0,
    bytes[at + 3] ?? 0,
    bytes[at + 4] ?? 0,
    bytes[at + 5] ?? 0,
    bytes[at + 6] ?? 0,
    bytes[at + 7] ?? 0,
  );
}

async function importKey(
  document: TrustListPublicKey,
  suite: SuiteName,
  keyId: string,
  field: string,
  provider: CryptoProvider | undefined,
): Promise<VerificationKey> {
  let key: VerificationKey;
  const options = provider === undefined ? { suite } : { suite, provider };
  try {
    key =
      typeof document === 'string'
        ? await importVerificationKeyPem(document, options)
        : await importVerificationKeyJwk(document as PublicJwk, options);
  } catch (error) {
    throw new HutongError('ERR_TRUST_PUBLIC_KEY', {
      field: `${field}.publicKey`,
      params: { field: `${field}.publicKey`, detail: describe(error) },
      zhParams: { detail: describe(error, 'zh-CN') },
      cause: error,
    });
  }
  // The full thumbprint check: show codes name keys by a prefix of the key id and licence
  // proofs by the key id; both are only as good as this equality.
  if (key.keyId !== keyId) {
    throw new HutongError('ERR_TRUST_KEY_ID_MISMATCH', {
      field: `${field}.keyId`,
      params: { field: `${field}.keyId`, expected: keyId, found: key.keyId },
    });
  }
  return key;
}

async function sm2LogKeyImporter(publicKey: Uint8Array): Promise<VerificationKey> {
  // 04 ‖ X ‖ Y, 65 bytes (checked by parseVerifierKey before it calls this).
  return importVerificationKeyJwk({
    kty: 'EC',
    crv: 'SM2',
    x: toBase64url(publicKey.subarray(1, 33)),
    y: toBase64url(publicKey.subarray(33, 65)),
  });
}

async function prepareLogKey(
  name: string,
  vkey: string,
  field: string,
  provider: CryptoProvider | undefined,
): Promise<PreparedLogKey> {
  try {
    const verifier = parseVerifierKey(
      vkey,
      provider === undefined ? { sm2: sm2LogKeyImporter } : { sm2: sm2LogKeyImporter, provider },
    );
    if (verifier.name !== name) throw new Error(`the key is named "${verifier.name}"`);
    return Object.freeze({ name, vkey, verifier });
  } catch (error) {
    throw new HutongError('ERR_TRUST_LOG_KEY', {
      field: `${field}.vkey`,
      params: { field: `${field}.vkey`, detail: describe(error) },
      zhParams: { detail: describe(error, 'zh-CN') },
      cause: error,
    });
  }
}

function readOptions(options: VerifyTrustListOptions): {
  at: Date;
  previous: AcceptedTrustList | undefined;
  provider: CryptoProvider | undefined;
} {
  if (typeof options !== 'object' || options === null) context('options', 'must be an object', '须为对象');
  if (!isValidDate(options.at)) context('at', 'must be a valid Date', '须为有效的 Date');
  const previous = options.previous;
  if (previous !== undefined) {
    const ok =
      typeof previous === 'object' &&
      previous !== null &&
      typeof previous.node?.id === 'string' &&
      Number.isSafeInteger(previous.version) &&
      typeof previous.digest === 'string';
    if (!ok)
      context(
        'previous',
        'must be the trust list accepted before (node.id, version, digest)',
        '须为此前接受的信任列表（node.id、version、digest）',
      );
  }
  const provider = options.provider;
  if (
    provider !== undefined &&
    (typeof provider !== 'object' || provider === null || typeof provider.importPublicKey !== 'function')
  ) {
    context('provider', 'must be a CryptoProvider', '须为 CryptoProvider');
  }
  return { at: options.at, previous, provider };
}

/**
 * Verifies a trust list (JSON text, parsed JSON or a {@link TrustList}) and prepares it.
 * In order, each failure a typed error:
 * strict parse (`ERR_TRUST_*`); the proof names this list's node (`ERR_TRUST_LIST_NODE_MISMATCH`)
 * and a key among `anchors` for that node (`ERR_TRUST_ANCHOR_UNKNOWN`), of the proof's suite
 * (`ERR_TRUST_LIST_SUITE_MISMATCH`), with which the signature verifies (`ERR_TRUST_LIST_SIGNATURE`);
 * `at` is before `expiresAt` (`ERR_TRUST_LIST_EXPIRED`) and not before `issuedAt` less
 * 5 minutes of clock skew (`ERR_TRUST_LIST_NOT_YET_VALID`); against `previous`: the same node,
 * a version not lower (`ERR_TRUST_LIST_ROLLBACK`), the same version only for the same list
 * (`ERR_TRUST_LIST_VERSION_CONFLICT`); then every key imports (`ERR_TRUST_PUBLIC_KEY`,
 * `ERR_TRUST_LOG_KEY`) and matches its stated key id (`ERR_TRUST_KEY_ID_MISMATCH`).
 *
 * @example
 * const prepared = await verifyTrustList(text, [{ nodeId: 'xj-node', key: nodeKey }], { at: new Date(), previous: cached });
 * await verifyLicence(licence, { keys: prepared.keys });
 * await verifyShowCode(code, prepared, { now: new Date() });
 */
export async function verifyTrustList(
  input: unknown,
  anchors: readonly TrustAnchor[],
  options: VerifyTrustListOptions,
): Promise<PreparedTrustList> {
  const { at, previous, provider } = readOptions(options);
  if (!Array.isArray(anchors))
    context('anchors', 'must be an array of { nodeId, key }', '须为 { nodeId, key } 组成的数组');
  const list = parseTrustList(input);
  const nodeId = list.node.id;

  // The signature first: nothing of an unauthenticated list is imported or believed.
  const method = parseNodeVerificationMethod(list.proof.verificationMethod, '$.proof.verificationMethod');
  if (method.nodeId !== nodeId) {
    throw new HutongError('ERR_TRUST_LIST_NODE_MISMATCH', {
      field: '$.proof.verificationMethod',
      params: { field: '$.proof.verificationMethod', found: method.nodeId, expected: nodeId },
    });
  }
  const anchor = anchors.find(
    (a) => typeof a === 'object' && a !== null && a.nodeId === nodeId && a.key?.keyId === method.keyId,
  );
  if (anchor === undefined) {
    throw new HutongError('ERR_TRUST_ANCHOR_UNKNOWN', {
      field: '$.proof.verificationMethod',
      params: { nodeId, keyId: method.keyId },
    });
  }
  if (anchor.key.suite !== list.proof.suite) {
    // The suite comes from what the verifier trusts, never from the document (RFC 8725 §2.1).
    throw new HutongError('ERR_TRUST_LIST_SUITE_MISMATCH', {
      field: '$.proof.suite',
      params: { found: list.proof.suite, keyId: method.keyId, expected: anchor.key.suite },
    });
  }
  const signedBytes = trustListSigningBytes(list);
  const signature = decodeBase64url(list.proof.signatureValue, '$.proof.signatureValue');
  let verified = false;
  try {
    verified = await anchor.key.verify(signedBytes, signature);
  } catch {
    verified = false;
  }
  if (!verified) {
    throw new HutongError('ERR_TRUST_LIST_SIGNATURE', {
      field: '$.proof.signatureValue',
      params: { keyId: method.keyId, nodeId },
    });
  }

  const issuedAt = parseProofCreated(list.issuedAt);
  const expiresAt = parseProofCreated(list.expiresAt);
  const times = { version: list.version, nodeId, at: at.toISOString() };
  if (at.getTime() >= expiresAt.getTime()) {
    throw new HutongError('ERR_TRUST_LIST_EXPIRED', {
      field: '$.expiresAt',
      params: { ...times, expiresAt: list.expiresAt },
    });
  }
  if (issuedAt.getTime() > at.getTime() + PROOF_CLOCK_SKEW_MS) {
    throw new HutongError('ERR_TRUST_LIST_NOT_YET_VALID', {
      field: '$.issuedAt',
      params: { ...times, issuedAt: list.issuedAt },
    });
  }

  const digestBytes = new Uint8Array(
    await globalThis.crypto.subtle.digest('SHA-256', signedBytes as Uint8Array<ArrayBuffer>),
  );
  const digest = toBase64url(digestBytes);
  if (previous !== undefined) {
    if (previous.node.id !== nodeId) {
      throw new HutongError('ERR_TRUST_LIST_NODE_MISMATCH', {
        field: '$.node.id',
        params: { field: '$.node.id', found: nodeId, expected: previous.node.id },
      });
    }
    if (list.version < previous.version) {
      throw new HutongError('ERR_TRUST_LIST_ROLLBACK', {
        field: '$.version',
        params: { version: list.version, previous: previous.version },
      });
    }
    if (list.version === previous.version && digest !== previous.digest) {
      throw new HutongError('ERR_TRUST_LIST_VERSION_CONFLICT', {
        field: '$.version',
        params: { nodeId, version: list.version },
      });
    }
  }

  const issuers: TrustedIssuer[] = [];
  for (const [i, issuer] of list.issuers.entries()) {
    const keys: TrustedKey[] = [];
    for (const [k, entry] of issuer.keys.entries()) {
      const field = `$.issuers[${i}].keys[${k}]`;
      const key = await importKey(entry.publicKey, entry.suite, entry.keyId, field, provider);
      keys.push(
        Object.freeze({
          keyId: entry.keyId,
          suite: entry.suite,
          key,
          validFrom: parseProofCreated(entry.validFrom),
          ...(entry.validUntil === undefined ? {} : { validUntil: parseProofCreated(entry.validUntil) }),
          ...(entry.revokedAt === undefined ? {} : { revokedAt: parseProofCreated(entry.revokedAt) }),
        }),
      );
    }
    issuers.push(
      Object.freeze({
        issuerCode: issuer.issuerCode,
        name: issuer.name,
        keys: Object.freeze(keys),
        types: Object.freeze(issuer.types.slice()),
      }),
    );
  }

  const showingKeys: PreparedShowingKey[] = [];
  const showingByHint = new Map<string, PreparedShowingKey>();
  for (const [k, entry] of list.showingKeys.entries()) {
    const field = `$.showingKeys[${k}]`;
    const key = await importKey(entry.publicKey, entry.suite, entry.keyId, field, provider);
    const prepared: PreparedShowingKey = Object.freeze({
      nodeId,
      keyId: entry.keyId,
      suite: entry.suite,
      key,
      validFrom: parseProofCreated(entry.validFrom),
      ...(entry.validUntil === undefined ? {} : { validUntil: parseProofCreated(entry.validUntil) }),
    });
    const hint = hintKey(decodeBase64url(entry.keyId));
    if (showingByHint.has(hint)) {
      // Two keys a show code could not tell apart: refuse rather than guess.
      throw new HutongError('ERR_TRUST_DUPLICATE', {
        field: `${field}.keyId`,
        params: {
          field: `${field}.keyId`,
          what: 'showing key hint (first 8 bytes of the key id) of',
          value: entry.keyId,
        },
        zhParams: { what: '亮证密钥提示（密钥标识的前 8 字节）相同的密钥' },
      });
    }
    showingByHint.set(hint, prepared);
    showingKeys.push(prepared);
  }

  const logKeys: PreparedLogKey[] = [];
  for (const [k, entry] of list.logKeys.entries()) {
    logKeys.push(await prepareLogKey(entry.name, entry.vkey, `$.logKeys[${k}]`, provider));
  }

  const prepared: PreparedTrustList = Object.freeze({
    node: Object.freeze({ ...list.node }),
    version: list.version,
    issuedAt,
    expiresAt,
    digest,
    signedBy: method.keyId,
    issuers: Object.freeze(issuers),
    keys: trustListResolver(issuers),
    showingKeys: Object.freeze(showingKeys),
    logKeys: Object.freeze(logKeys),
    document: list,
  });
  indexes.set(prepared, {
    showingByHint,
    issuerByCode: new Map(issuers.map((issuer) => [issuer.issuerCode, issuer])),
  });
  return prepared;
}

/**
 * True for a list made by {@link verifyTrustList} (not a look-alike object: only a verified
 * list may vouch for anything).
 *
 * @example if (!isPreparedTrustList(cached)) cached = await verifyTrustList(text, anchors, { at: now });
 */
export function isPreparedTrustList(value: unknown): value is PreparedTrustList {
  return typeof value === 'object' && value !== null && indexes.has(value as PreparedTrustList);
}

function indexOf(list: PreparedTrustList): Index {
  const index = indexes.get(list);
  if (index === undefined)
    context('trustList', 'must be a list prepared by verifyTrustList', '须为经 verifyTrustList 处理的信任列表');
  return index;
}

/**
 * The showing key a show code names by its hint (the first {@link SHOWING_KEY_HINT_BYTES}
 * bytes of the key id's thumbprint), or undefined.
 *
 * @example findShowingKey(prepared, hint)?.keyId
 */
export function findShowingKey(list: PreparedTrustList, hint: Uint8Array): PreparedShowingKey | undefined {
  if (!(hint instanceof Uint8Array) || hint.length !== SHOWING_KEY_HINT_BYTES) return undefined;
  return indexOf(list).showingByHint.get(hintKey(hint));
}

/**
 * `findShowingKey` with the hint read at `at` in a code's own bytes, with no view made for
 * it (the show-code verifier's hot path). Internal to core.
 */
export function findShowingKeyAt(
  list: PreparedTrustList,
  bytes: Uint8Array,
  at: number,
): PreparedShowingKey | undefined {
  if (at < 0 || at + SHOWING_KEY_HINT_BYTES > bytes.length) return undefined;
  return indexOf(list).showingByHint.get(hintKey(bytes, at));
}

/**
 * An issuer's entry in a prepared list, or undefined.
 *
 * @example findTrustedIssuer(prepared, '11220000013544541J')?.name // '吉林省住房和城乡建设厅'
 */
export function findTrustedIssuer(list: PreparedTrustList, issuerCode: Uscc | string): TrustedIssuer | undefined {
  return indexOf(list).issuerByCode.get(issuerCode);
}
