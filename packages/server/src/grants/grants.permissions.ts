import type { PermissionTable } from '../auth/route-permission.js';

const HOLDER = [{ kind: 'holder' }] as const;

/**
 * The `grants/` domain's rows of the route-permission table. A holder manages only their own
 * grants and sees only their own usage records (the use cases look rows up by the signed-in
 * holder's keyed index, so another holder's grant answers as a missing one). Fetching is for
 * relying-party clients with `licence:read`; the use case checks the client's kind and that
 * the grant was given to it. Clearances are set by platform administrators.
 */
export const grantPermissions = {
  'POST /api/v1/me/grants': { allow: HOLDER, summary: 'Grant a relying party the use of licences (用证授权)' },
  'GET /api/v1/me/grants': { allow: HOLDER, summary: 'My grants, newest first' },
  'GET /api/v1/me/grants/:id': { allow: HOLDER, summary: 'One of my grants' },
  'POST /api/v1/me/grants/:id/revoke': { allow: HOLDER, summary: 'Revoke one of my grants at once (idempotent)' },
  'GET /api/v1/me/grants/:id/receipt.json': {
    allow: HOLDER,
    summary: 'The signed consent receipt of one of my grants (verify with `hutong verify`)',
  },
  'GET /api/v1/relying-parties': {
    allow: HOLDER,
    summary: 'The relying parties a holder may grant to (active relying-party clients)',
  },
  'GET /api/v1/counter/grants': {
    allow: [{ kind: 'staff', roles: ['counter-clerk'] }],
    summary:
      'The live grants given to the relying-party clients of the counter clerk’s organisation (holder codes masked), to pick one for 窗口预填',
  },
  'GET /api/v1/me/usage-records': { allow: HOLDER, summary: 'Who used my licences, when and why (用证记录)' },
  'POST /api/v1/fetch': {
    allow: [{ kind: 'client', scopes: ['licence:read'] }],
    summary:
      'Fetch a holder’s licences with a grant or a presented show code (use cause required; masked by clearance)',
  },
  'GET /api/v1/fetch/:usageRecordId/annotated-copy.pdf': {
    allow: [{ kind: 'client', scopes: ['licence:read'] }],
    summary:
      'The annotated copy (加注件) of a licence fetched with a grant: use cause, relying party and expiry printed and signed',
  },
  'GET /api/v1/clients/:clientId/clearance': {
    allow: [{ kind: 'staff', roles: ['platform-admin'] }],
    summary: 'A relying-party client’s clearance (highest sensitivity grade seen unmasked)',
  },
  'PUT /api/v1/clients/:clientId/clearance': {
    allow: [{ kind: 'staff', roles: ['platform-admin'] }],
    summary: 'Set a relying-party client’s clearance',
  },
} as const satisfies PermissionTable;
