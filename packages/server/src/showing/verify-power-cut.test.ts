/**
 * Why the process-kill guarantee of verification records is safe for the audit chain
 * (docs/design/durability.md): on SQLite a power cut keeps the WAL up to its last fsync and
 * loses some of what follows, and recovery replays frames only up to the first one that fails
 * its cumulative checksum (sqlite.org/fileformat.html §4.3) — a prefix of the commits. Here
 * every such prefix is made by hand (the WAL cut at every frame boundary and inside frames,
 * from the issuance's fsync to the end of the verifications after it): each copy opens with
 * the issued licence, and with an audit chain that verifies — fewer access records, never a
 * break. PostgreSQL's asynchronous commit makes the same promise (a lost suffix of
 * transactions, postgresql.org/docs/current/wal-async-commit.html); the tests of
 * store/commit-durability.test.ts show that only the group commit's transactions use it.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/verify-audit-chain.js';
import { createVenueClient, NODE_HOOK_TIMEOUT, useLicenceNode } from '../library/test-support/licence-node.js';
import { openStore, SQLITE_FILE_NAME } from '../store/store.js';
import { createTestSqliteDatabase } from '../test-support/databases.js';
import type { TestClient } from '../test-support/principals.js';

const WAL_HEADER = 32;
const FRAME_HEADER = 24;

describe('a power cut after process-kill commits (SQLite WAL cut short)', () => {
  const clock = new Date('2026-11-29T04:00:00Z');
  const nodeFixture = useLicenceNode(createTestSqliteDatabase, { now: () => clock, numberPrefix: 'CUT' });
  let venue: TestClient;

  beforeAll(async () => {
    venue = await createVenueClient(nodeFixture.node.ctx);
  }, NODE_HOOK_TIMEOUT);

  async function auditCount(): Promise<number> {
    const { rows } = await sql<{ n: number }>`select count(*) as n from audit_records`.execute(
      nodeFixture.node.t.store.db,
    );
    return Number(rows[0]?.n);
  }

  it(
    'leaves the answered issuance and an intact, shorter audit chain at every cut',
    async () => {
      const node = nodeFixture.node;
      const location = node.t.database.location;
      if (location.dialect !== 'sqlite') throw new Error('a SQLite store');
      // Start from an empty WAL, so that its frames are exactly the writes below.
      await sql`pragma wal_checkpoint(truncate)`.execute(node.t.store.db);
      const licence = await nodeFixture.issue();
      // The issuance was answered after its WAL fsync: a power cut keeps at least this much (the
      // log's integration may have committed after it: more frames, a later cut, as good).
      const wal = `${location.file}-wal`;
      const synced = statSync(wal).size;
      const recordsAtIssuance = await auditCount();
      for (let i = 0; i < 4; i++) {
        const answer = await node.app.inject({
          method: 'POST',
          url: '/api/v1/verify',
          headers: { authorization: venue.authorization },
          payload: { code: await nodeFixture.showCode(licence), useCause: '入园核验' },
        });
        expect(answer.json().valid).toBe(true);
      }
      const recordsAtEnd = await auditCount();
      expect(recordsAtEnd).toBe(recordsAtIssuance + 4);
      const bytes = readFileSync(wal);
      expect(bytes.length).toBeGreaterThan(synced);
      const pageSize = bytes.readUInt32BE(8);
      const frame = FRAME_HEADER + pageSize;
      expect((synced - WAL_HEADER) % frame).toBe(0);

      const cuts: number[] = [];
      for (let at = synced; at <= bytes.length; at += frame)
        cuts.push(at, Math.min(at + FRAME_HEADER + 100, bytes.length));
      let previous = recordsAtIssuance;
      const seen = new Set<number>();
      for (const cut of cuts) {
        const dir = mkdtempSync(join(tmpdir(), 'hutong-t-cut-'));
        try {
          const copied = join(dir, SQLITE_FILE_NAME);
          copyFileSync(location.file, copied);
          // Power cut: the database file and the first `cut` bytes of the WAL are what the disk kept.
          writeFileSync(`${copied}-wal`, bytes.subarray(0, cut));
          const copy = await openStore({ dialect: 'sqlite', file: copied });
          try {
            const kept = await copy.db
              .selectFrom('licences')
              .select('identifier')
              .where('identifier', '=', licence.metadata.certificateIdentifier)
              .execute();
            expect(kept).toHaveLength(1);
            const chain = await verifyAuditChain(copy.db);
            expect(chain).toMatchObject({ ok: true });
            const count = chain.ok ? chain.count : -1;
            // A prefix of the commits: between the issuance's records and all of them, never fewer as the cut moves on.
            expect(count).toBeGreaterThanOrEqual(previous);
            expect(count).toBeLessThanOrEqual(recordsAtEnd);
            previous = count;
            seen.add(count);
          } finally {
            await copy.close();
          }
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
      // The cuts really lost records (some copies end before the last verification) and kept them all at the end.
      expect(Math.min(...seen)).toBe(recordsAtIssuance);
      expect(Math.max(...seen)).toBe(recordsAtEnd);
    },
    NODE_HOOK_TIMEOUT,
  );
});
