import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CryptoProvider,
  createWebCryptoProvider,
  exportPublicJwk,
  exportSpkiPem,
  generateSigningKey,
  type SigningKey,
  SUITE_NAMES,
  type SuiteName,
} from '../crypto/index.js';
import { HutongError } from '../errors.js';
import { decodeBase64url, encodeBase64url, type Licence, signLicence } from '../licence/index.js';
import { generateEd25519NoteKey, sm2NoteSigner } from '../merkle/index.js';
import { verifyLicence } from '../verify/index.js';
import { buildTrustList } from './build-trust-list.js';
import { parseTrustList } from './parse-trust-list.js';
import {
  currentLicenceJson,
  type Fixture,
  fixture,
  ISSUER_NAME,
  KEY_FROM,
  LIST_EXPIRES,
  LIST_ISSUED,
  NODE_ID,
  NOW,
  SAMPLE_ISSUER,
  SAMPLE_TYPE,
  trustListInput,
} from './test-support/fixtures.js';
import type { TrustList } from './trust-list.js';
import { trustListSigningBytes } from './trust-list-signing-bytes.js';
import {
  findShowingKey,
  findTrustedIssuer,
  isPreparedTrustList,
  type TrustAnchor,
  verifyTrustList,
} from './verify-trust-list.js';

// biome-ignore lint/suspicious/noExplicitAny: tests edit the JSON freely, as an attacker would.
type Json = Record<string, any>;

const fixtures = new Map<SuiteName, Fixture>();
let f: Fixture;
let anchors: TrustAnchor[];

beforeAll(async () => {
  for (const suite of SUITE_NAMES) fixtures.set(suite, await fixture(suite));
  f = fixtures.get('ed25519') as Fixture;
  anchors = [{ nodeId: NODE_ID, key: f.nodeKey.publicKey }];
});

function copy(list: TrustList = f.list): Json {
  return structuredClone(list) as Json;
}

/** Signs an edited document again with the node key, as a node (or one holding its key) would. */
async function resign(document: Json, key: SigningKey = f.nodeKey): Promise<Json> {
  const { proof: _, ...unsigned } = document;
  const signature = await key.sign(trustListSigningBytes(unsigned as never));
  return {
    ...unsigned,
    proof: {
      suite: key.suite,
      verificationMethod: `node:${unsigned.node.id}#${key.keyId}`,
      created: document.proof?.created ?? '2026-02-28T00:00:00Z',
      signatureValue: encodeBase64url(signature),
    },
  };
}

async function refusal(promise: Promise<unknown>): Promise<HutongError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HutongError) return error;
    throw error;
  }
  throw new Error('expected a HutongError');
}

