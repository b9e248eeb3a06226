import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../app-context.js';
import { type LibraryTestStore, openLibraryTestStore, TEST_DATABASES } from '../library/test-support/library-store.js';
import { WAL_AUTOCHECKPOINT_PAGES } from '../store/dialects/sqlite.js';
import { createTestContext } from '../test-support/principals.js';
import { importLicences } from './import-licences.js';
import * as fixtures from './test-support/import-fixtures.js';
import {
  IMPORT_CACHE_SIZE_KIB,
  IMPORT_WAL_AUTOCHECKPOINT,
  widenPageCache,
  widenWalCheckpoints,
} from './widen-wal-checkpoints.js';

/** The writer connection's `wal_autocheckpoint` (SQLite). */
async function autocheckpoint(t: LibraryTestStore): Promise<number> {
  const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(t.store.db);
  return Number(rows[0]?.wal_autocheckpoint);
}

/** The writer connection's `cache_size` (SQLite: negative = KiB). */
async function cacheSize(t: LibraryTestStore): Promise<number> {
  const { rows } = await sql<{ cache_size: number }>`pragma cache_size`.execute(t.store.db);
  return Number(rows[0]?.cache_size);
}

/** The store's own page cache: better-sqlite3 builds SQLite with SQLITE_DEFAULT_CACHE_SIZE=-16000 (16,000 KiB). */
const STORE_CACHE_SIZE = -16_000;

describe.each(TEST_DATABASES)('widenWalCheckpoints and widenPageCache on $dialect', ({ dialect, create }) => {
  let t: LibraryTestStore;
  let ctx: AppContext;
  let dir: string;
  beforeAll(async () => {
    t = await openLibraryTestStore(create);
    ctx = createTestContext(t.store);
    await fixtures.prepareImportNode(ctx, 'ed25519');
    dir = mkdtempSync(join(tmpdir(), 'hutong-widen-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  if (dialect === 'sqlite') {
    it('raises wal_autocheckpoint while any import holds it and puts the store’s own back after the last', async () => {
      expect(await autocheckpoint(t)).toBe(WAL_AUTOCHECKPOINT_PAGES);
      const first = await widenWalCheckpoints(t.store);
      const second = await widenWalCheckpoints(t.store);
      expect(await autocheckpoint(t)).toBe(IMPORT_WAL_AUTOCHECKPOINT);
      await first();
      // A release counts once: the second import still holds the widening.
      await first();
      expect(await autocheckpoint(t)).toBe(IMPORT_WAL_AUTOCHECKPOINT);
      await second();
      expect(await autocheckpoint(t)).toBe(WAL_AUTOCHECKPOINT_PAGES);
    });

    it('widens the page cache while any import holds it and puts the store’s own size back after the last', async () => {
      expect(await cacheSize(t)).toBe(STORE_CACHE_SIZE);
      const first = await widenPageCache(t.store);
      const second = await widenPageCache(t.store);
      expect(await cacheSize(t)).toBe(-IMPORT_CACHE_SIZE_KIB);
      // The two widenings are counted apart: releasing the checkpoints' leaves the cache wide.
      const checkpoints = await widenWalCheckpoints(t.store);
      await checkpoints();
      await first();
      await first();
      expect(await cacheSize(t)).toBe(-IMPORT_CACHE_SIZE_KIB);
      await second();
      expect(await cacheSize(t)).toBe(STORE_CACHE_SIZE);
      expect(await autocheckpoint(t)).toBe(WAL_AUTOCHECKPOINT_PAGES);
    });

    it('is held by an import for its batches and released when it ends', async () => {
      const file = join(dir, 'widen.csv');
      fixtures.writeCsv(
        file,
        fixtures.IMPORT_COLUMNS,
        Array.from({ length: 3 }, (_, i) => fixtures.validRow(900 + i)),
      );
      // Read after the first of three one-row batches: two more batches commit before the import ends.
      let during: Promise<number> | undefined;
      let cacheDuring: Promise<number> | undefined;
      const summary = await importLicences(
        ctx,
        { file, typeCode: fixtures.IMPORT_TYPE, issuerCode: fixtures.IMPORT_ISSUER, reportDir: join(dir, 'imports') },
        {
          by: { actor: 'cli' },
          publicUrl: 'https://licences.xj.gov.cn',
          workers: 1,
          batchSize: 1,
          onProgress: (p) => {
            if (p.phase === 'importing') {
              during ??= autocheckpoint(t);
              cacheDuring ??= cacheSize(t);
            }
          },
        },
      );
      expect(summary.accepted).toBe(3);
      expect(await during).toBe(IMPORT_WAL_AUTOCHECKPOINT);
      expect(await autocheckpoint(t)).toBe(WAL_AUTOCHECKPOINT_PAGES);
      expect(await cacheDuring).toBe(-IMPORT_CACHE_SIZE_KIB);
      expect(await cacheSize(t)).toBe(STORE_CACHE_SIZE);
    });
  } else {
    it('leaves PostgreSQL alone: nothing to widen, the release does nothing', async () => {
      const release = await widenWalCheckpoints(t.store);
      const cache = await widenPageCache(t.store);
      await release();
      await cache();
      const { rows } = await sql<{ n: number }>`select 1 as n`.execute(t.store.db);
      expect(Number(rows[0]?.n)).toBe(1);
    });
  }
});
