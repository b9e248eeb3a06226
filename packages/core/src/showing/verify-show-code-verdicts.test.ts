import { beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey, type SigningKey } from '../crypto/index.js';
import { decodeBase64url, encodeBase64url } from '../licence/index.js';
import { buildTrustList } from '../trust/build-trust-list.js';
import {
  type Fixture,
  fixture,
  KEY_FROM,
  LIST_EXPIRES,
  NODE_ID,
  NOW,
  SAMPLE_ISSUER,
  trustListInput,
} from '../trust/test-support/fixtures.js';
import { type PreparedTrustList, verifyTrustList } from '../trust/verify-trust-list.js';
import { decodeBase45, encodeBase45 } from './base45.js';
import { SHOW_CODE_PREFIX } from './show-code.js';
import { type CraftedContent, craftShowCode } from './test-support/crafted-show-code.js';
import { openedStatusList } from './test-support/status-list-token.js';
import { type VerifyShowCodeOptions, verifyShowCode } from './verify-show-code.js';

/*
 * The verdict is what `hutong verify` prints (docs/design/show-code.md §5): a contract. This
 * pins the whole JSON of the verdict — every check's name, order, reason, code, field and
 * parameters, and the summary — for a valid code and each kind of failure, so that work on
 * the verifier's speed (§8) is proven to change no byte of it. The keys are generated per run,
 * so their ids are replaced by stable names before comparing; everything else is fixed
 * (nonces, instants, Ed25519 signatures are deterministic for a given key).
 */

const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const NONCE = Uint8Array.from({ length: 12 }, (_, i) => i * 17 + 3);
const LIST_ID = 2;

let f: Fixture;
let stranger: SigningKey;

beforeAll(async () => {
  f = await fixture('ed25519');
  stranger = await generateSigningKey('ed25519');
});

/** Six fields of every value kind, one masked; a fixed nonce so the whole verdict is pinned. */
const FIELDS: CraftedContent['fields'] = [
  { source: 'metadata', key: 'certificateHolderName', value: '王小明', masked: false },
  { source: 'metadata', key: 'certificateHolderCode', value: '2201**********1234', masked: true },
  { source: 'face', key: 'floorArea', value: 120.5, masked: false },
  { source: 'face', key: 'storeys', value: 3, masked: false },
  { source: 'face', key: 'approved', value: true, masked: false },
  { source: 'face', key: 'birthDate', value: '19900101', masked: false },
];

/** `expiringDate: undefined` makes a long-term licence's code. */
function craft(over: CraftedContent = {}, key: SigningKey = f.showingKey, hintOf: SigningKey = key) {
  return craftShowCode({ lifetimeSeconds: 120, nonce: NONCE, fields: FIELDS, ...over }, key, hintOf);
}

async function listWith(extra: Parameters<typeof trustListInput>[1]): Promise<PreparedTrustList> {
  const list = await buildTrustList(trustListInput(f, extra), f.nodeKey);
  return verifyTrustList(list, [{ nodeId: NODE_ID, key: f.nodeKey.publicKey }], { at: NOW });
}

/** The verdict's JSON with the per-run key ids (and their hints) replaced by stable names. */
async function printed(
  text: unknown,
  options: Partial<VerifyShowCodeOptions> = {},
  list: PreparedTrustList = f.prepared,
): Promise<string> {
  let json = JSON.stringify(await verifyShowCode(text, list, { now: at(5), ...options }), null, 2);
  const keys: [SigningKey, string][] = [
    [f.showingKey, 'SHOWING'],
    [f.nodeKey, 'NODE'],
    [f.issuerKey, 'ISSUER'],
    [stranger, 'STRANGER'],
  ];
  for (const [key, name] of keys) {
    json = json.replaceAll(key.keyId, `<${name}-KEY>`);
    json = json.replaceAll(encodeBase64url(decodeBase64url(key.keyId).subarray(0, 8)), `<${name}-HINT>`);
  }
  return json;
}

function tamper(text: string, index: number): string {
  const bytes = decodeBase45(text.slice(SHOW_CODE_PREFIX.length));
  bytes[index] = (bytes[index] as number) ^ 0x01;
  return SHOW_CODE_PREFIX + encodeBase45(bytes);
}

