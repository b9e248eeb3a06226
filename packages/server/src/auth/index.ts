// Public surface of `auth/`: principals, the route-permission table, the auth plugin and routes.
export { assertMayActFor } from './assert-may-act-for.js';
export { registerAuthRoutes } from './auth.routes.js';
export { type AuthOptions, nodeAudience, type ResolvedAuth, registerAuth } from './auth-plugin.js';
export { CLIENT_ASSERTION_TYPE, JWS_ALGORITHMS } from './client-assertion.js';
export type { ClientPublicKey, ClientView } from './client-view.js';
export { disableClient, getClient, listClients, replaceClientSecret } from './manage-clients.js';
export {
  ANONYMOUS,
  actorOf,
  CLIENT_KINDS,
  type ClientKind,
  type ClientPrincipal,
  type Principal,
  SCOPES,
  type Scope,
  STAFF_ROLES,
  type StaffPrincipal,
  type StaffRole,
} from './principal.js';
export { type ClientRegistration, type RegisteredClient, registerClient } from './register-client.js';
export { requestAccessToken, type TokenResponse } from './request-access-token.js';
export type { AllowRule, PermissionTable, RouteKey, RoutePermission } from './route-permission.js';
export { ROUTE_PERMISSIONS } from './route-permissions.js';
export { type CreatedStaffUser, createStaffUser, type NewStaffUser, type StaffUserView } from './staff-users.js';
export { totpCode } from './totp.js';