describe('buildTrustList + verifyTrustList: a good list, every suite', () => {
  it.each(SUITE_NAMES)('%s: builds, survives JSON, verifies, and plugs into verifyLicence', async (suite) => {
    const fx = fixtures.get(suite) as Fixture;
    expect(fx.list.format).toBe('hutong-trust-list/1');
    expect(fx.list.proof.verificationMethod).toBe(`node:${NODE_ID}#${fx.nodeKey.keyId}`);
    expect(fx.list.issuers[0]?.keys[0]?.publicKey).toEqual(exportPublicJwk(fx.issuerKey.publicKey));
    // Through JSON text, as a verifier fetches it.
    const prepared = await verifyTrustList(JSON.stringify(fx.list), [{ nodeId: NODE_ID, key: fx.nodeKey.publicKey }], {
      at: NOW,
    });
    expect(isPreparedTrustList(prepared)).toBe(true);
    expect(prepared.version).toBe(3);
    expect(prepared.issuedAt).toEqual(LIST_ISSUED);
    expect(prepared.expiresAt).toEqual(LIST_EXPIRES);
    expect(prepared.node).toEqual({
      id: NODE_ID,
      name: '吉林省一体化政务服务平台',
      areaCode: '220000',
      url: 'https://zwfw.jl.example.cn',
    });
    expect(prepared.signedBy).toBe(fx.nodeKey.keyId);
    expect(prepared.showingKeys.map((k) => [k.keyId, k.suite, k.nodeId])).toEqual([
      [fx.showingKey.keyId, suite, NODE_ID],
    ]);
    const issuer = findTrustedIssuer(prepared, SAMPLE_ISSUER);
    expect(issuer?.name).toBe(ISSUER_NAME);
    expect(issuer?.keys[0]?.validFrom).toEqual(KEY_FROM);
    // The prepared issuers are verify/'s TrustedIssuer: a licence of the issuer verifies.
    const verdict = await verifyLicence(fx.licence, { keys: prepared.keys, at: NOW });
    expect(verdict.checks.filter((c) => !c.ok && c.name !== 'status')).toEqual([]);
    const direct = await verifyLicence(fx.licence, { keys: prepared.issuers, at: NOW });
    expect(direct.valid).toBe(verdict.valid);
    // The prepared showing key verifies what the showing key signs, and is found by its hint.
    const data = new TextEncoder().encode('show');
    const signature = await fx.showingKey.sign(data);
    const hint = decodeBase64url(fx.showingKey.keyId).subarray(0, 8);
    expect(await findShowingKey(prepared, hint)?.key.verify(data, signature)).toBe(true);
    expect(findShowingKey(prepared, new Uint8Array(8))).toBeUndefined();
    expect(findShowingKey(prepared, hint.subarray(0, 7))).toBeUndefined();
  });

  it('is deterministic in what it signs: the signed bytes are the RFC 8785 form without the proof', async () => {
    const again = await buildTrustList(f.input, f.nodeKey);
    expect(trustListSigningBytes(again)).toEqual(trustListSigningBytes(f.list));
    const text = new TextDecoder().decode(trustListSigningBytes(f.list));
    expect(text.startsWith('{"expiresAt":"2026-03-07T00:00:00Z","format":"hutong-trust-list/1","issuedAt":')).toBe(
      true,
    );
    expect(text).not.toContain('proof');
  });

  it('accepts issuer and showing keys written as SPKI PEM', async () => {
    const doc = copy();
    doc.issuers[0].keys[0].publicKey = exportSpkiPem(f.issuerKey.publicKey);
    doc.showingKeys[0].publicKey = exportSpkiPem(f.showingKey.publicKey);
    const prepared = await verifyTrustList(await resign(doc), anchors, { at: NOW });
    expect(prepared.issuers[0]?.keys[0]?.key.keyId).toBe(f.issuerKey.keyId);
    expect(prepared.showingKeys[0]?.key.keyId).toBe(f.showingKey.keyId);
  });

  it('carries issuer key validity and revocation into the prepared keys', async () => {
    const validUntil = new Date('2027-01-01T00:00:00Z');
    const revokedAt = new Date('2026-01-01T00:00:00Z');
    const list = await buildTrustList(
      trustListInput(f, {
        issuers: [
          {
            issuerCode: SAMPLE_ISSUER,
            name: ISSUER_NAME,
            keys: [{ key: f.issuerKey.publicKey, validFrom: KEY_FROM, validUntil, revokedAt }],
            types: [SAMPLE_TYPE],
          },
        ],
      }),
      f.nodeKey,
    );
    expect(list.issuers[0]?.keys[0]).toMatchObject({
      validUntil: '2027-01-01T00:00:00Z',
      revokedAt: '2026-01-01T00:00:00Z',
    });
    const prepared = await verifyTrustList(list, anchors, { at: NOW });
    expect(prepared.issuers[0]?.keys[0]).toMatchObject({ validUntil, revokedAt });
    // A licence signed after the revocation is refused by verifyLicence through the list.
    const late = await signLicence(currentLicenceJson() as never, f.issuerKey, {
      created: new Date('2026-02-01T00:00:00Z'),
    });
    const verdict = await verifyLicence(late, { keys: prepared.keys, at: NOW });
    expect(verdict.checks.find((c) => c.name === 'key-valid-at-issue')?.code).toBe('ERR_VERIFY_KEY_REVOKED');
  });

  it('prepares Ed25519 and SM2 log keys into signed-note verifiers', async () => {
    const ed = generateEd25519NoteKey('log.jl.example.cn/2026');
    const sm2Key = await generateSigningKey('sm2-sm3');
    const jwk = exportPublicJwk(sm2Key);
    const raw = new Uint8Array([0x04, ...decodeBase64url(jwk.x), ...decodeBase64url(jwk.y ?? '')]);
    const sm2 = sm2NoteSigner('sm2.jl.example.cn/log', sm2Key, raw);
    const list = await buildTrustList(
      trustListInput(f, {
        logKeys: [
          { name: ed.name, vkey: ed.verifierKey },
          { name: sm2.name, vkey: sm2.verifierKey },
        ],
      }),
      f.nodeKey,
    );
    const prepared = await verifyTrustList(list, anchors, { at: NOW });
    expect(prepared.logKeys.map((k) => [k.name, k.verifier.type])).toEqual([
      [ed.name, 'ed25519'],
      [sm2.name, 'sm2-sm3'],
    ]);
    const message = new TextEncoder().encode('log.jl.example.cn/2026\n1\nAAAA\n');
    const edSignature = await ed.signer.sign(message);
    expect(await prepared.logKeys[0]?.verifier.verify(message, edSignature)).toBe(true);
    const smSignature = await sm2.sign(message);
    expect(await prepared.logKeys[1]?.verifier.verify(message, smSignature)).toBe(true);
  });

  it('refuses a log key whose vkey does not parse or names another key', async () => {
    const ed = generateEd25519NoteKey('log.jl.example.cn');
    const broken = await resign({ ...copy(), logKeys: [{ name: ed.name, vkey: `${ed.name}+00000000+AQID` }] });
    expect((await refusal(verifyTrustList(broken, anchors, { at: NOW }))).code).toBe('ERR_TRUST_LOG_KEY');
  });
});

