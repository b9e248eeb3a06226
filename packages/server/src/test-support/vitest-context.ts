// What scripts/test-env/global-setup.ts provides to every test (vitest `provide`/`inject`).
// Declared again here because that file is outside this package's type-check; the two
// declarations merge and must stay identical.
import type {} from 'vitest';

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
