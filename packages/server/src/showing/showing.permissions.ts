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
  // The verification page of printed QR codes and show codes (/v/<code>) is for anyone who
  // holds the code: it answers only what the code discloses plus whether the licence is valid
  // now, for a genuine and current code (verify-publicly.ts), under its own per-address limit.
  'POST /api/v1/verify/public': {
    allow: [{ kind: 'anonymous' }],
    summary: 'Check a show or print code for the public verification page: offline checks and the current status only',
  },
  'POST /api/v1/show-codes': {
    allow: [{ kind: 'holder' }],
    summary: 'A show code (亮证码) of one of the signed-in holder’s licences, with the fields they choose',
  },
} as const satisfies PermissionTable;
