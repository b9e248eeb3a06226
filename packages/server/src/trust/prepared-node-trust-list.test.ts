import type { Licence } from '@hutong/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeIssuerKey } from '../keys/revoke-issuer-key.js';
import { TEST_DATABASES } from '../library/test-support/library-store.js';
import { ISSUER_CODE, sampleInput, TYPE_CODE } from '../library/test-support/licence-fixtures.js';
import { type LicenceNode, startLicenceNode } from '../library/test-support/licence-node.js';
import { createOrganisation } from '../organisations/create-organisation.js';
import { openStore } from '../store/store.js';
import { createTestClient, createTestContext, type TestClient } from '../test-support/principals.js';
import { ensureNodeKey } from './node-keys.js';
import { preparedNodeTrustList } from './prepared-node-trust-list.js';

/** Setting up a store (and a node) on a loaded machine can take longer than Vitest's default 10 s. */
const HOOK_TIMEOUT = 120_000;
const SYSTEM = { actor: 'system' };

describe.each(TEST_DATABASES)('the trust list kept for online verification on $dialect', ({ create }) => {
  let node: LicenceNode;
  let venue: TestClient;
  beforeAll(async () => {
    node = await startLicenceNode(create);
    venue = await createTestClient(node.ctx, {
      organisationCode: '91350100M000100Y43',
      kind: 'relying-party',
      scopes: ['verify'],
      licenceTypes: [TYPE_CODE],
    });
    // Both node keys exist before the counts below (the first verification would make them).
    await ensureNodeKey(node.ctx, 'trust-list');
    await ensureNodeKey(node.ctx, 'showing');
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await node.close();
  }, HOOK_TIMEOUT);

  async function generation(): Promise<number> {
    const row = await node.ctx.store.db
      .selectFrom('trust_list_generation')
      .select('generation')
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return Number(row.generation);
  }

  async function issue(number: string): Promise<Licence> {
    const response = await node.app.inject({
      method: 'POST',
      url: '/api/v1/licences',
      headers: { authorization: node.issuer.authorization },
      payload: sampleInput({ certificateNumber: number }) as never,
    });
    expect(response.statusCode).toBe(201);
    return response.json().licence as Licence;
  }

  async function verify(licence: Licence): Promise<{ valid: boolean; checks: { name: string; ok: boolean }[] }> {
    const response = await node.app.inject({
      method: 'POST',
      url: '/api/v1/verify',
      headers: { authorization: venue.authorization },
      payload: { licence, useCause: '核验测试' },
    });
    expect(response.statusCode).toBe(200);
    return response.json();
  }

  it('moves the generation on a write to every table the list is read from, and on no other write', async () => {
    // One existing row of each input, rewritten with its own value: the write is what counts.
    const inputs = [
      ['node_keys', 'key_id'],
      ['organisations', 'name_zh'],
      ['issuer_keys', 'key_id'],
      ['catalogue_responsibilities', 'type_code'],
      ['licence_types', 'type_code'],
      ['meta', 'value'],
    ] as const;
    for (const [table, column] of inputs) {
      const before = await generation();
      const t = sql.table(table);
      const c = sql.ref(column);
      await sql`update ${t} set ${c} = ${c} where ${c} = (select min(${c}) from ${t})`.execute(node.ctx.store.db);
      expect(await generation(), table).toBeGreaterThan(before);
    }
    // Inserts and deletes: a log key row (what `ensureLogKeys` writes) and a meta fact.
    let before = await generation();
    await node.ctx.store.db
      .insertInto('log_keys')
      .values({
        purpose: 'test-only',
        name: 'test-witness',
        vkey: 'test-witness+00000000+AAAA',
        sealed_private_key: 'not-a-key',
        master_key_id: 'test',
        created_at: new Date().toISOString(),
      })
      .execute();
    expect(await generation()).toBeGreaterThan(before);
    before = await generation();
    await node.ctx.store.db.deleteFrom('log_keys').where('purpose', '=', 'test-only').execute();
    expect(await generation()).toBeGreaterThan(before);

    // A rolled-back write leaves it where it was.
    before = await generation();
    await expect(
      node.ctx.store.db.transaction().execute(async (trx) => {
        await trx.updateTable('issuer_keys').set({ revocation_reason: 'never committed' }).execute();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await generation()).toBe(before);

    // Issuing and verifying (the hot paths) touch none of the inputs.
    const licence = await issue('G-1');
    expect((await verify(licence)).valid).toBe(true);
    expect(await generation()).toBe(before);
  });

  it('answers each set of options (name, area, URL) with a list made with them, the kept one for the same', async () => {
    const a = await preparedNodeTrustList(node.ctx, { url: 'https://a.example.cn' });
    expect(a.node.url).toBe('https://a.example.cn');
    expect(await preparedNodeTrustList(node.ctx, { url: 'https://a.example.cn' })).toBe(a);
    const b = await preparedNodeTrustList(node.ctx, {
      url: 'https://b.example.cn',
      name: '某节点',
      areaCode: '110000',
    });
    expect([b.node.url, b.node.name, b.node.areaCode]).toEqual(['https://b.example.cn', '某节点', '110000']);
    // Each option alone makes another list: the name, then the area.
    const named = await preparedNodeTrustList(node.ctx, {
      url: 'https://b.example.cn',
      name: '另一节点',
      areaCode: '110000',
    });
    expect(named.node.name).toBe('另一节点');
    const area = await preparedNodeTrustList(node.ctx, {
      url: 'https://b.example.cn',
      name: '另一节点',
      areaCode: '120000',
    });
    expect(area.node.areaCode).toBe('120000');
    expect((await preparedNodeTrustList(node.ctx, { url: 'https://a.example.cn' })).node.url).toBe(
      'https://a.example.cn',
    );
  });

  it('reuses the kept list while nothing changed, and judges by a revocation from another connection at once', async () => {
    const licence = await issue('G-2');
    expect((await verify(licence)).valid).toBe(true);
    const kept = await preparedNodeTrustList(node.ctx);
    expect(await preparedNodeTrustList(node.ctx)).toBe(kept);

    // A write to an input that changes nothing of the list's content: same signed list.
    await createOrganisation(
      node.ctx,
      {
        code: '91650102MA7HUT0248',
        name: { zh: '某区政务服务中心', en: 'A district service centre' },
        kind: 'relying-party',
        level: 'county',
        areaCode: '110101',
      },
      SYSTEM,
    );
    expect(await preparedNodeTrustList(node.ctx)).toBe(kept);

    // The issuer's key revoked from its first moment by another connection to the same store
    // (the CLI beside the server, a second server): the very next verification refuses it.
    const key = await node.ctx.store.db
      .selectFrom('issuer_keys')
      .select(['key_id', 'valid_from'])
      .where('issuer_code', '=', ISSUER_CODE)
      .executeTakeFirstOrThrow();
    const other = await openStore(node.t.database.location);
    try {
      await revokeIssuerKey(
        createTestContext(other),
        ISSUER_CODE,
        key.key_id,
        { reason: '私钥泄露', revokedAt: key.valid_from },
        SYSTEM,
      );
    } finally {
      await other.close();
    }
    const after = await preparedNodeTrustList(node.ctx);
    expect(after).not.toBe(kept);
    expect(after.version).toBe(kept.version + 1);
    const verdict = await verify(licence);
    expect(verdict.valid).toBe(false);
    // Core judges a signature by a key revoked before it was made as no valid signature.
    expect(verdict.checks.filter((c) => !c.ok).map((c) => c.name)).toContain('signature');
  });
});
