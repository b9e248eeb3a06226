import type { PermissionTable } from '../auth/route-permission.js';

/** Catalogue administrators: staff with the role, or a client holding `catalogue:admin`. */
export const CATALOGUE_ADMIN = [
  { kind: 'staff', roles: ['catalogue-admin'] },
  { kind: 'client', scopes: ['catalogue:admin'] },
] as const;
const PUBLIC = [{ kind: 'anonymous' }] as const;

/**
 * The `catalogue/` domain's rows of the route-permission table. The catalogue, the
 * responsibility list and the scenario list are public (drafts are shown to administrators
 * only, decided in the route); every change is an administrator's.
 */
export const cataloguePermissions = {
  'GET /api/v1/catalogue/types': { allow: PUBLIC, summary: 'List licence types (published by default)' },
  'POST /api/v1/catalogue/types': { allow: CATALOGUE_ADMIN, summary: 'Add a licence type (draft of version 1)' },
  'GET /api/v1/catalogue/types/:code': {
    allow: PUBLIC,
    summary: 'Read a licence type (the version in force, or ?version=)',
  },
  'PUT /api/v1/catalogue/types/:code': { allow: CATALOGUE_ADMIN, summary: "Save the draft of a type's next version" },
  'GET /api/v1/catalogue/types/:code/versions': { allow: PUBLIC, summary: 'Every version of a licence type' },
  'POST /api/v1/catalogue/types/:code/publish': {
    allow: CATALOGUE_ADMIN,
    summary: 'Publish the draft (the type becomes issuable)',
  },
  'POST /api/v1/catalogue/types/:code/retire': {
    allow: CATALOGUE_ADMIN,
    summary: 'Retire a type (no new issuance; issued licences stay verifiable)',
  },
  'GET /api/v1/catalogue/responsibilities': { allow: PUBLIC, summary: 'The responsibility list with progress' },
  'POST /api/v1/catalogue/responsibilities': {
    allow: CATALOGUE_ADMIN,
    summary: 'Put a department on a type’s responsibility list (or update its entry)',
  },
  'DELETE /api/v1/catalogue/responsibilities/:typeCode/:departmentCode': {
    allow: CATALOGUE_ADMIN,
    summary: 'Take a department off a type’s responsibility list',
  },
  'GET /api/v1/catalogue/scenarios': { allow: PUBLIC, summary: 'The scenario (usage) list' },
  'POST /api/v1/catalogue/scenarios': { allow: CATALOGUE_ADMIN, summary: 'Add a scenario where a type is accepted' },
  'DELETE /api/v1/catalogue/scenarios/:id': { allow: CATALOGUE_ADMIN, summary: 'Remove a scenario' },
} as const satisfies PermissionTable;
