/**
 * Consent receipts (用证授权回执, docs/design/consent-receipt.md): the signed JSON document a
 * holder keeps for each grant. Fields after the Kantara Initiative Consent Receipt
 * Specification v1.1 and ISO/IEC 29184:2020 §5.4 (notice and consent records): who consented
 * (the PII principal: the holder, masked and as a keyed reference, never the ID number in
 * clear), to whom (the relying party, the PII controller), which licences (PII categories),
 * for which matter and purpose, until when; signed by the node with its showing key (a key
 * every verifier already has from the node's trust list).
 *
 * The signed bytes are the licence rule again: the UTF-8 RFC 8785 canonical JSON of the
 * receipt without its `proof` member.
 */
import { canonicalBytes, hasLoneSurrogate } from '../canonical/index.js';
import type { SigningKey, SuiteName } from '../crypto/types.js';
import { HutongError } from '../errors.js';
import { decodeBase64url, encodeBase64url } from '../licence/index.js';

export const CONSENT_RECEIPT_FORMAT = 'hutong-consent-receipt/1';

/** The holder (PII principal) as a receipt names them. */
export interface ConsentReceiptHolder {
  /** GB/T 36903 holder code type: `111` citizen ID, `001` USCC … */
  readonly codeType: string;
  /** The code masked for persons (110105********002X), in clear for organisations (public registry facts). */
  readonly maskedCode: string;
  /** HMAC-SHA256 of type and code under a key only the node holds (base64url): lets the node match the receipt to the holder; reveals nothing to anyone else. */
  readonly reference: string;
}

/** The relying party (PII controller) the consent is given to. */
export interface ConsentReceiptRelyingParty {
  /** The registered API client that may fetch. */
  readonly clientId: string;
  /** Its organisation (USCC). */
  readonly organisationCode: string;
  readonly name: string;
}

/** What may be used: licence types (every licence of the holder of each type) and/or specific licences. */
export interface ConsentReceiptLicences {
  readonly typeCodes: readonly string[];
  /** Licence identifiers (any version: later versions of the same licence follow). */
  readonly identifiers: readonly string[];
}

export interface UnsignedConsentReceipt {
  readonly format: typeof CONSENT_RECEIPT_FORMAT;
  /** Kantara `consentReceiptID`: unique per receipt. */
  readonly receiptId: string;
  /** The grant this receipt records (`/api/v1/me/grants/{grantId}`). */
  readonly grantId: string;
  /** The node that recorded the consent and signed the receipt. */
  readonly node: { readonly id: string };
  /** Kantara `jurisdiction`. */
  readonly jurisdiction: 'CN';
  /** Kantara `language` of the human-readable members (purpose). */
  readonly language: 'zh-CN';
  /** Kantara `collectionMethod`: the holder signed in and granted through the node's API. */
  readonly collectionMethod: 'holder-session';
  /** Kantara `consentType`. */
  readonly consentType: 'explicit';
  readonly holder: ConsentReceiptHolder;
  readonly relyingParty: ConsentReceiptRelyingParty;
  readonly licences: ConsentReceiptLicences;
  /** The service matter (政务服务事项) the licences are used for. */
  readonly matter: { readonly code: string };
  /** The purpose as the holder accepted it (Kantara `purpose`). */
  readonly purpose: string;
  /** RFC 3339 UTC: the consent starts (Kantara `consentTimestamp`). */
  readonly validFrom: string;
  /** RFC 3339 UTC: the consent ends (Kantara `termination`); the holder may revoke it earlier. */
  readonly validUntil: string;
  /** RFC 3339 UTC: when the receipt was made. */
  readonly issuedAt: string;
}

export interface ConsentReceiptProof {
  readonly suite: SuiteName;
  /** `node:<node id>#<key id>`: a showing key of the node's trust list. */
  readonly verificationMethod: string;
  /** RFC 3339 UTC. */
  readonly created: string;
  /** Raw signature, unpadded base64url. */
  readonly signatureValue: string;
}

export interface ConsentReceipt extends UnsignedConsentReceipt {
  readonly proof: ConsentReceiptProof;
}

const TOP = [
  'format',
  'receiptId',
  'grantId',
  'node',
  'jurisdiction',
  'language',
  'collectionMethod',
  'consentType',
  'holder',
  'relyingParty',
  'licences',
  'matter',
  'purpose',
  'validFrom',
  'validUntil',
  'issuedAt',
  'proof',
] as const;
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const NODE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const KEY_ID = /^[A-Za-z0-9_-]{43}$/;
const USCC = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const TYPE_CODE = /^[0-9A-Z]{21}$/;
const LICENCE_ID = /^1\.2\.156\.3005\.2\.[0-9A-Z.]{1,120}$/;
const SUITES: readonly SuiteName[] = ['sm2-sm3', 'ed25519', 'ecdsa-p256'];
/** Most licence types or identifiers one grant may name. */
export const MAX_RECEIPT_LICENCES = 50;
/** Longest purpose, in code points. */
export const MAX_RECEIPT_PURPOSE = 200;

