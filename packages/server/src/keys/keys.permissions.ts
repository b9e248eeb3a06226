import type { PermissionTable } from '../auth/route-permission.js';

const PLATFORM_ADMIN = { kind: 'staff', roles: ['platform-admin'] } as const;

/**
 * The `keys/` domain's rows of the route-permission table. Public keys are published to
 * everyone (verifiers need them offline); every change to an issuer's keys is a platform
 * administrator's.
 */
export const keyPermissions = {
  'GET /api/v1/issuers/:uscc/keys': {
    allow: [{ kind: 'anonymous' }],
    summary: "An issuer's public keys, every status",
  },
  'POST /api/v1/issuers/:uscc/keys': {
    allow: [PLATFORM_ADMIN],
    summary: 'Generate a signing key on the node, or register an external public key',
  },
  'POST /api/v1/issuers/:uscc/keys/rotate': {
    allow: [PLATFORM_ADMIN],
    summary: "Rotate an issuer's node-held key (the old one retired, still verifying)",
  },
  'POST /api/v1/issuers/:uscc/keys/:keyId/retire': { allow: [PLATFORM_ADMIN], summary: 'Retire a key' },
  'POST /api/v1/issuers/:uscc/keys/:keyId/revoke': { allow: [PLATFORM_ADMIN], summary: 'Revoke a compromised key' },
} as const satisfies PermissionTable;
