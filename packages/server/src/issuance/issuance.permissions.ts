import type { PermissionTable } from '../auth/route-permission.js';

const ISSUER = { kind: 'client', scopes: ['licence:issue'] } as const;
/** A department's operator issues at the counter or in the agency console (web), for their own department only. */
const OPERATOR = { kind: 'staff', roles: ['department-operator'] } as const;

/** The `issuance/` domain's rows of the route-permission table (the issuer check is `assertMayActFor`). */
export const issuancePermissions = {
  'POST /api/v1/licences': {
    allow: [ISSUER, OPERATOR],
    summary: 'Issue one licence (sign, store, allocate its status entry)',
  },
  'POST /api/v1/licences/batch': { allow: [ISSUER], summary: 'Issue up to 1,000 licences, each all-or-nothing' },
  'POST /api/v1/licences/aggregate': {
    allow: [ISSUER],
    summary: 'Aggregate a licence a department signed itself (归集)',
  },
} as const satisfies PermissionTable;