describe('verifyTrustList: refusals', () => {
  it('expired: a cached list past expiresAt is refused, with the times in the reason', async () => {
    const error = await refusal(verifyTrustList(f.list, anchors, { at: LIST_EXPIRES }));
    expect(error.code).toBe('ERR_TRUST_LIST_EXPIRED');
    expect(error.field).toBe('$.expiresAt');
    expect(error.message).toContain('2026-03-07T00:00:00Z');
    expect(error.message).toContain('version 3');
    await expect(verifyTrustList(f.list, anchors, { at: new Date(LIST_EXPIRES.getTime() - 1) })).resolves.toBeTruthy();
  });

  it('not yet valid: issued more than 5 minutes after the time of use', async () => {
    const early = new Date(LIST_ISSUED.getTime() - 5 * 60_000 - 1);
    expect((await refusal(verifyTrustList(f.list, anchors, { at: early }))).code).toBe('ERR_TRUST_LIST_NOT_YET_VALID');
    await expect(
      verifyTrustList(f.list, anchors, { at: new Date(LIST_ISSUED.getTime() - 5 * 60_000) }),
    ).resolves.toBeTruthy();
  });

  it('rolled back: a lower version than the one accepted is refused; a newer one replaces it', async () => {
    const v3 = f.prepared;
    const v2 = await buildTrustList({ ...f.input, version: 2 }, f.nodeKey);
    const v4 = await buildTrustList({ ...f.input, version: 4 }, f.nodeKey);
    const error = await refusal(verifyTrustList(v2, anchors, { at: NOW, previous: v3 }));
    expect(error.code).toBe('ERR_TRUST_LIST_ROLLBACK');
    expect(error.params).toMatchObject({ version: 2, previous: 3 });
    const newer = await verifyTrustList(v4, anchors, { at: NOW, previous: v3 });
    expect(newer.version).toBe(4);
    // The same list again (a refetch) is fine; the previous remembered as plain data is enough.
    const same = await verifyTrustList(f.list, anchors, {
      at: NOW,
      previous: { node: { id: NODE_ID }, version: 3, digest: v3.digest },
    });
    expect(same.digest).toBe(v3.digest);
  });

  it('equivocation: a different list with the same version is refused', async () => {
    const other = await buildTrustList({ ...f.input, expiresAt: new Date('2026-03-06T00:00:00Z') }, f.nodeKey);
    const error = await refusal(verifyTrustList(other, anchors, { at: NOW, previous: f.prepared }));
    expect(error.code).toBe('ERR_TRUST_LIST_VERSION_CONFLICT');
  });

  it('a list of another node is not a newer version of this one', async () => {
    const otherNode = await buildTrustList(
      { ...f.input, version: 9, node: { id: 'xj-node', name: '新疆一体化平台', areaCode: '650000' } },
      f.nodeKey,
    );
    const error = await refusal(
      verifyTrustList(otherNode, [{ nodeId: 'xj-node', key: f.nodeKey.publicKey }], { at: NOW, previous: f.prepared }),
    );
    expect(error.code).toBe('ERR_TRUST_LIST_NODE_MISMATCH');
    expect(error.field).toBe('$.node.id');
  });

  it('bad signature: a flipped signature bit', async () => {
    const doc = copy();
    const signature = decodeBase64url(doc.proof.signatureValue);
    signature[10] = (signature[10] as number) ^ 0x01;
    doc.proof.signatureValue = encodeBase64url(signature);
    const error = await refusal(verifyTrustList(doc, anchors, { at: NOW }));
    expect(error.code).toBe('ERR_TRUST_LIST_SIGNATURE');
  });

  const tamperings: [string, (doc: Json) => void][] = [
    ['an issuer allowed one more type', (d) => d.issuers[0].types.push('11100000000013338W011')],
    [
      'an issuer key swapped for another key',
      (d) => {
        d.issuers[0].keys[0].publicKey = d.showingKeys[0].publicKey;
        d.issuers[0].keys[0].keyId = d.showingKeys[0].keyId;
        d.showingKeys = [];
      },
    ],
    [
      'an issuer key revocation removed',
      (d) => {
        d.issuers[0].keys[0].validUntil = '2099-01-01T00:00:00Z';
      },
    ],
    [
      'an issuer renamed',
      (d) => {
        d.issuers[0].name = '伪造的颁发机构';
      },
    ],
    [
      'the expiry extended',
      (d) => {
        d.expiresAt = '2026-03-08T00:00:00Z';
      },
    ],
    [
      'the version raised',
      (d) => {
        d.version = 99;
      },
    ],
  ];
  it.each(tamperings)('tampered (%s): the signature no longer verifies', async (_name, edit) => {
    const doc = copy();
    edit(doc);
    const error = await refusal(verifyTrustList(doc, anchors, { at: NOW }));
    expect(error.code).toBe('ERR_TRUST_LIST_SIGNATURE');
  });

  it('unknown anchor: signed by a key the verifier does not trust for this node', async () => {
    const rogue = await generateSigningKey('ed25519');
    const forged = await resign(copy(), rogue);
    const error = await refusal(verifyTrustList(forged, anchors, { at: NOW }));
    expect(error.code).toBe('ERR_TRUST_ANCHOR_UNKNOWN');
    expect(error.params).toMatchObject({ nodeId: NODE_ID, keyId: rogue.keyId });
    // The node's key trusted for another node does not count either.
    const elsewhere = await refusal(
      verifyTrustList(f.list, [{ nodeId: 'xj-node', key: f.nodeKey.publicKey }], { at: NOW }),
    );
    expect(elsewhere.code).toBe('ERR_TRUST_ANCHOR_UNKNOWN');
  });

  it('a proof naming another node than the list is refused', async () => {
    const doc = copy();
    doc.proof.verificationMethod = `node:xj-node#${f.nodeKey.keyId}`;
    const error = await refusal(verifyTrustList(doc, anchors, { at: NOW }));
    expect(error.code).toBe('ERR_TRUST_LIST_NODE_MISMATCH');
  });

  it('the suite comes from the anchor, never from the proof', async () => {
    const doc = copy();
    doc.proof.suite = 'ecdsa-p256';
    expect((await refusal(verifyTrustList(doc, anchors, { at: NOW }))).code).toBe('ERR_TRUST_LIST_SUITE_MISMATCH');
  });

  it('a key id that is not the thumbprint of its public key is refused after the signature verified', async () => {
    const doc = copy();
    doc.issuers[0].keys[0].publicKey = exportPublicJwk(f.showingKey.publicKey);
    doc.showingKeys = [];
    const error = await refusal(verifyTrustList(await resign(doc), anchors, { at: NOW }));
    expect(error.code).toBe('ERR_TRUST_KEY_ID_MISMATCH');
    expect(error.field).toBe('$.issuers[0].keys[0].keyId');
  });

  it('a public key of another suite than stated is refused', async () => {
    const p256 = await generateSigningKey('ecdsa-p256');
    const doc = copy();
    doc.issuers[0].keys[0] = { ...doc.issuers[0].keys[0], keyId: p256.keyId, publicKey: exportPublicJwk(p256) };
    const error = await refusal(verifyTrustList(await resign(doc), anchors, { at: NOW }));
    expect(error.code).toBe('ERR_TRUST_PUBLIC_KEY');
    expect(error.field).toBe('$.issuers[0].keys[0].publicKey');
  });

  it('a public key that is not a curve point is refused', async () => {
    const doc = copy();
    doc.issuers[0].keys[0].publicKey = {
      ...doc.issuers[0].keys[0].publicKey,
      x: encodeBase64url(new Uint8Array(32).fill(7)),
    };
    const error = await refusal(verifyTrustList(await resign(doc), anchors, { at: NOW }));
    expect(['ERR_TRUST_PUBLIC_KEY', 'ERR_TRUST_KEY_ID_MISMATCH']).toContain(error.code);
  });

  it('a showing key listed twice is refused', async () => {
    const doc = copy();
    doc.showingKeys.push({ ...doc.showingKeys[0] });
    const error = await refusal(verifyTrustList(await resign(doc), anchors, { at: NOW }));
    expect(error.code).toBe('ERR_TRUST_DUPLICATE');
  });

  it('refuses malformed arguments with ERR_TRUST_CONTEXT', async () => {
    expect((await refusal(verifyTrustList(f.list, anchors, { at: new Date('x') }))).code).toBe('ERR_TRUST_CONTEXT');
    expect((await refusal(verifyTrustList(f.list, anchors, null as never))).code).toBe('ERR_TRUST_CONTEXT');
    expect((await refusal(verifyTrustList(f.list, null as never, { at: NOW }))).code).toBe('ERR_TRUST_CONTEXT');
    expect(
      (await refusal(verifyTrustList(f.list, anchors, { at: NOW, previous: { version: 'x' } as never }))).code,
    ).toBe('ERR_TRUST_CONTEXT');
    expect((await refusal(verifyTrustList(f.list, anchors, { at: NOW, provider: {} as never }))).code).toBe(
      'ERR_TRUST_CONTEXT',
    );
  });

  it('imports the Ed25519 issuer, showing and log keys into the provider it is given', async () => {
    const inner = createWebCryptoProvider();
    const imported: string[] = [];
    const provider: CryptoProvider = {
      ...inner,
      name: 'recording',
      async importPublicKey(algorithm, key) {
        imported.push(algorithm.name);
        return inner.importPublicKey(algorithm, key);
      },
    };
    const prepared = await verifyTrustList(f.list, anchors, { at: NOW, provider });
    const keys = prepared.issuers.flatMap((i) => i.keys).length + prepared.showingKeys.length;
    // Every Ed25519 key of the fixture, plus the log's note key.
    expect(imported.length).toBe(keys + prepared.logKeys.length);
    const verdict = await verifyLicence(f.licence, { keys: prepared.keys, at: NOW });
    expect(verdict.checks.filter((c) => !c.ok && c.name !== 'status')).toEqual([]);
  });

  it('only lists prepared by verifyTrustList are recognised', () => {
    expect(isPreparedTrustList({ ...f.prepared })).toBe(false);
    expect(isPreparedTrustList(null)).toBe(false);
    expect(() => findTrustedIssuer({ ...f.prepared }, SAMPLE_ISSUER)).toThrow(HutongError);
  });
});