describe('verifyShowCode: the printed verdict, byte for byte', () => {
  it('a valid code, with and without the replay register; a long-term licence', async () => {
    const code = await craft();
    expect(await printed(code)).toMatchSnapshot();
    expect(await printed(code, { seenNonce: () => false })).toMatchSnapshot();
    expect(await printed(await craft({ expiringDate: undefined, purpose: '核验身份' }))).toMatchSnapshot();
  });

  it('replay: seen, an unclear answer, a failing register', async () => {
    const code = await craft();
    expect(await printed(code, { seenNonce: () => true })).toMatchSnapshot();
    expect(await printed(code, { seenNonce: () => 'yes' as never })).toMatchSnapshot();
    const down = () => {
      throw new Error('register down');
    };
    expect(await printed(code, { seenNonce: down })).toMatchSnapshot();
  });

  it('time: expired, not yet valid, the trust list expired', async () => {
    const code = await craft();
    expect(await printed(code, { now: at(121) })).toMatchSnapshot();
    expect(await printed(code, { now: at(-31) })).toMatchSnapshot();
    expect(await printed(code, { now: new Date(LIST_EXPIRES.getTime() + 1) })).toMatchSnapshot();
  });

  it('keys: unknown, a forged signature, a key not valid when the code was made', async () => {
    expect(await printed(await craft({}, stranger))).toMatchSnapshot();
    expect(await printed(await craft({}, stranger, f.showingKey), { seenNonce: () => false })).toMatchSnapshot();
    const ended = await listWith({
      showingKeys: [{ key: f.showingKey.publicKey, validFrom: KEY_FROM, validUntil: at(-1) }],
    });
    expect(await printed(await craft(), {}, ended)).toMatchSnapshot();
    const future = await listWith({ showingKeys: [{ key: f.showingKey.publicKey, validFrom: at(1) }] });
    expect(await printed(await craft(), { seenNonce: () => false }, future)).toMatchSnapshot();
  });

  it('the licence: invalid, suspended, not yet effective, expired, issuer and type not trusted', async () => {
    expect(await printed(await craft({ statusAtSigning: 'invalid' }))).toMatchSnapshot();
    expect(await printed(await craft({ statusAtSigning: 'suspended' }))).toMatchSnapshot();
    expect(await printed(await craft({ effectiveDate: '20260302', expiringDate: undefined }))).toMatchSnapshot();
    expect(await printed(await craft({ effectiveDate: '20200101', expiringDate: '20260228' }))).toMatchSnapshot();
    expect(await printed(await craft(), {}, await listWith({ issuers: [] }))).toMatchSnapshot();
    expect(await printed(await craft({ typeCode: '11100000000013338W041' }))).toMatchSnapshot();
  });

  it('the status list: no slot, no list, valid, invalid, suspended, stale, older than the code', async () => {
    const slot = { listId: LIST_ID, index: 42 };
    const code = await craft({ statusListSlot: slot });
    expect(await printed(code)).toMatchSnapshot();
    const list = (entries: Record<number, number>, issuedAt = at(10), expiresAt = at(86_400)) =>
      openedStatusList(
        { issuerKey: f.issuerKey, issuerCode: SAMPLE_ISSUER, listId: LIST_ID, entries, issuedAt, expiresAt },
        f.prepared,
      );
    expect(await printed(code, { now: at(20), statusLists: [await list({})] })).toMatchSnapshot();
    expect(await printed(code, { now: at(20), statusLists: [await list({ 42: 1 })] })).toMatchSnapshot();
    expect(await printed(code, { now: at(20), statusLists: [await list({ 42: 2 })] })).toMatchSnapshot();
    expect(await printed(code, { now: at(100), statusLists: [await list({}, at(10), at(50))] })).toMatchSnapshot();
    expect(await printed(code, { now: at(20), statusLists: [await list({}, at(-10))] })).toMatchSnapshot();
  });

  it('unreadable codes: not text, prefix, base45, truncated, a tampered byte, trailing bytes', async () => {
    const code = await craft();
    expect(await printed(42)).toMatchSnapshot();
    expect(await printed('HT2:ABC')).toMatchSnapshot();
    expect(await printed('HT1:abc')).toMatchSnapshot();
    expect(await printed('HT1:00')).toMatchSnapshot();
    expect(await printed(code.slice(0, 100), { seenNonce: () => false })).toMatchSnapshot();
    expect(await printed(tamper(code, 0))).toMatchSnapshot();
    expect(await printed(tamper(code, 30))).toMatchSnapshot();
    expect(await printed(await craft({ lifetimeSeconds: 0 }))).toMatchSnapshot();
    expect(await printed(await craft({ issuerCode: '91110000100000000X' }))).toMatchSnapshot();
  });
});
