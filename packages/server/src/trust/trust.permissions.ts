import type { PermissionTable } from '../auth/route-permission.js';

const PUBLIC = [{ kind: 'anonymous' }] as const;

/**
 * The `trust/` domain's rows of the route-permission table. The trust list and its anchor are
 * public: they carry public keys and organisation names only, and every offline verifier
 * (a venue's phone, a gate) needs them without credentials.
 */
export const trustPermissions = {
  'GET /api/v1/trust-list': {
    allow: PUBLIC,
    summary: 'The node’s signed trust list (hutong-trust-list/1): issuers, keys, types, showing and log keys',
  },
  'GET /api/v1/trust-list/anchor': {
    allow: PUBLIC,
    summary: 'The node’s trust anchor (the public key that signs its trust lists), to pin out of band',
  },
} as const satisfies PermissionTable;
