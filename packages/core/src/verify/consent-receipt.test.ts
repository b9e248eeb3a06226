import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateSigningKey } from '../crypto/index.js';
import { isHutongError } from '../errors.js';
import { buildTrustList } from '../trust/build-trust-list.js';
import { fixture, NODE_ID, NOW, trustListInput } from '../trust/test-support/fixtures.js';
import { verifyTrustList } from '../trust/verify-trust-list.js';
import {
  CONSENT_RECEIPT_FORMAT,
  type ConsentReceipt,
  consentReceiptSigningBytes,
  parseConsentReceipt,
  signConsentReceipt,
  type UnsignedConsentReceipt,
} from './consent-receipt.js';
import { verifyConsentReceipt } from './verify-consent-receipt.js';

function unsigned(overrides: Partial<UnsignedConsentReceipt> = {}): UnsignedConsentReceipt {
  return {
    format: CONSENT_RECEIPT_FORMAT,
    receiptId: 'b1e0c9d4-6f5b-4a0c-9f39-2f0c1a1e7d11',
    grantId: '7c3f2e44-1d2a-4b7e-8a55-3c1f9e0b2a66',
    node: { id: NODE_ID },
    jurisdiction: 'CN',
    language: 'zh-CN',
    collectionMethod: 'holder-session',
    consentType: 'explicit',
    holder: { codeType: '111', maskedCode: '110105********002X', reference: 'A'.repeat(43) },
    relyingParty: {
      clientId: '0f7e3c1a-9b2d-4e8f-a1c3-5d7e9f0b1c2d',
      organisationCode: '91350100M000100Y43',
      name: '某市政务服务中心',
    },
    licences: { typeCodes: ['11100000000013338W032'], identifiers: [] },
    matter: { code: '11350100MB0000000X-001' },
    purpose: '办理不动产登记',
    validFrom: '2026-03-01T00:00:00.000Z',
    validUntil: '2026-03-31T00:00:00.000Z',
    issuedAt: '2026-03-01T00:00:00.000Z',
    ...overrides,
  };
}

describe.each(['ed25519', 'sm2-sm3', 'ecdsa-p256'] as const)('consent receipts (%s)', (suite) => {
  it('signs a receipt that verifies against the node trust list, with every named check ok', async () => {
    const f = await fixture(suite);
    const receipt = await signConsentReceipt(unsigned(), f.showingKey, new Date('2026-03-01T00:00:00Z'));
    expect(receipt.proof.verificationMethod).toBe(`node:${NODE_ID}#${f.showingKey.keyId}`);
    const verdict = await verifyConsentReceipt(JSON.parse(JSON.stringify(receipt)), f.prepared, { now: NOW });
    expect(verdict.kind).toBe('consent-receipt');
    expect(verdict.checks.map((c) => [c.name, c.ok])).toEqual([
      ['format', true],
      ['signature', true],
      ['key-trusted', true],
      ['validity', true],
    ]);
    expect(verdict.valid).toBe(true);
    expect(verdict.receipt?.relyingParty.name).toBe('某市政务服务中心');
    expect(verdict.receipt?.keyId).toBe(f.showingKey.keyId);
  });

  it('refuses a receipt changed after signing (signature)', async () => {
    const f = await fixture(suite);
    const receipt = await signConsentReceipt(unsigned(), f.showingKey, new Date('2026-03-01T00:00:00Z'));
    const tampered = { ...receipt, validUntil: '2027-03-31T00:00:00.000Z' };
    const verdict = await verifyConsentReceipt(tampered, f.prepared, { now: NOW });
    expect(verdict.valid).toBe(false);
    expect(verdict.checks.find((c) => c.name === 'signature')).toMatchObject({
      ok: false,
      code: 'ERR_VERIFY_RECEIPT_SIGNATURE_INVALID',
    });
  });
});