describe('buildTrustList: refusals', () => {
  it('never signs a malformed list', async () => {
    const bad = await refusal(buildTrustList({ ...f.input, version: 0 }, f.nodeKey));
    expect(bad.code).toBe('ERR_TRUST_VERSION');
    const dates = await refusal(buildTrustList({ ...f.input, expiresAt: LIST_ISSUED }, f.nodeKey));
    expect(dates.code).toBe('ERR_TRUST_TIME_ORDER');
    const long = await refusal(
      buildTrustList({ ...f.input, expiresAt: new Date(LIST_ISSUED.getTime() + 32 * 86_400_000) }, f.nodeKey),
    );
    expect(long.code).toBe('ERR_TRUST_LIST_LIFETIME');
    const invalid = await refusal(buildTrustList({ ...f.input, issuedAt: new Date('x') }, f.nodeKey));
    expect(invalid.code).toBe('ERR_TRUST_TIME');
  });

  it('refuses a key it cannot export and a signing key that signs wrongly', async () => {
    const foreign = { suite: 'ed25519', keyId: f.issuerKey.keyId, verify: async () => true };
    const input = trustListInput(f, {
      showingKeys: [{ key: foreign as never, validFrom: KEY_FROM }],
    });
    expect((await refusal(buildTrustList(input, f.nodeKey))).code).toBe('ERR_TRUST_PUBLIC_KEY');
    const der = { ...f.nodeKey, sign: async () => new Uint8Array(70) };
    expect((await refusal(buildTrustList(f.input, der))).code).toBe('ERR_TRUST_SIGNING_KEY');
    const noId = { ...f.nodeKey, keyId: 'x' };
    expect((await refusal(buildTrustList(f.input, noId))).code).toBe('ERR_TRUST_SIGNING_KEY');
  });

  it('writes exactly what parseTrustList reads back', () => {
    expect(parseTrustList(JSON.parse(JSON.stringify(f.list)))).toEqual(f.list);
  });
});

describe('the prepared list is usable by verifyLicence for a licence of another issuer', () => {
  let other: Licence;
  beforeAll(async () => {
    const key = await generateSigningKey('ed25519');
    other = await signLicence(currentLicenceJson() as never, key, { created: new Date('2025-01-08T02:00:00Z') });
  });
  it('a licence signed by a key the list does not hold is refused', async () => {
    const verdict = await verifyLicence(other, { keys: f.prepared.keys, at: NOW });
    expect(verdict.valid).toBe(false);
    expect(verdict.checks.find((c) => c.name === 'key-valid-at-issue')?.code).toBe('ERR_VERIFY_KEY_UNKNOWN');
  });
});
