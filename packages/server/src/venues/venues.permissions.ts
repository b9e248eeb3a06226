import type { PermissionTable } from '../auth/route-permission.js';

/**
 * The `venues/` domain's rows of the route-permission table. Clients with the `verify` scope;
 * the use cases admit only clients registered as venues (`kind: 'venue'`). A venue sees only
 * verification and its own register.
 */
const VERIFIERS = [{ kind: 'client', scopes: ['verify'] }] as const;

export const venuePermissions = {
  'POST /api/v1/venue/entries': {
    allow: VERIFIERS,
    summary: 'Entry registration (亮证登记): verify a presented show code online and record the entry once',
  },
  'GET /api/v1/venue/entries': { allow: VERIFIERS, summary: "The venue's register of one day (its own entries)" },
  'GET /api/v1/venue/entries.csv': {
    allow: VERIFIERS,
    summary: "The venue's register of one day as CSV (ID numbers masked)",
  },
} as const satisfies PermissionTable;
