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
  }
}