/** `problemZh`: the same problem in Chinese, for the zh-CN message (every caller states both). */
function malformed(field: string, problem: string, problemZh: string): never {
  throw new HutongError('ERR_VERIFY_RECEIPT_MALFORMED', {
    field,
    params: { field, problem },
    zhParams: { problem: problemZh },
  });
}

function plainObject(value: unknown, field: string, members: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    malformed(field, 'must be an object', '须为对象');
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null)
    malformed(field, 'must be a plain JSON object', '须为普通 JSON 对象');
  const object = value as Record<string, unknown>;
  for (const name of Object.keys(object)) {
    const descriptor = Object.getOwnPropertyDescriptor(object, name);
    if (descriptor === undefined || !('value' in descriptor))
      malformed(`${field}.${name}`, 'must be a plain value', '须为普通值');
    if (!members.includes(name)) malformed(`${field}.${name}`, 'is not a member of the format', '不是该格式的成员');
  }
  for (const name of members) if (!Object.hasOwn(object, name)) malformed(`${field}.${name}`, 'is missing', '缺失');
  return object;
}

function text(value: unknown, field: string, pattern?: RegExp, max = 200): string {
  if (typeof value !== 'string' || value.length === 0) malformed(field, 'must be a non-empty string', '须为非空字符串');
  if ([...value].length > max || hasLoneSurrogate(value))
    malformed(field, `must be at most ${max} characters of text`, `须为至多 ${max} 个字符的文本`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value))
    malformed(field, 'must not contain control characters', '不得含有控制字符');
  if (pattern !== undefined && !pattern.test(value))
    malformed(field, `must match ${pattern.source}`, `须符合 ${pattern.source}`);
  return value;
}

function literal<T extends string>(value: unknown, field: string, expected: T): T {
  if (value !== expected) malformed(field, `must be "${expected}"`, `须为“${expected}”`);
  return expected;
}

function time(value: unknown, field: string): string {
  const t = text(value, field, RFC3339_UTC);
  if (Number.isNaN(Date.parse(t))) malformed(field, 'is not a real instant', '不是真实存在的时刻');
  return t;
}

function list(value: unknown, field: string, pattern: RegExp): string[] {
  if (!Array.isArray(value)) malformed(field, 'must be an array', '须为数组');
  if (value.length > MAX_RECEIPT_LICENCES)
    malformed(field, `must have at most ${MAX_RECEIPT_LICENCES} items`, `至多 ${MAX_RECEIPT_LICENCES} 项`);
  const out = value.map((item, i) => text(item, `${field}[${i}]`, pattern));
  if (new Set(out).size !== out.length) malformed(field, 'must not repeat an item', '不得有重复项');
  return out;
}

/**
 * Parses a consent receipt strictly (every member known, every value of its shape).
 * Throws `ERR_VERIFY_RECEIPT_MALFORMED` naming the member at fault.
 *
 * @example const receipt = parseConsentReceipt(JSON.parse(readFileSync('receipt.json', 'utf8')));
 */
