import {
  importVerificationKeyJwk,
  type Licence,
  signLicence,
  type TrustList,
  verifyLicence,
  verifyShowCode,
  verifyTrustList,
} from '@hutong/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateIssuerKey } from '../keys/generate-issuer-key.js';
import { getIssuerSigningKey } from '../keys/get-issuer-signing-key.js';
import { openLibraryTestStore, TEST_DATABASES } from '../library/test-support/library-store.js';
import { ISSUER_CODE, TYPE_CODE } from '../library/test-support/licence-fixtures.js';
import { createVenueClient, type LicenceNode, useLicenceNode } from '../library/test-support/licence-node.js';
import { createSecrets } from '../secrets/secrets.js';
import { createTestContext, type TestClient } from '../test-support/principals.js';
import { buildNodeTrustList } from '../trust/build-node-trust-list.js';
import { ensureNodeKey } from '../trust/node-keys.js';

/** Setting up a store (and a node) on a loaded machine can take longer than Vitest's default 10 s. */
const HOOK_TIMEOUT = 120_000;

describe.each(TEST_DATABASES)('trust list and online verification on $dialect', ({ create }) => {
  let node: LicenceNode;
  let venue: TestClient;
  // A fixed clock: show codes live 60 s, and the clients' tokens 10 minutes.
  const clock = new Date('2026-11-29T04:00:00Z');
  const nodeFixture = useLicenceNode(create, { now: () => clock, numberPrefix: 'V' });
  beforeAll(async () => {
    node = nodeFixture.node;
    venue = await createVenueClient(node.ctx);
  }, HOOK_TIMEOUT);

  const issue = () => nodeFixture.issue();

  const showCode = (licence: Licence, status: 'valid' | 'revoked' = 'valid') =>
    nodeFixture.showCode(licence, { status });

  function verify(payload: unknown, authorization = venue.authorization) {
    return node.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { authorization },
      payload: payload as never,
    });
  }

  async function anchored(list: TrustList) {
    const anchor = (await node.app.inject({ url: '/api/v1/trust-list/anchor' })).json();
    const key = await importVerificationKeyJwk(anchor.publicKeyJwk);
    expect(key.keyId).toBe(anchor.keyId);
    return verifyTrustList(list, [{ nodeId: anchor.nodeId, key }], { at: clock });
  }

  it('serves a signed trust list to anyone, with ETag and Cache-Control, verifiable against the pinned anchor', async () => {
    const response = await node.app.inject({ url: '/api/v1/trust-list' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    const etag = response.headers.etag as string;
    expect(etag).toMatch(/^"\d+-[A-Za-z0-9_-]+"$/);
    const list = response.json() as TrustList;
    expect(list.format).toBe('hutong-trust-list/1');
    expect(list.node.id).toBe(node.ctx.nodeId);
    expect(new Date(list.expiresAt).getTime() - new Date(list.issuedAt).getTime()).toBe(86_400_000);
    const prepared = await anchored(list);
    const issuer = prepared.issuers.find((i) => i.issuerCode === ISSUER_CODE);
    expect(issuer?.types).toEqual([TYPE_CODE]);
    expect(issuer?.keys.length).toBe(1);
    expect(prepared.showingKeys.map((k) => k.keyId)).toEqual([
      (await ensureNodeKey(node.ctx, 'showing')).publicKey.keyId,
    ]);
    // The list is signed by the trust-list key, never by the (hotter) showing key.
    expect(prepared.signedBy).not.toBe(prepared.showingKeys[0]?.keyId);

    const again = await node.app.inject({ url: '/api/v1/trust-list', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('refuses a list signed by another key than the pinned anchor', async () => {
    const list = (await node.app.inject({ url: '/api/v1/trust-list' })).json() as TrustList;
    const { publicKey } = await ensureNodeKey(node.ctx, 'showing');
    await expect(
      verifyTrustList(list, [{ nodeId: node.ctx.nodeId, key: publicKey }], { at: clock }),
    ).rejects.toMatchObject({ code: 'ERR_TRUST_ANCHOR_UNKNOWN' });
  });

  it('keeps the version while nothing changes and bumps it when an issuer gets a key', async () => {
    const first = await buildNodeTrustList(node.ctx);
    const same = await buildNodeTrustList(node.ctx);
    expect(same.version).toBe(first.version);
    await generateIssuerKey(node.ctx, ISSUER_CODE, { suite: 'sm2-sm3' }, { actor: 'system' });
    const bumped = await buildNodeTrustList(node.ctx);
    expect(bumped.version).toBe(first.version + 1);
    expect(bumped.issuers.find((i) => i.issuerCode === ISSUER_CODE)?.keys.length).toBe(2);
    // A verifier that accepted the newer list refuses the older one (rollback).
    const accepted = await anchored(bumped);
    const anchor = await ensureNodeKey(node.ctx, 'trust-list');
    await expect(
      verifyTrustList(first, [{ nodeId: node.ctx.nodeId, key: anchor.publicKey }], { at: clock, previous: accepted }),
    ).rejects.toMatchObject({ code: 'ERR_TRUST_LIST_ROLLBACK' });
  });

  it('keeps the node keys sealed under the master key', async () => {
    const row = await node.t.store.db
      .selectFrom('node_keys')
      .selectAll()
      .where('purpose', '=', 'showing')
      .executeTakeFirstOrThrow();
    expect(row.sealed_private_key.startsWith(`v1.${node.ctx.secrets.masterKeyId}.`)).toBe(true);
    const stranger = { ...node.ctx, secrets: createSecrets(new Uint8Array(32).fill(7)) };
    await expect(ensureNodeKey(stranger, 'showing')).rejects.toMatchObject({ code: 'ERR_SECRETS_MASTER_KEY_UNKNOWN' });
  });

  it('verifies a show code offline against the served list and online with status and replay', async () => {
    const licence = await issue();
    const code = await showCode(licence);
    const list = (await node.app.inject({ url: '/api/v1/trust-list' })).json() as TrustList;
    const offline = await verifyShowCode(code, await anchored(list), { now: clock });
    expect(offline.valid).toBe(true);

    const first = await verify({ code, useCause: '入园核验' });
    expect(first.statusCode).toBe(200);
    const verdict = first.json();
    expect(verdict).toMatchObject({
      valid: true,
      kind: 'show-code',
      mode: 'verify',
      currentStatus: { identifier: licence.metadata.certificateIdentifier, status: 'valid', encumbrances: [] },
      replay: { seenBefore: false, previousCount: 0 },
    });
    expect(verdict.checks.map((c: { name: string }) => c.name)).toEqual([
      'format',
      'signature',
      'node-trusted',
      'not-expired',
      'issuer-trusted',
      'type-allowed',
      'status-at-signing',
      'replay',
      'current-status',
    ]);

    // Plain verification reports a second presentation without refusing it.
    const second = (await verify({ code, useCause: '入园核验' })).json();
    expect(second.valid).toBe(true);
    expect(second.replay).toMatchObject({ seenBefore: true, previousCount: 1 });

    // Entry registration refuses it.
    const entry = (await verify({ code, useCause: '入园登记', mode: 'entry-registration' })).json();
    expect(entry.valid).toBe(false);
    expect(entry.checks.find((c: { name: string }) => c.name === 'replay')).toMatchObject({ ok: false });

    const audits = await node.t.store.db
      .selectFrom('audit_records')
      .select(['action', 'target', 'outcome'])
      .where('action', '=', 'licence.verify')
      .where('target', '=', licence.metadata.certificateIdentifier)
      .execute();
    expect(audits.map((a) => a.outcome)).toEqual(['success', 'success', 'refused']);
  });

  it('admits a fresh code once in entry registration', async () => {
    const code = await showCode(await issue());
    const first = (await verify({ code, useCause: '入园登记', mode: 'entry-registration' })).json();
    expect(first.valid).toBe(true);
    const second = (await verify({ code, useCause: '入园登记', mode: 'entry-registration' })).json();
    expect(second.valid).toBe(false);
    expect(second.replay).toMatchObject({ seenBefore: true });
  });

  it('fails a revoked licence’s code online (current status) though the code says valid', async () => {
    const licence = await issue();
    const code = await showCode(licence, 'valid');
    const revoked = await node.app.inject({
      method: 'POST',
      url: `/api/v1/licences/${licence.metadata.certificateIdentifier}/events`,
      headers: { authorization: node.issuer.authorization },
      payload: { type: 'revocation', reason: '以欺骗手段取得' },
    });
    expect(revoked.statusCode).toBe(200);
    const verdict = (await verify({ code, useCause: '入园核验' })).json();
    expect(verdict.valid).toBe(false);
    const checks = Object.fromEntries(
      verdict.checks.map((c: { name: string; ok: boolean; code?: string }) => [c.name, c]),
    );
    expect(checks.signature.ok).toBe(true);
    expect(checks['status-at-signing'].ok).toBe(true);
    expect(checks['current-status']).toMatchObject({ ok: false, code: 'ERR_VERIFY_STATUS_INVALID' });
    expect(verdict.currentStatus.status).toBe('revoked');
  });

  it('shows encumbrances without failing the licence', async () => {
    const licence = await issue();
    const pledged = await node.app.inject({
      method: 'POST',
      url: `/api/v1/licences/${licence.metadata.certificateIdentifier}/events`,
      headers: { authorization: node.issuer.authorization },
      payload: { type: 'pledge', id: 'ZY-1', creditor: '某银行' },
    });
    expect(pledged.statusCode).toBe(200);
    const verdict = (await verify({ code: await showCode(licence), useCause: '核验' })).json();
    expect(verdict.valid).toBe(true);
    expect(verdict.currentStatus.encumbrances).toMatchObject([{ id: 'ZY-1', kind: 'pledge', creditor: '某银行' }]);
  });

  it('verifies a licence document online, and fails a tampered one without looking up its status', async () => {
    const licence = await issue();
    const good = (await verify({ licence, useCause: '办理登记' })).json();
    expect(good).toMatchObject({ valid: true, kind: 'licence', currentStatus: { status: 'valid' } });
    // The library answers the status: no offline "not checked" status check beside its answer.
    const names = good.checks.map((c: { name: string }) => c.name);
    expect(names).toContain('current-status');
    expect(names).not.toContain('status');
    expect(good.checks.every((c: { code?: string }) => c.code === undefined)).toBe(true);
    const tampered = structuredClone(licence) as unknown as { metadata: Record<string, unknown> };
    tampered.metadata.certificateHolderName = '李四';
    const bad = (await verify({ licence: tampered, useCause: '办理登记' })).json();
    expect(bad.valid).toBe(false);
    const checks = Object.fromEntries(bad.checks.map((c: { name: string; ok: boolean; code?: string }) => [c.name, c]));
    expect(checks.signature.ok).toBe(false);
    expect(checks['current-status']).toMatchObject({ ok: false, code: 'ERR_VERIFY_SKIPPED_SIGNATURE' });
    expect(bad.currentStatus).toBeUndefined();
    // Offline verification agrees with the online answer.
    const list = await buildNodeTrustList(node.ctx);
    const prepared = await anchored(list);
    expect((await verifyLicence(licence, { keys: prepared.keys, at: clock })).valid).toBe(true);
  });

  it("verifies the library's own copy by its digest; any other document gets the full signature check", async () => {
    const licence = await issue();
    const identifier = licence.metadata.certificateIdentifier;
    const checksOf = async (document: unknown) => {
      const verdict = (await verify({ licence: document, useCause: '办理登记' })).json();
      const checks = Object.fromEntries(
        verdict.checks.map((c: { name: string; ok: boolean; reason: string; code?: string }) => [c.name, c]),
      );
      return { verdict, checks };
    };
    const own = await checksOf(licence);
    expect(own.verdict).toMatchObject({ valid: true, currentStatus: { status: 'valid' } });
    expect(own.checks.signature.reason).toMatch(
      /^identical to the verifier's own copy, whose (sm2-sm3|ed25519|ecdsa-p256) signature/,
    );

    // The same document with its members in another order and as JSON text: still the library's copy (RFC 8785).
    const { proof, metadata, ...rest } = licence;
    const reordered = await checksOf(JSON.stringify({ proof, ...rest, metadata }));
    expect(reordered.verdict.valid).toBe(true);
    expect(reordered.checks.signature.reason).toMatch(/^identical to the verifier's own copy/);

    // One changed byte: the full check, which fails.
    const tampered = structuredClone(licence) as unknown as { face: Record<string, unknown> };
    tampered.face[Object.keys(tampered.face)[0] as string] = '篡改';
    const changed = await checksOf(tampered);
    expect(changed.checks.signature).toMatchObject({ ok: false, code: 'ERR_VERIFY_SIGNATURE_INVALID' });
    expect(changed.verdict.currentStatus).toBeUndefined();

    // A genuine document the library does not hold as such (the issuer's key signed it, the
    // stored digest is another's): the full check, which passes.
    const { signingKey } = await getIssuerSigningKey(node.ctx, ISSUER_CODE);
    const { proof: _proof, ...unsigned } = licence;
    const foreign = await signLicence({ ...unsigned, face: { ...licence.face } } as never, signingKey, {
      created: new Date(licence.proof.created),
    });
    await node.ctx.store.db
      .updateTable('licences')
      .set({ document_digest: new Uint8Array(32) })
      .where('identifier', '=', identifier)
      .execute();
    const notHeld = await checksOf(foreign);
    expect(notHeld.verdict).toMatchObject({ valid: true, currentStatus: { status: 'valid' } });
    expect(notHeld.checks.signature.reason).toMatch(/^the (sm2-sm3|ed25519|ecdsa-p256) signature verifies with key/);

    // A row written before migration 0027 has no digest: the full check, as before.
    await node.ctx.store.db
      .updateTable('licences')
      .set({ document_digest: null })
      .where('identifier', '=', identifier)
      .execute();
    const older = await checksOf(licence);
    expect(older.verdict.valid).toBe(true);
    expect(older.checks.signature.reason).toMatch(/^the (sm2-sm3|ed25519|ecdsa-p256) signature verifies with key/);
  });

  it('answers a forged code with a verdict and does not burn a nonce', async () => {
    const code = await showCode(await issue());
    const forged = `${code.slice(0, -3)}${code.slice(-3) === 'AAA' ? 'BBB' : 'AAA'}`;
    const verdict = (await verify({ code: forged, useCause: '核验' })).json();
    expect(verdict.valid).toBe(false);
    expect(verdict.replay).toBeUndefined();
    const real = (await verify({ code, useCause: '核验' })).json();
    expect(real.replay).toMatchObject({ seenBefore: false });
  });

  it.each([
    ['no credentials', undefined, 401, 'ERR_AUTH_REQUIRED'],
    ['a client without the verify scope', 'reader', 403, 'ERR_AUTH_FORBIDDEN'],
  ])('refuses %s', async (_label, who, status, code) => {
    const authorization = who === 'reader' ? node.reader.authorization : undefined;
    const response = await node.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      headers: authorization === undefined ? {} : { authorization },
      payload: { code: 'HT1:ABC', useCause: '核验' },
    });
    expect(response.statusCode).toBe(status);
    expect(response.json().code).toBe(code);
  });

  it.each([
    ['neither code nor licence', { useCause: '核验' }, 'ERR_API_BAD_REQUEST'],
    ['both code and licence', { code: 'HT1:ABC', licence: {}, useCause: '核验' }, 'ERR_API_BAD_REQUEST'],
    ['an unknown member', { code: 'HT1:ABC', useCause: '核验', colour: 'red' }, 'ERR_API_BAD_REQUEST'],
    ['an unknown mode', { code: 'HT1:ABC', useCause: '核验', mode: 'admit' }, 'ERR_API_BAD_REQUEST'],
    ['no use cause', { code: 'HT1:ABC' }, 'ERR_AUDIT_USE_CAUSE_REQUIRED'],
  ])('refuses a request with %s', async (_label, payload, code) => {
    const response = await verify(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe(code);
    // Chinese by default (no Accept-Language), the whole sentence: no English reason inside it.
    expect(response.json().detail).toMatch(/[\u4e00-\u9fff]/);
    expect(response.json().detail).not.toMatch(/\b[a-z]{2,} [a-z]{2,}\b/i);
  });

  it('answers an unreadable code with a format verdict, recorded', async () => {
    const response = await verify({ code: 'HT1:not base45!', useCause: '核验' });
    expect(response.statusCode).toBe(200);
    const verdict = response.json();
    expect(verdict.valid).toBe(false);
    expect(verdict.checks[0]).toMatchObject({ name: 'format', ok: false });
    const audit = await node.t.store.db
      .selectFrom('audit_records')
      .select('target')
      .where('action', '=', 'licence.verify')
      .where('target', '=', 'unreadable show-code')
      .execute();
    expect(audit.length).toBeGreaterThan(0);
  });
});

describe.each(TEST_DATABASES)('node keys across a master-key rotation on $dialect', ({ create }) => {
  it('re-seals a node key under the new master key while the previous one is held; the new key alone then opens it', async () => {
    const t = await openLibraryTestStore(create);
    try {
      const oldKey = new Uint8Array(32).fill(3);
      const newKey = new Uint8Array(32).fill(9);
      const base = createTestContext(t.store);
      const before = await ensureNodeKey({ ...base, secrets: createSecrets(oldKey) }, 'trust-list');
      // The new key alone cannot open what the old one sealed.
      await expect(ensureNodeKey({ ...base, secrets: createSecrets(newKey) }, 'trust-list')).rejects.toMatchObject({
        code: 'ERR_SECRETS_MASTER_KEY_UNKNOWN',
      });
      const rotated = createSecrets(newKey, [oldKey]);
      expect((await ensureNodeKey({ ...base, secrets: rotated }, 'trust-list')).publicKey.keyId).toBe(
        before.publicKey.keyId,
      );
      const row = await t.store.db
        .selectFrom('node_keys')
        .selectAll()
        .where('purpose', '=', 'trust-list')
        .executeTakeFirstOrThrow();
      expect(row.master_key_id).toBe(rotated.masterKeyId);
      const alone = await ensureNodeKey({ ...base, secrets: createSecrets(newKey) }, 'trust-list');
      expect(alone.publicKey.keyId).toBe(before.publicKey.keyId);
    } finally {
      await t.close();
    }
  }, 120_000);
});
