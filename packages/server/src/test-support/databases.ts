/**
 * Real databases for store tests (test-only; excluded from the build). Every store test
 * runs on both engines; a missing PostgreSQL is a loud failure, never a skip.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { SQLITE_FILE_NAME, type StoreLocation } from '../store/store.js';
import { sqliteTestDirPrefix } from './sqlite-test-dirs.js';
import type {} from './vitest-context.js';

export interface TestDatabase {
  readonly location: StoreLocation;
  /** Removes the database (PostgreSQL: terminates what is still connected). */
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /**
   * An empty database, no migration applied (the migration tests). Default: a copy of the
   * run's database at the latest schema (scripts/test-env/global-setup.ts), on which
   * `migrateToLatest` finds nothing to do.
   */
  readonly empty?: boolean | undefined;
}

export interface TestPostgresDatabase extends TestDatabase {
  readonly url: string;
}

export interface TestSqliteDatabase extends TestDatabase {
  /** A fresh data directory; the store file is `<dataDir>/hutong.db`. */
  readonly dataDir: string;
  readonly file: string;
}

function adminUrl(): string {
  const url = inject('pgAdminUrl');
  if (url === null || url === undefined) {
    // Loud on purpose: conventions.md — "a missing server is a loud failure, not a skip".
    throw new Error(`PostgreSQL is needed by this test and none is available: ${inject('pgAdminProblem')}`);
  }
  return url;
}

/**
 * The run's database at the latest schema (scripts/test-env/global-setup.ts), or null: for an
 * empty database, outside a Vitest run (the bench builds its node with these helpers) or
 * when the setup made none.
 */
function templateOf(key: 'pgTemplate' | 'sqliteTemplate', options: CreateTestDatabaseOptions): string | null {
  if (options.empty === true || process.env.VITEST === undefined) return null;
  return inject(key) ?? null;
}

async function onAdmin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * Creates a fresh, uniquely named PostgreSQL database (`hutong_t_<pid>_<random>`) on the
 * run's admin server. The pid lets a later run sweep it if this one is killed.
 *
 * @example
 * const database = await createTestPostgresDatabase();
 * const store = await openStore(database.location);
 * afterAll(() => store.close().then(database.drop));
 */
export async function createTestPostgresDatabase(
  options: CreateTestDatabaseOptions = {},
): Promise<TestPostgresDatabase> {
  const admin = adminUrl();
  const name = `hutong_t_${process.pid}_${randomBytes(6).toString('hex')}`;
  const template = templateOf('pgTemplate', options);
  await onAdmin(admin, `create database "${name}"${template === null ? '' : ` template "${template}"`}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    location: { dialect: 'postgres', url: url.toString() },
    // PostgreSQL 13+: WITH (FORCE) terminates the connections a failed test left open.
    drop: () => onAdmin(admin, `drop database if exists "${name}" with (force)`),
  };
}

/** The SQLite data directories this test file made and has not dropped yet. */
const sqliteDirs = new Set<string>();

// Every SQLite data directory of a test file goes once the file is done, dropped or not: a
// test that failed before its drop(), or never called it, left one in the temp folder per run
// (a demo node's is 30 MB). Registered when a test file imports this module (its collection);
// the bench imports it outside Vitest, where the callers' drop() is all there is. A run killed
// before this hook leaves its folders to the next run's global setup (sqlite-test-dirs.ts).
if (process.env.VITEST !== undefined) {
  afterAll(() => {
    for (const dir of sqliteDirs) rmSync(dir, { recursive: true, force: true });
    sqliteDirs.clear();
  });
}

/**
 * Creates a fresh data directory in the temp folder for a SQLite store
 * (`hutong-t-sqlite-<pid>-XXXXXX`), removed by `drop()` or, at the latest, after the test file.
 *
 * @example const database = await createTestSqliteDatabase(); // database.location.file ends in hutong.db
 */
export async function createTestSqliteDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestSqliteDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), sqliteTestDirPrefix()));
  sqliteDirs.add(dataDir);
  const file = join(dataDir, SQLITE_FILE_NAME);
  const template = templateOf('sqliteTemplate', options);
  if (template !== null) copyFileSync(template, file);
  return {
    dataDir,
    file,
    location: { dialect: 'sqlite', file },
    drop: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      sqliteDirs.delete(dataDir);
    },
  };
}

/** Both engines, for `describe.each`: every store test runs on each. */
export const TEST_DATABASES = [
  { dialect: 'sqlite', create: createTestSqliteDatabase },
  { dialect: 'postgres', create: createTestPostgresDatabase },
] as const satisfies ReadonlyArray<{ dialect: StoreLocation['dialect']; create: () => Promise<TestDatabase> }>;
