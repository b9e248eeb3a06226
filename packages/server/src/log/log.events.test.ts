/**
 * Issue 4 item 3 through the real use cases: issuance, a status event, an encumbrance and a
 * new version, each made over HTTP by an issuer's client, get their leaves in their own
 * transactions (no fixture events), and every licence version gets a receipt that core
 * verifies offline against `/log/key` — on SQLite and PostgreSQL ("Done when": issuance and
 * status events on both engines produce leaves and receipts).
 */
import { type Licence, parseLogEntry, verifyLogReceipt } from '@hutong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from '../library/test-support/library-store.js';
import { sampleInput } from '../library/test-support/licence-fixtures.js';
import { type LicenceNode, startLicenceNode } from '../library/test-support/licence-node.js';
import { unpackJson } from '../store/packed-json.js';
import { eventOfEntry, targetOfEntry } from './log-entry.js';

/** Setting up a node on a loaded machine can take longer than Vitest's default 10 s. */
const HOOK_TIMEOUT = 120_000;

describe.each(TEST_DATABASES)('log leaves of the real licence writes on $dialect', ({ create }) => {
  let node: LicenceNode;
  const clock = new Date('2026-11-29T04:00:00Z');
  beforeAll(async () => {
    node = await startLicenceNode(create, { now: () => clock });
  }, HOOK_TIMEOUT);
  afterAll(async () => {
    await node.close();
  }, HOOK_TIMEOUT);

  async function leaves(): Promise<Array<{ idx: number; event: string; target: string | null; text: string }>> {
    const rows = await node.t.store.db.selectFrom('log_entries').select(['idx', 'entry']).orderBy('idx').execute();
    return rows.map((r) => ({
      idx: Number(r.idx),
      event: eventOfEntry(unpackJson(new Uint8Array(r.entry))),
      target: targetOfEntry(unpackJson(new Uint8Array(r.entry))),
      text: new TextDecoder().decode(unpackJson(new Uint8Array(r.entry))),
    }));
  }

  /** `POST /api/v1/licences` as the department's client. */
  function issue(overrides: Parameters<typeof sampleInput>[0]) {
    return node.app.inject({
      method: 'POST',
      url: '/api/v1/licences',
      headers: { authorization: node.issuer.authorization },
      payload: sampleInput(overrides) as never,
    });
  }

  it('issuance, status event, encumbrance and new version each leave one leaf; every version has a verifying receipt', async () => {
    const before = (await leaves()).length;
    const issued = await issue({ certificateNumber: 'LOG-1' });
    expect(issued.statusCode).toBe(201);
    const licence = issued.json().licence as Licence;
    const id = licence.metadata.certificateIdentifier;
    const event = (body: unknown, identifier = id) =>
      node.app.inject({
        method: 'POST',
        url: `/api/v1/licences/${identifier}/events`,
        headers: { authorization: node.issuer.authorization },
        payload: body as never,
      });
    expect((await event({ type: 'pledge', id: 'ZY-LOG', creditor: '某银行' })).statusCode).toBe(200);
    const changed = await event({
      type: 'change',
      newVersion: '002',
      face: { holderName: '张三', idNumber: licence.metadata.certificateHolderCode, operationCategory: '建筑架子工' },
    });
    expect(changed.statusCode).toBe(200);
    const successor = (changed.json() as { successor: Licence }).successor.metadata.certificateIdentifier;
    expect((await event({ type: 'suspension' }, successor)).statusCode).toBe(200);

    // One leaf per acknowledged write, in order, each naming its licence version.
    const written = (await leaves()).slice(before);
    expect(written.map((l) => [l.event, l.target])).toEqual([
      ['licence.issued', id],
      ['licence.encumbrance', id],
      ['licence.version', id],
      ['licence.issued', successor],
      ['licence.status', successor],
    ]);
    // The public parts say what happened; the holder (name, citizen ID), the creditor and the
    // acting client stay commitments.
    for (const leaf of written) {
      const entry = parseLogEntry(new TextEncoder().encode(leaf.text));
      expect(entry.target).toBe(leaf.target);
      for (const secret of [licence.metadata.certificateHolderCode, '张三', '某银行', node.issuer.clientId])
        expect(leaf.text).not.toContain(secret);
    }
    expect(parseLogEntry(new TextEncoder().encode(written[1]?.text)).public).toMatchObject({
      encumbrance: { kind: 'pledge' },
    });
    expect(parseLogEntry(new TextEncoder().encode(written[4]?.text)).public).toMatchObject({ status: 'suspended' });

    // Receipts for both versions, checked offline with the published note key only.
    await node.app.transparencyLog.integrator.integrateNow();
    const vkey = (await node.app.inject({ url: '/log/key' })).body.trim();
    const response = await node.app.inject({ url: `/api/v1/log/receipts/${id}` });
    expect(response.statusCode).toBe(200);
    const { receipts } = response.json() as { receipts: Array<{ identifier: string; version: string }> };
    expect(receipts.map((r) => [r.version, r.identifier])).toEqual([
      ['001', id],
      ['002', successor],
    ]);
    const indexes = [];
    for (const receipt of receipts) {
      const verified = await verifyLogReceipt(receipt, vkey, { target: receipt.identifier });
      expect(verified.entry.event).toBe('licence.issued');
      indexes.push(verified.index);
    }
    expect(indexes).toEqual([written[0]?.idx, written[3]?.idx]);
  });

  it('a refused write leaves no leaf', async () => {
    const before = (await leaves()).length;
    const refused = await issue({ certificateNumber: 'LOG-2', certificateHolderCode: 'not a citizen id' });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
    expect(refused.statusCode).toBeLessThan(500);
    expect(await leaves()).toHaveLength(before);
  });
});
