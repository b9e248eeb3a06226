/**
 * THE route-permission table: the single source of truth for who may call which route
 * (server-conventions.md). Each domain keeps its rows in `<domain>.permissions.ts`; add yours
 * to the list below. A route missing here is refused for everyone, and the generated matrix
 * test (`route-permissions.test.ts`) fails.
 */
import { openApiPermissions } from '../api/openapi.permissions.js';
import { auditPermissions } from '../audit/audit.permissions.js';
import { cataloguePermissions } from '../catalogue/catalogue.permissions.js';
import { grantPermissions } from '../grants/grants.permissions.js';
import { holderPermissions } from '../holders/holders.permissions.js';
import { importPermissions } from '../import/import.permissions.js';
import { inspectionPermissions } from '../inspections/inspections.permissions.js';
import { issuancePermissions } from '../issuance/issuance.permissions.js';
import { keyPermissions } from '../keys/keys.permissions.js';
import { libraryPermissions } from '../library/library.permissions.js';
import { logPermissions } from '../log/log.permissions.js';
import { matterPermissions } from '../matters/matters.permissions.js';
import { notificationPermissions } from '../notifications/notifications.permissions.js';
import { organisationPermissions } from '../organisations/organisations.permissions.js';
import { printingPermissions } from '../printing/printing.permissions.js';
import { showingPermissions } from '../showing/showing.permissions.js';
import { statusPermissions } from '../status/status.permissions.js';
import { trustPermissions } from '../trust/trust.permissions.js';
import { venuePermissions } from '../venues/venues.permissions.js';
import { authPermissions } from './auth.permissions.js';
import { mergePermissions, type PermissionTable } from './route-permission.js';

/** Routes of `api/` itself (health, the web shell) — not a domain of their own. */
const platformPermissions = {
  'GET /api/health': { allow: [{ kind: 'anonymous' }], summary: 'The node and its store answer' },
  // @fastify/static's catch-all for the built web shell (public files only; the API is never served from disk).
  'GET /': { allow: [{ kind: 'anonymous' }], summary: 'The web interface' },
  'GET /*': { allow: [{ kind: 'anonymous' }], summary: 'The web interface' },
  // The verification page of printed QR codes and show codes: the web shell, whatever the code's characters.
  'GET /v/*': {
    allow: [{ kind: 'anonymous' }],
    summary: 'The verification page of a print code or show code (web shell)',
  },
} as const satisfies PermissionTable;

export const ROUTE_PERMISSIONS: PermissionTable = mergePermissions(
  platformPermissions,
  openApiPermissions,
  authPermissions,
  auditPermissions,
  organisationPermissions,
  keyPermissions,
  cataloguePermissions,
  issuancePermissions,
  importPermissions,
  libraryPermissions,
  statusPermissions,
  notificationPermissions,
  logPermissions,
  trustPermissions,
  printingPermissions,
  venuePermissions,
  inspectionPermissions,
  showingPermissions,
  grantPermissions,
  holderPermissions,
  matterPermissions,
);