describe('consent receipt verification refusals', () => {
  it('refuses a receipt signed by a key not on the trust list (key-trusted), without trying the signature', async () => {
    const f = await fixture('ed25519');
    const stranger = await generateSigningKey('ed25519');
    const receipt = await signConsentReceipt(unsigned(), stranger, new Date('2026-03-01T00:00:00Z'));
    const verdict = await verifyConsentReceipt(receipt, f.prepared, { now: NOW });
    expect(verdict.valid).toBe(false);
    expect(verdict.checks.find((c) => c.name === 'key-trusted')).toMatchObject({
      ok: false,
      code: 'ERR_VERIFY_RECEIPT_KEY_UNKNOWN',
    });
    expect(verdict.checks.find((c) => c.name === 'signature')?.code).toBe('ERR_VERIFY_RECEIPT_SKIPPED_NO_KEY');
  });

  it('refuses an issuer key used as a receipt key (only showing keys sign receipts)', async () => {
    const f = await fixture('ed25519');
    const receipt = await signConsentReceipt(unsigned(), f.issuerKey, new Date('2026-03-01T00:00:00Z'));
    const verdict = await verifyConsentReceipt(receipt, f.prepared, { now: NOW });
    expect(verdict.checks.find((c) => c.name === 'key-trusted')?.code).toBe('ERR_VERIFY_RECEIPT_KEY_UNKNOWN');
  });

  it('refuses a receipt of another node', async () => {
    const f = await fixture('ed25519');
    const receipt = await signConsentReceipt(
      unsigned({ node: { id: 'other-node' } }),
      f.showingKey,
      new Date('2026-03-01T00:00:00Z'),
    );
    const verdict = await verifyConsentReceipt(receipt, f.prepared, { now: NOW });
    expect(verdict.checks.find((c) => c.name === 'key-trusted')?.code).toBe('ERR_VERIFY_RECEIPT_OTHER_NODE');
  });

  it('fails validity once the consent has ended, and before it starts', async () => {
    const f = await fixture('ed25519');
    const receipt = await signConsentReceipt(unsigned(), f.showingKey, new Date('2026-03-01T00:00:00Z'));
    const ended = await verifyConsentReceipt(receipt, f.prepared, { now: new Date('2026-03-31T00:00:00Z') });
    // The trust list of the fixture has expired by then too: only validity is asserted here.
    expect(ended.checks.find((c) => c.name === 'validity')).toMatchObject({
      ok: false,
      code: 'ERR_VERIFY_RECEIPT_ENDED',
    });
    const early = await verifyConsentReceipt(
      await signConsentReceipt(
        unsigned({ validFrom: '2026-03-05T00:00:00.000Z', issuedAt: '2026-03-05T00:00:00.000Z' }),
        f.showingKey,
        new Date('2026-03-01T00:00:00Z'),
      ),
      f.prepared,
      { now: NOW },
    );
    expect(early.checks.find((c) => c.name === 'validity')?.code).toBe('ERR_VERIFY_RECEIPT_NOT_YET_VALID');
    expect(early.valid).toBe(false);
  });

  it('fails key-trusted when the trust list has expired', async () => {
    const f = await fixture('ed25519');
    const receipt = await signConsentReceipt(
      unsigned({ validUntil: '2027-01-01T00:00:00.000Z' }),
      f.showingKey,
      new Date('2026-03-01T00:00:00Z'),
    );
    const verdict = await verifyConsentReceipt(receipt, f.prepared, { now: new Date('2026-03-08T00:00:00Z') });
    expect(verdict.checks.find((c) => c.name === 'key-trusted')?.code).toBe('ERR_TRUST_LIST_EXPIRED');
  });

  it('fails key-trusted for a receipt signed before its showing key was valid', async () => {
    const [nodeKey, showingKey, issuerKey] = await Promise.all([
      generateSigningKey('ed25519'),
      generateSigningKey('ed25519'),
      generateSigningKey('ed25519'),
    ]);
    const input = trustListInput(
      { showingKey, issuerKey },
      { showingKeys: [{ key: showingKey.publicKey, validFrom: new Date('2026-02-20T00:00:00Z') }] },
    );
    const prepared = await verifyTrustList(
      await buildTrustList(input, nodeKey),
      [{ nodeId: NODE_ID, key: nodeKey.publicKey }],
      {
        at: NOW,
      },
    );
    const receipt = await signConsentReceipt(unsigned(), showingKey, new Date('2026-01-01T00:00:00Z'));
    const verdict = await verifyConsentReceipt(receipt, prepared, { now: NOW });
    expect(verdict.checks.find((c) => c.name === 'key-trusted')?.code).toBe('ERR_VERIFY_RECEIPT_KEY_NOT_VALID');
  });

  it('reports an unreadable document in format and skips the rest', async () => {
    const f = await fixture('ed25519');
    const verdict = await verifyConsentReceipt({ format: 'hutong-licence/1' }, f.prepared, { now: NOW });
    expect(verdict.valid).toBe(false);
    expect(verdict.checks[0]).toMatchObject({ name: 'format', ok: false, code: 'ERR_VERIFY_RECEIPT_MALFORMED' });
    expect(verdict.checks.slice(1).map((c) => c.code)).toEqual([
      'ERR_VERIFY_RECEIPT_SKIPPED_FORMAT',
      'ERR_VERIFY_RECEIPT_SKIPPED_FORMAT',
      'ERR_VERIFY_RECEIPT_SKIPPED_FORMAT',
    ]);
  });

  it('refuses a look-alike trust list as a caller error', async () => {
    const f = await fixture('ed25519');
    await expect(verifyConsentReceipt({}, { ...f.prepared }, { now: NOW })).rejects.toMatchObject({
      code: 'ERR_VERIFY_RECEIPT_CONTEXT',
    });
  });
});

