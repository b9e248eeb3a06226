/**
 * Vitest global setup: finds the PostgreSQL server the store tests create their databases
 * on, once per run, and hands its admin URL to the workers (`inject('pgAdminUrl')`, read by
 * `packages/server/src/test-support/databases.ts`).
 *
 * Order: `HUTONG_TEST_PG_ADMIN_URL` (set by `npm test`, which also brings up a throwaway
 * cluster when needed), else the machine's PostgreSQL on 127.0.0.1:5432. When neither
 * answers, the tests that need PostgreSQL fail with the reason — loudly, never skipped;
 * the rest still run.
 */
import type { TestProject } from 'vitest/node';
import {
  ADMIN_URL_ENV,
  LOCAL_ADMIN_URL,
  probePostgres,
  redactUrl,
  sweepStaleTestDatabases,
} from './postgres-admin.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the PostgreSQL server for test databases, or null (see pgAdminProblem). */
    pgAdminUrl: string | null;
    /** Why there is no admin URL; empty when there is one. */
    pgAdminProblem: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
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
    return;
  }
  await sweepStaleTestDatabases(url);
  project.provide('pgAdminUrl', url);
  project.provide('pgAdminProblem', '');
}
