import type { PermissionTable } from '../auth/route-permission.js';

/**
 * The `showing/` domain's rows of the route-permission table. Online verification is for
 * API clients with the `verify` scope (venues, inspectors, gates): every verification is an
 * access to licence data (current status, encumbrances) recorded with the caller's identity
 * and use cause, which an anonymous caller cannot give. Anyone else verifies offline with
 * the public trust list (packages/server/src/showing/README.md).
 */
export const showingPermissions = {
  'POST /api/v1/verify': {
    allow: [{ kind: 'client', scopes: ['verify'] }],
    summary: 'Verify a show code or a licence online: offline checks, current status, encumbrances, replay',
  },
} as const satisfies PermissionTable;
