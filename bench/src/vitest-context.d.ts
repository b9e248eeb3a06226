// What scripts/test-env/global-setup.ts provides to the server's test support (imported here
// for its SQLite helper only), repeated so that `tsc -p bench` needs no test set-up files.
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string | null;
    pgAdminProblem: string;
  }
}
