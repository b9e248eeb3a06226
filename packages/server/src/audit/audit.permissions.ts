import type { PermissionTable } from '../auth/route-permission.js';

/** The `audit/` domain's rows of the route-permission table. */
export const auditPermissions = {
  'GET /api/v1/audit': {
    allow: [
      { kind: 'staff', roles: ['auditor'] },
      { kind: 'client', scopes: ['audit:read'] },
    ],
    summary: 'Read the audit trail',
  },
} as const satisfies PermissionTable;
