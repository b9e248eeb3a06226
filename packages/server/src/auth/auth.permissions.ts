import type { PermissionTable } from './route-permission.js';

const ALL_STAFF = {
  kind: 'staff',
  roles: ['catalogue-admin', 'department-operator', 'auditor', 'platform-admin', 'counter-clerk'],
} as const;
const PLATFORM_ADMIN = { kind: 'staff', roles: ['platform-admin'] } as const;

/** The `auth/` domain's rows of the route-permission table. */
export const authPermissions = {
  // The client authenticates inside the request (RFC 6749 §2.3), so the route itself is open.
  'POST /api/v1/oauth/token': {
    allow: [{ kind: 'anonymous' }],
    summary: 'Obtain an access token (OAuth 2 client credentials)',
  },
  'POST /api/v1/oauth/revoke': { allow: [{ kind: 'anonymous' }], summary: 'Revoke an access token (RFC 7009)' },
  // Any client, whatever its scopes (a rule with no scopes admits every client): a device
  // (venue, inspector, kiosk) signs out by revoking the token it signs in with.
  'DELETE /api/v1/oauth/token': {
    allow: [{ kind: 'client', scopes: [] }],
    summary: 'Sign a device out: revoke the access token this request carries',
  },
  'POST /api/v1/clients': { allow: [PLATFORM_ADMIN], summary: 'Register an API client' },
  'GET /api/v1/clients': { allow: [PLATFORM_ADMIN], summary: 'List registered API clients' },
  'GET /api/v1/clients/:clientId': { allow: [PLATFORM_ADMIN], summary: 'Read a registered API client' },
  'POST /api/v1/clients/:clientId/disable': {
    allow: [PLATFORM_ADMIN],
    summary: 'Disable an API client and revoke its tokens',
  },
  'POST /api/v1/clients/:clientId/secret': { allow: [PLATFORM_ADMIN], summary: 'Replace an API client’s secret' },
  'POST /api/v1/staff': { allow: [PLATFORM_ADMIN], summary: 'Create a staff user' },
  'GET /api/v1/staff': { allow: [PLATFORM_ADMIN], summary: 'List staff users' },
  'POST /api/v1/session': { allow: [{ kind: 'anonymous' }], summary: 'Sign in (password and one-time code)' },
  'GET /api/v1/session': { allow: [ALL_STAFF], summary: 'The signed-in staff user' },
  'DELETE /api/v1/session': { allow: [ALL_STAFF], summary: 'Sign out' },
} as const satisfies PermissionTable;
