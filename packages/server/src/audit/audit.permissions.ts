import type { PermissionTable } from '../auth/route-permission.js';
import { STATISTICS_READERS } from '../library/library.permissions.js';

/** The `audit/` domain's rows of the route-permission table. */
export const auditPermissions = {
  'GET /api/v1/audit': {
    allow: [
      { kind: 'staff', roles: ['auditor'] },
      { kind: 'client', scopes: ['audit:read'] },
    ],
    summary: 'Read the audit trail',
  },
  'GET /api/v1/statistics/activity': {
    allow: STATISTICS_READERS,
    summary: 'Issuance, status changes, verifications and reads per day (counts from the audit trail)',
  },
} as const satisfies PermissionTable;
