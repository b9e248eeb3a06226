import type { PermissionTable } from '../auth/route-permission.js';

/** The `status/` domain's rows of the route-permission table. */
export const statusPermissions = {
  'POST /api/v1/licences/:identifier/events': {
    // The issuer's own client or operator: `assertMayActFor` checks the organisation.
    allow: [
      { kind: 'client', scopes: ['licence:status'] },
      { kind: 'staff', roles: ['department-operator'] },
    ],
    summary: 'Record a lifecycle event (inspection, extension, change, suspension, revocation …)',
  },
  // Status lists are public by design: a verifier checks a licence offline with them.
  'GET /api/v1/status-lists/:issuerUscc/:listId': {
    allow: [{ kind: 'anonymous' }],
    summary: 'An issuer’s signed status list (IETF Token Status List)',
  },
} as const satisfies PermissionTable;
