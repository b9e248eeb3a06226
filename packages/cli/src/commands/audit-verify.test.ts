import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appendAudit,
  migrateToLatest,
  openStore,
  recordChunkEvents,
  SQLITE_FILE_NAME,
  type Store,
} from '@hutong/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../main.js';
import { captureIo } from '../test-support/capture-io.js';

describe('hutong audit verify', () => {
  let dataDir: string;
  let store: Store;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'hutong-t-audit-'));
    store = await openStore({ dialect: 'sqlite', file: join(dataDir, SQLITE_FILE_NAME) });
    await migrateToLatest(store.db);
    for (let i = 1; i <= 3; i++) {
      await store.db.transaction().execute((trx) =>
        appendAudit(trx, {
          at: '2026-11-29T12:00:00.000Z',
          actor: 'system',
          action: 'licence.issued',
          target: `L${i}`,
        }),
      );
    }
  });

  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits 0 with the count when the chain is intact (while another connection holds the store open)', async () => {
    const io = captureIo(dataDir);
    expect(await main(['audit', 'verify', '--data-dir', '.'], io)).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ ok: true, count: 3 });
  });

  it('exits 1 with the first broken record as JSON', async () => {
    await store.db.updateTable('audit_records').set({ target: 'L9' }).where('seq', '=', 2).execute();
    const io = captureIo(dataDir);
    expect(await main(['audit', 'verify', '--data-dir', dataDir], io)).toBe(1);
    const verdict = JSON.parse(io.out.trim().split('\n').pop() ?? '');
    expect(verdict).toMatchObject({ ok: false, seq: 2, reason: 'hash-mismatch', record: { seq: 2, target: 'L9' } });
    // The details as JSON, not their packed bytes (migration 0017).
    expect(verdict.record.details).toEqual({});
    expect(verdict.record).not.toHaveProperty('packed_details');
    expect(io.err).toContain('broken at record 2');
  });

  it('exits 1 when records were deleted from the end', async () => {
    await store.db.deleteFrom('audit_records').where('seq', '=', 3).execute();
    const io = captureIo(dataDir);
    expect(await main(['audit', 'verify', '--data-dir', dataDir], io)).toBe(1);
    expect(JSON.parse(io.out)).toMatchObject({ ok: false, reason: 'head-mismatch' });
  });

  it('exits 1 when the narrow table of a chunk record was edited (migration 0030: a licence made to look issued)', async () => {
    // One record for a chunk of two licences (audit/append-chunk-audit.ts), seq 4.
    await store.db.transaction().execute((trx) =>
      recordChunkEvents(
        trx,
        ['L4', 'L5'].map((target) => ({
          type: 'licence.issued' as const,
          actor: 'system',
          target,
          details: { typeCode: 'T', issuerCode: 'I', series: `T.I.${target}` },
          at: '2026-11-29T12:00:00.000Z',
        })),
      ),
    );
    const intact = captureIo(dataDir);
    expect(await main(['audit', 'verify', '--data-dir', dataDir], intact)).toBe(0);
    expect(JSON.parse(intact.out)).toMatchObject({ ok: true, count: 4 });
    await store.db.updateTable('audit_licences').set({ identifier: 'L9' }).where('identifier', '=', 'L5').execute();
    const io = captureIo(dataDir);
    expect(await main(['audit', 'verify', '--data-dir', dataDir], io)).toBe(1);
    expect(JSON.parse(io.out.trim().split('\n').pop() ?? '')).toMatchObject({
      ok: false,
      seq: 4,
      reason: 'licence-index-mismatch',
      record: { seq: 4, target: null },
    });
  });

  it('says so, and creates nothing, when the data directory holds no store (a mistyped --data-dir)', async () => {
    const missing = join(dataDir, 'no-such-node');
    const io = captureIo(dataDir);
    expect(await main(['audit', 'verify', '--data-dir', missing], io)).toBe(1);
    expect(JSON.parse(io.out)).toMatchObject({ ok: false, error: { code: 'ERR_CLI_NO_STORE', field: 'data-dir' } });
    expect(existsSync(missing)).toBe(false);
  });

  it('exits 2 on a usage mistake', async () => {
    const io = captureIo(dataDir);
    expect(await main(['audit', 'verify', '--bogus'], io)).toBe(2);
    expect(io.err).toContain('Usage: hutong audit verify');
  });
});
