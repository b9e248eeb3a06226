import type { PermissionTable } from '../auth/route-permission.js';

const PLATFORM_ADMIN = { kind: 'staff', roles: ['platform-admin'] } as const;

/**
 * The `organisations/` domain's rows of the route-permission table. Departments and relying
 * parties (names, USCCs, levels, area codes) are public registry facts: anyone may read them.
 */
export const organisationPermissions = {
  'GET /api/v1/organisations': { allow: [{ kind: 'anonymous' }], summary: 'List departments and relying parties' },
  'POST /api/v1/organisations': { allow: [PLATFORM_ADMIN], summary: 'Register a department or relying party' },
  'GET /api/v1/organisations/:uscc': { allow: [{ kind: 'anonymous' }], summary: 'Read an organisation' },
} as const satisfies PermissionTable;