describe('parseConsentReceipt', () => {
  async function signed(): Promise<ConsentReceipt> {
    const key = await generateSigningKey('ed25519');
    return signConsentReceipt(unsigned(), key, new Date('2026-03-01T00:00:00Z'));
  }

  it('names the member at fault: unknown, missing, wrong shape', async () => {
    const receipt = JSON.parse(JSON.stringify(await signed()));
    // biome-ignore lint/suspicious/noExplicitAny: the cases reach into an untyped JSON document on purpose.
    const cases: Array<[(r: Record<string, any>) => void, string]> = [
      [(r) => (r.extra = 1), '$.extra'],
      [(r) => delete r.purpose, '$.purpose'],
      [(r) => (r.holder.maskedCode = '11010519491231002X\n'), '$.holder.maskedCode'],
      [(r) => (r.licences.typeCodes = ['x']), '$.licences.typeCodes[0]'],
      [(r) => (r.licences = { typeCodes: [], identifiers: [] }), '$.licences'],
      [(r) => (r.validUntil = r.validFrom), '$.validUntil'],
      [(r) => (r.proof.suite = 'rsa'), '$.proof.suite'],
      [(r) => (r.purpose = 'x'.repeat(201)), '$.purpose'],
    ];
    for (const [change, field] of cases) {
      const copy = structuredClone(receipt);
      change(copy);
      try {
        parseConsentReceipt(copy);
        expect.unreachable(`accepted a receipt with ${field} wrong`);
      } catch (error) {
        expect(isHutongError(error) && error.code).toBe('ERR_VERIFY_RECEIPT_MALFORMED');
        expect(isHutongError(error) && error.field).toBe(field);
      }
    }
  });

  it('signs every member but the proof', async () => {
    const receipt = await signed();
    const bytes = new TextDecoder().decode(consentReceiptSigningBytes(receipt));
    expect(bytes).toContain('"purpose":"办理不动产登记"');
    expect(bytes).not.toContain('proof');
  });

  it('never throws anything but a typed error, and accepts exactly what it can re-read (property)', async () => {
    const receipt = JSON.parse(JSON.stringify(await signed()));
    const keys = Object.keys(receipt);
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.jsonValue(), (key, value) => {
        const copy = { ...structuredClone(receipt), [key]: value };
        try {
          const parsed = parseConsentReceipt(copy);
          expect(parseConsentReceipt(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
        } catch (error) {
          expect(isHutongError(error)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
