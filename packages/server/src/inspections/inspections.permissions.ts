import type { PermissionTable } from '../auth/route-permission.js';

/**
 * The `inspections/` domain's rows of the route-permission table. Recording: clients with the
 * `verify` scope, admitted by the use case only when registered as inspectors. Reading a
 * licence's history: the issuing department (checked in the use case), platform staff who
 * read the library, and inspectors (their agency's own inspections).
 */
export const inspectionPermissions = {
  'POST /api/v1/inspections': {
    allow: [{ kind: 'client', scopes: ['verify'] }],
    summary:
      'On-site inspection (事中事后监管): verify a show or print code online and record the result against the licence',
  },
  'GET /api/v1/licences/:identifier/inspections': {
    allow: [
      { kind: 'client', scopes: ['verify'] },
      { kind: 'client', scopes: ['licence:issue'] },
      { kind: 'client', scopes: ['licence:status'] },
      { kind: 'staff', roles: ['auditor', 'platform-admin', 'department-operator'] },
    ],
    summary: 'The inspection history of a licence (issuing department; inspectors: their own agency’s)',
  },
} as const satisfies PermissionTable;
