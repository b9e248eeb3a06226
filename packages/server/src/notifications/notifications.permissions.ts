import type { PermissionTable } from '../auth/route-permission.js';

const RELYING_PARTY = { kind: 'client', scopes: ['licence:read'] } as const;

/** The `notifications/` domain's rows of the route-permission table. */
export const notificationPermissions = {
  'POST /api/v1/subscriptions': { allow: [RELYING_PARTY], summary: 'Subscribe a webhook to licence changes' },
  'GET /api/v1/subscriptions/:id/deliveries': { allow: [RELYING_PARTY], summary: 'The delivery log of a subscription' },
} as const satisfies PermissionTable;
