import { exportPublicJwk } from '../crypto/index.js';
import { isSuiteName, type SigningKey, type VerificationKey } from '../crypto/types.js';
import { HutongError } from '../errors.js';
import { encodeBase64url, formatProofCreated, isKeyId, SIGNATURE_BYTES } from '../licence/index.js';
import { parseUnsignedTrustList } from './parse-trust-list.js';
import { TRUST_LIST_FORMAT, type TrustList, type TrustListLogKey, type TrustListProof } from './trust-list.js';
import { trustListSigningBytes } from './trust-list-signing-bytes.js';

/** A key and the period it is trusted for. */
export interface TrustListKeyInput {
  /** A key made by core (generated or imported): its public JWK goes into the list. */
  readonly key: VerificationKey;
  readonly validFrom: Date;
  readonly validUntil?: Date;
  /** Issuer keys only: the instant the key stopped being safe. */
  readonly revokedAt?: Date;
}

export interface TrustListIssuerInput {
  readonly issuerCode: string;
  readonly name: string;
  readonly keys: readonly TrustListKeyInput[];
  readonly types: readonly string[];
}

/** What a node puts in its trust list; times as `Date`, keys as core keys. */
export interface TrustListInput {
  readonly node: { readonly id: string; readonly name: string; readonly areaCode: string; readonly url?: string };
  readonly version: number;
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  readonly issuers: readonly TrustListIssuerInput[];
  readonly showingKeys: readonly Omit<TrustListKeyInput, 'revokedAt'>[];
  readonly logKeys: readonly TrustListLogKey[];
}

export interface BuildTrustListOptions {
  /** The signing time written in `proof.created`. Default: `input.issuedAt`. */
  readonly created?: Date;
}

/** `problemZh`: the same problem in Chinese, for the zh-CN message (every caller states both). */
function context(field: string, problem: string, problemZh: string): never {
  throw new HutongError('ERR_TRUST_CONTEXT', { field, params: { field, problem }, zhParams: { problem: problemZh } });
}

function time(value: unknown, field: string): string {
  if (!(value instanceof Date)) context(field, 'must be a Date', '须为 Date');
  try {
    return formatProofCreated(value);
  } catch {
    throw new HutongError('ERR_TRUST_TIME', { field, params: { field, found: String(value) } });
  }
}

function keyEntry(input: TrustListKeyInput, field: string, issuer: boolean): Record<string, unknown> {
  if (typeof input !== 'object' || input === null) context(field, 'must be an object', '须为对象');
  let publicKey: unknown;
  try {
    publicKey = exportPublicJwk(input.key);
  } catch (error) {
    throw new HutongError('ERR_TRUST_PUBLIC_KEY', {
      field: `${field}.key`,
      params: { field: `${field}.key`, detail: error instanceof HutongError ? error.message : 'not a core key' },
      zhParams: { detail: error instanceof HutongError ? error.localize('zh-CN') : '不是核心库的密钥' },
      cause: error,
    });
  }
  const entry: Record<string, unknown> = {
    keyId: input.key.keyId,
    suite: input.key.suite,
    publicKey,
    validFrom: time(input.validFrom, `${field}.validFrom`),
  };
  if (input.validUntil !== undefined) entry.validUntil = time(input.validUntil, `${field}.validUntil`);
  if (issuer && input.revokedAt !== undefined) entry.revokedAt = time(input.revokedAt, `${field}.revokedAt`);
  if (!issuer && input.revokedAt !== undefined)
    context(`${field}.revokedAt`, 'is for issuer keys only', '仅适用于颁发机构密钥');
  return entry;
}

function list<T>(value: readonly T[] | undefined, field: string): readonly T[] {
  if (!Array.isArray(value)) context(field, 'must be an array', '须为数组');
  return value;
}

