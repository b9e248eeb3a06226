import { describe, expect, it } from 'vitest';
import { type AuditRecord, chainHash, GENESIS_HASH } from '../../audit/append-audit.js';
import { listAuditRecords } from '../../audit/list-audit-records.js';
import { verifyAuditChain } from '../../audit/verify-audit-chain.js';
import { TEST_DATABASES } from '../../test-support/databases.js';
import { useStoreBeforeMigration } from '../../test-support/migrations.js';
import { packJson } from '../packed-json.js';
import { MIGRATIONS } from './index.js';

// More than one page of `verifyAuditChain` (1,000) and of the list's previous-hash lookups.
const RECORDS = 1_201;

describe.each(TEST_DATABASES)('migration 0019-audit-hash on $dialect', ({ create }) => {
  const at = useStoreBeforeMigration(create, '0019-audit-hash');

  it('keeps every record and hash (as 32 bytes), drops prev_hash; the chain verifies and the API gives the same hashes', async () => {
    const db = at.db;
    let prevHash = GENESIS_HASH;
    const rows: Array<{
      seq: number;
      at: string;
      actor: string;
      action: string;
      target: string | null;
      use_cause: string | null;
      outcome: string;
      request_id: null;
      packed_details: Uint8Array;
      prev_hash: string;
      hash: string;
    }> = [];
    for (let seq = 1; seq <= RECORDS; seq++) {
      const record: AuditRecord = {
        seq,
        at: '2026-11-29T00:00:00.000Z',
        actor: seq % 2 === 0 ? 'cli' : 'system',
        action: 'licence.issued',
        target: `licence-${seq % 7}`,
        useCause: seq % 3 === 0 ? '办理业务核验' : null,
        outcome: 'success',
        requestId: null,
        details: { n: seq },
      };
      const hash = chainHash(prevHash, record);
      rows.push({
        seq,
        at: record.at,
        actor: record.actor,
        action: record.action,
        target: record.target,
        use_cause: record.useCause,
        outcome: record.outcome,
        request_id: null,
        packed_details: packJson('audit-details', JSON.stringify(record.details)),
        prev_hash: prevHash,
        hash,
      });
      prevHash = hash;
    }
    for (let start = 0; start < rows.length; start += 50)
      await db
        .insertInto('audit_records')
        .values(rows.slice(start, start + 50))
        .execute();
    await db.updateTable('audit_chain_head').set({ seq: RECORDS, hash: prevHash }).where('id', '=', 1).execute();

    await at.migrate();

    expect(await verifyAuditChain(at.store.db)).toEqual({ ok: true, count: RECORDS, headHash: prevHash });
    const after = await at.store.db.selectFrom('audit_records').selectAll().orderBy('seq').execute();
    expect(after).toHaveLength(RECORDS);
    after.forEach((row, i) => {
      const { prev_hash: _prev, hash, ...rest } = rows[i] as (typeof rows)[number];
      expect(row).not.toHaveProperty('prev_hash');
      expect(Buffer.from(row.hash).toString('hex')).toBe(hash);
      expect({
        ...row,
        seq: Number(row.seq),
        packed_details: new Uint8Array(row.packed_details),
        hash: undefined,
      }).toEqual({ ...rest, packed_details: new Uint8Array(rest.packed_details), hash: undefined });
    });
    // The API's hash and prevHash, whole list and filtered, are the hex the records had before
    // (the API runs on the latest schema: a licence filter also reads 0030's audit_licences).
    await at.migrate(Object.keys(MIGRATIONS).at(-1));
    const byTarget = await listAuditRecords(at.store.db, { target: 'licence-3', limit: 500 });
    expect(byTarget.items.length).toBeGreaterThan(100);
    for (const item of byTarget.items) {
      expect(item.hash).toBe(rows[item.seq - 1]?.hash);
      expect(item.prevHash).toBe(rows[item.seq - 1]?.prev_hash);
    }
    const firstPage = await listAuditRecords(at.store.db, { limit: 3, cursor: '3' });
    expect(firstPage.items.map((item) => [item.seq, item.prevHash])).toEqual([
      [2, rows[0]?.hash],
      [1, GENESIS_HASH],
    ]);
    // An edited record still breaks the chain.
    await at.store.db.updateTable('audit_records').set({ actor: 'someone-else' }).where('seq', '=', 600).execute();
    expect(await verifyAuditChain(at.store.db)).toEqual({ ok: false, seq: 600, reason: 'hash-mismatch' });
  });
});
