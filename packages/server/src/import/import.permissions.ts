import type { PermissionTable } from '../auth/route-permission.js';

/** A department's API client that may issue (the issuer and type checks are `assertMayActFor`). */
const ISSUER = { kind: 'client', scopes: ['licence:issue'] } as const;
/** A department's operator converting its stock in the agency console (import wizard), for their own department. */
const OPERATOR = { kind: 'staff', roles: ['department-operator'] } as const;

/** The `import/` domain's rows of the route-permission table: the same callers as issuance. */
export const importPermissions = {
  'POST /api/v1/imports': {
    allow: [ISSUER, OPERATOR],
    summary: 'Upload a CSV/XLSX file of legacy records (存量证照转化) for one type and issuer; its dry run starts',
  },
  'GET /api/v1/imports': { allow: [ISSUER, OPERATOR], summary: 'The latest import uploads of the caller’s issuer' },
  'GET /api/v1/imports/:id': {
    allow: [ISSUER, OPERATOR],
    summary: 'An import upload: its preview counts, its state and its job’s progress',
  },
  'GET /api/v1/imports/:id/preview': {
    allow: [ISSUER, OPERATOR],
    summary: 'Rows of the dry run (preview), with each rejected row’s reasons',
  },
  'POST /api/v1/imports/:id/commit': {
    allow: [ISSUER, OPERATOR],
    summary: 'Commit the previewed file as an import job in the background (idempotent; resumes an interrupted one)',
  },
  'GET /api/v1/imports/:id/report.csv': {
    allow: [ISSUER, OPERATOR],
    summary: 'The import’s report: one line per input row with its outcome, identifier or reasons',
  },
} as const satisfies PermissionTable;
