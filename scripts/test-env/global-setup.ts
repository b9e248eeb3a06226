/**
 * Vitest global setup: finds the PostgreSQL server the store tests create their databases
 * on, once per run, and hands its admin URL to the workers (`inject('pgAdminUrl')`, read by
 * `packages/server/src/test-support/databases.ts`).
 *
 * Order: `HUTONG_TEST_PG_ADMIN_URL` (set by `npm test`, which also brings up a throwaway
 * cluster when needed), else the machine's PostgreSQL on 127.0.0.1:5432. When neither
 * answers, the tests that need PostgreSQL fail with the reason — loudly, never skipped;
 * the rest still run.
 *
 * It also migrates one database of each engine to the latest schema (`hutong_t_<pid>_template`
 * on PostgreSQL, a file in the temp folder for SQLite), which `createTestPostgresDatabase` and
 * `createTestSqliteDatabase` copy: every store test used to run all migrations on its own fresh
 * database (about 3 s on PostgreSQL and 1 s on SQLite on a loaded 2-core machine, hundreds of
 * times a run). A test that needs the empty database asks for it (`{ empty: true }`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migrateToLatest } from '../../packages/server/src/store/migrate.js';
import { openStore, SQLITE_FILE_NAME } from '../../packages/server/src/store/store.js';
import {
  sqliteTestDirPrefix,
  sweepStaleSqliteTestDirs,
} from '../../packages/server/src/test-support/sqlite-test-dirs.js';
import {
  ADMIN_URL_ENV,
  LOCAL_ADMIN_URL,
  probePostgres,
  redactUrl,
  sweepStaleTestDatabases,
  withClient,
} from './postgres-admin.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the PostgreSQL server for test databases, or null (see pgAdminProblem). */
    pgAdminUrl: string | null;
    /** Why there is no admin URL; empty when there is one. */
    pgAdminProblem: string;
    /** A PostgreSQL database at the latest schema that test databases are created from, or null. */
    pgTemplate: string | null;
    /** A SQLite file at the latest schema that test databases copy, or null. */
    sqliteTemplate: string | null;
  }
}

/** Migrates the store at `location` to the latest schema and closes it (a SQLite file is then whole: no WAL beside it). */
async function migrateTemplate(location: Parameters<typeof openStore>[0]): Promise<void> {
  const store = await openStore(location);
  try {
    await migrateToLatest(store.db);
  } finally {
    await store.close();
  }
}

/** The SQLite template: a migrated store file in its own temp folder, and how to remove it. */
async function sqliteTemplate(): Promise<{ file: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), sqliteTestDirPrefix('template')));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const file = join(dir, SQLITE_FILE_NAME);
  try {
    await migrateTemplate({ dialect: 'sqlite', file });
  } catch (error) {
    remove();
    throw error;
  }
  return { file, remove };
}

/** The PostgreSQL template database (named like every test database, so a killed run's is swept), and how to drop it. */
async function postgresTemplate(adminUrl: string): Promise<{ name: string; drop: () => Promise<void> }> {
  const name = `hutong_t_${process.pid}_template`;
  const drop = () =>
    withClient(adminUrl, (client: { query(text: string): Promise<unknown> }) =>
      client.query(`drop database if exists "${name}" with (force)`),
    ).then(() => undefined);
  await withClient(adminUrl, (client: { query(text: string): Promise<unknown> }) =>
    client.query(`create database "${name}"`),
  );
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    await migrateTemplate({ dialect: 'postgres', url: url.toString() });
  } catch (error) {
    await drop();
    throw error;
  }
  return { name, drop };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The SQLite folders of runs killed before their cleanup (their process is gone), as the
  // PostgreSQL databases of such runs are swept below.
  sweepStaleSqliteTestDirs(tmpdir());
  const sqlite = await sqliteTemplate();
  project.provide('sqliteTemplate', sqlite.file);
  project.provide('pgTemplate', null);
  const teardown = async () => sqlite.remove();
  const given = process.env[ADMIN_URL_ENV];
  const url = given !== undefined && given !== '' ? given : LOCAL_ADMIN_URL;
  const problem = await probePostgres(url);
  if (problem !== undefined) {
    project.provide('pgAdminUrl', null);
    project.provide(
      'pgAdminProblem',
      url === given
        ? `${ADMIN_URL_ENV}=${redactUrl(url)} does not answer: ${problem}`
        : `${ADMIN_URL_ENV} is not set and there is no PostgreSQL on 127.0.0.1:5432 (${problem}). ` +
            'Run the tests with `npm test`, which provides one.',
    );
    return teardown;
  }
  await sweepStaleTestDatabases(url);
  project.provide('pgAdminUrl', url);
  project.provide('pgAdminProblem', '');
  const postgres = await postgresTemplate(url);
  project.provide('pgTemplate', postgres.name);
  return async () => {
    await teardown();
    await postgres.drop();
  };
}