/**
 * Builds and signs the node's trust list: writes each key as its public JWK with its key id
 * and suite, times as RFC 3339 UTC, checks the whole document as {@link parseTrustList}
 * would (nothing malformed is ever signed), and signs the RFC 8785 canonical bytes without
 * `proof` with `nodeSigningKey`. `proof.verificationMethod` is `node:<node id>#<key id>`.
 *
 * @example
 * const list = await buildTrustList({
 *   node: { id: 'xj-node', name: '新疆维吾尔自治区一体化政务服务平台', areaCode: '650000' },
 *   version: 7, issuedAt: now, expiresAt: new Date(now.getTime() + 86_400_000),
 *   issuers: [{ issuerCode: '11650000MB1A23457L', name: '自治区住房和城乡建设厅', types: ['11100000000013338W032'],
 *     keys: [{ key: issuerKey.publicKey, validFrom: new Date('2025-01-01T00:00:00Z') }] }],
 *   showingKeys: [{ key: showingKey.publicKey, validFrom: now }], logKeys: [],
 * }, nodeKey);
 */
export async function buildTrustList(
  input: TrustListInput,
  nodeSigningKey: SigningKey,
  options: BuildTrustListOptions = {},
): Promise<TrustList> {
  if (typeof input !== 'object' || input === null) context('input', 'must be an object', '须为对象');
  if (typeof nodeSigningKey !== 'object' || nodeSigningKey === null || typeof nodeSigningKey.sign !== 'function') {
    context('nodeSigningKey', 'must be a SigningKey', '须为 SigningKey');
  }
  if (!isSuiteName(nodeSigningKey.suite)) {
    throw new HutongError('ERR_TRUST_SIGNING_KEY', {
      field: 'nodeSigningKey',
      params: { problem: 'unknown suite' },
      zhParams: { problem: '未知的签名套件' },
    });
  }
  if (!isKeyId(nodeSigningKey.keyId)) {
    throw new HutongError('ERR_TRUST_SIGNING_KEY', {
      field: 'nodeSigningKey',
      params: { problem: 'its key id is not an RFC 7638 SHA-256 thumbprint' },
      zhParams: { problem: '其密钥标识不是 RFC 7638 SHA-256 指纹' },
    });
  }
  const node = input.node;
  if (typeof node !== 'object' || node === null) context('node', 'must be an object', '须为对象');
  const draft = {
    format: TRUST_LIST_FORMAT,
    node: {
      id: node.id,
      name: node.name,
      areaCode: node.areaCode,
      ...(node.url === undefined ? {} : { url: node.url }),
    },
    version: input.version,
    issuedAt: time(input.issuedAt, 'issuedAt'),
    expiresAt: time(input.expiresAt, 'expiresAt'),
    issuers: list(input.issuers, 'issuers').map((issuer, i) => ({
      issuerCode: issuer.issuerCode,
      name: issuer.name,
      keys: list(issuer.keys, `issuers[${i}].keys`).map((k, j) => keyEntry(k, `issuers[${i}].keys[${j}]`, true)),
      types: list(issuer.types, `issuers[${i}].types`).slice(),
    })),
    showingKeys: list(input.showingKeys, 'showingKeys').map((k, j) => keyEntry(k, `showingKeys[${j}]`, false)),
    logKeys: list(input.logKeys, 'logKeys').map((k) => ({ name: k.name, vkey: k.vkey })),
  };
  const unsigned = parseUnsignedTrustList(draft);
  const created = time(options.created ?? input.issuedAt, 'created');
  const signature = await nodeSigningKey.sign(trustListSigningBytes(unsigned));
  // A DER signature or a wrong suite implementation would make a list nobody can verify.
  if (!(signature instanceof Uint8Array) || signature.length !== SIGNATURE_BYTES[nodeSigningKey.suite]) {
    throw new HutongError('ERR_TRUST_SIGNING_KEY', {
      field: 'nodeSigningKey',
      params: { problem: `it returned a signature that is not ${SIGNATURE_BYTES[nodeSigningKey.suite]} raw bytes` },
      zhParams: { problem: `它返回的签名不是 ${SIGNATURE_BYTES[nodeSigningKey.suite]} 字节的原始签名` },
    });
  }
  const proof: TrustListProof = {
    suite: nodeSigningKey.suite,
    verificationMethod: `node:${unsigned.node.id}#${nodeSigningKey.keyId}`,
    created,
    signatureValue: encodeBase64url(signature),
  };
  return { ...unsigned, proof };
}
