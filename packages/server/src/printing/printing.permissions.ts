import type { PermissionTable } from '../auth/route-permission.js';

/**
 * The `printing/` domain's rows of the route-permission table. Printing is a read of the
 * library: the same readers as `GET /api/v1/licences/:identifier` (the reach — the issuing
 * department's own licences, a relying party's types — is checked in the use case); a holder
 * prints their own licences only.
 */
const READERS = [
  { kind: 'client', scopes: ['licence:read'] },
  { kind: 'client', scopes: ['licence:issue'] },
  { kind: 'client', scopes: ['licence:status'] },
  { kind: 'staff', roles: ['auditor', 'platform-admin', 'department-operator'] },
] as const;

export const printingPermissions = {
  'GET /api/v1/licences/:identifier/licence.pdf': {
    allow: READERS,
    summary: 'The printable licence (PDF with a verifiable QR print code; use cause required from clients)',
  },
  'GET /api/v1/me/licences/:identifier/licence.pdf': {
    allow: [{ kind: 'holder' }],
    summary: "The holder's own licence as a printable PDF with a verifiable QR print code",
  },
} as const satisfies PermissionTable;