export function parseConsentReceipt(input: unknown): ConsentReceipt {
  const o = plainObject(input, '$', TOP);
  literal(o.format, '$.format', CONSENT_RECEIPT_FORMAT);
  const node = plainObject(o.node, '$.node', ['id']);
  const holder = plainObject(o.holder, '$.holder', ['codeType', 'maskedCode', 'reference']);
  const rp = plainObject(o.relyingParty, '$.relyingParty', ['clientId', 'organisationCode', 'name']);
  const licences = plainObject(o.licences, '$.licences', ['typeCodes', 'identifiers']);
  const matter = plainObject(o.matter, '$.matter', ['code']);
  const proof = plainObject(o.proof, '$.proof', ['suite', 'verificationMethod', 'created', 'signatureValue']);
  const typeCodes = list(licences.typeCodes, '$.licences.typeCodes', TYPE_CODE);
  const identifiers = list(licences.identifiers, '$.licences.identifiers', LICENCE_ID);
  if (typeCodes.length + identifiers.length === 0)
    malformed('$.licences', 'must name at least one type or licence', '须至少列出一个证照类型或证照');
  const suite = proof.suite;
  if (typeof suite !== 'string' || !(SUITES as readonly string[]).includes(suite))
    malformed('$.proof.suite', `must be one of ${SUITES.join(', ')}`, `须为 ${SUITES.join('、')} 之一`);
  const receipt: ConsentReceipt = {
    format: CONSENT_RECEIPT_FORMAT,
    receiptId: text(o.receiptId, '$.receiptId', /^[A-Za-z0-9_-]{8,64}$/),
    grantId: text(o.grantId, '$.grantId', /^[A-Za-z0-9_-]{8,64}$/),
    node: { id: text(node.id, '$.node.id', NODE_ID) },
    jurisdiction: literal(o.jurisdiction, '$.jurisdiction', 'CN'),
    language: literal(o.language, '$.language', 'zh-CN'),
    collectionMethod: literal(o.collectionMethod, '$.collectionMethod', 'holder-session'),
    consentType: literal(o.consentType, '$.consentType', 'explicit'),
    holder: {
      codeType: text(holder.codeType, '$.holder.codeType', /^[0-9]{3}$/),
      maskedCode: text(holder.maskedCode, '$.holder.maskedCode', /^[0-9A-Za-z*]{1,40}$/),
      reference: text(holder.reference, '$.holder.reference', /^[A-Za-z0-9_-]{43}$/),
    },
    relyingParty: {
      clientId: text(rp.clientId, '$.relyingParty.clientId', /^[A-Za-z0-9_-]{1,64}$/),
      organisationCode: text(rp.organisationCode, '$.relyingParty.organisationCode', USCC),
      name: text(rp.name, '$.relyingParty.name'),
    },
    licences: { typeCodes, identifiers },
    matter: { code: text(matter.code, '$.matter.code', /^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/) },
    purpose: text(o.purpose, '$.purpose', undefined, MAX_RECEIPT_PURPOSE),
    validFrom: time(o.validFrom, '$.validFrom'),
    validUntil: time(o.validUntil, '$.validUntil'),
    issuedAt: time(o.issuedAt, '$.issuedAt'),
    proof: {
      suite: suite as SuiteName,
      verificationMethod: text(proof.verificationMethod, '$.proof.verificationMethod', /^node:[^#]+#[^#]+$/),
      created: time(proof.created, '$.proof.created'),
      signatureValue: text(proof.signatureValue, '$.proof.signatureValue', /^[A-Za-z0-9_-]{1,200}$/),
    },
  };
  if (Date.parse(receipt.validUntil) <= Date.parse(receipt.validFrom))
    malformed('$.validUntil', 'must be after validFrom', '须晚于 validFrom');
  return receipt;
}

/**
 * The bytes a receipt's proof signs: RFC 8785 canonical JSON of every member but `proof`.
 *
 * @example consentReceiptSigningBytes(receipt) // same bytes with or without the proof
 */
export function consentReceiptSigningBytes(receipt: UnsignedConsentReceipt | ConsentReceipt): Uint8Array {
  return canonicalBytes(Object.fromEntries(Object.entries(receipt).filter(([name]) => name !== 'proof')));
}

/**
 * Where a receipt's verification method points: the node and the key id.
 *
 * @example receiptVerificationMethod('node:xj-1#abc…') // { nodeId: 'xj-1', keyId: 'abc…' }
 */
export function receiptVerificationMethod(value: string): { nodeId: string; keyId: string } | undefined {
  const m = /^node:([^#]+)#([^#]+)$/.exec(value);
  if (m === null || !NODE_ID.test(m[1] ?? '') || !KEY_ID.test(m[2] ?? '')) return undefined;
  return { nodeId: m[1] as string, keyId: m[2] as string };
}

/**
 * Signs a receipt with a node key (the node's showing key). The receipt is parsed first, so a
 * node can never sign a receipt its verifiers would refuse as malformed.
 *
 * @example const receipt = await signConsentReceipt(unsigned, showingKey.signingKey, new Date());
 */
export async function signConsentReceipt(
  unsigned: UnsignedConsentReceipt,
  key: SigningKey,
  created: Date,
): Promise<ConsentReceipt> {
  const proofless = { ...unsigned } as Record<string, unknown>;
  delete proofless.proof;
  const signature = await key.sign(consentReceiptSigningBytes(unsigned));
  const receipt = {
    ...(proofless as unknown as UnsignedConsentReceipt),
    proof: {
      suite: key.suite,
      verificationMethod: `node:${unsigned.node.id}#${key.keyId}`,
      created: created.toISOString(),
      signatureValue: encodeBase64url(signature),
    },
  };
  return parseConsentReceipt(JSON.parse(JSON.stringify(receipt)));
}

/** The raw signature of a parsed receipt. */
export function receiptSignature(receipt: ConsentReceipt): Uint8Array {
  return decodeBase64url(receipt.proof.signatureValue, '$.proof.signatureValue');
}
