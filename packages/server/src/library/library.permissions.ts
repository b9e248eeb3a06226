import type { PermissionTable } from '../auth/route-permission.js';

/**
 * Who may read the library: relying parties (`licence:read`, their types), issuers
 * (`licence:issue` / `licence:status`, their own licences), auditors and platform staff,
 * department operators (their department's). The reach is checked in the use case.
 */
const READERS = [
  { kind: 'client', scopes: ['licence:read'] },
  { kind: 'client', scopes: ['licence:issue'] },
  { kind: 'client', scopes: ['licence:status'] },
  { kind: 'staff', roles: ['auditor', 'platform-admin', 'department-operator'] },
] as const;

/** Who reads the figures of the dashboard: staff who oversee the platform (aggregates only, no personal data). */
export const STATISTICS_READERS = [{ kind: 'staff', roles: ['auditor', 'platform-admin', 'catalogue-admin'] }] as const;

/** The `library/` domain's rows of the route-permission table. */
export const libraryPermissions = {
  'GET /api/v1/licences': { allow: READERS, summary: 'Find licences by holder, type or issuer (use cause required)' },
  'GET /api/v1/licences/:identifier': {
    allow: READERS,
    summary: 'Read a licence with its status and versions (use cause required)',
  },
  'GET /api/v1/licences/:identifier/history': {
    allow: READERS,
    summary: 'The versions and status history of a licence (use cause required)',
  },
  'GET /api/v1/statistics/licences': {
    allow: STATISTICS_READERS,
    summary: 'Licences by type, issuing department, status and origin (counts only)',
  },
} as const satisfies PermissionTable;
