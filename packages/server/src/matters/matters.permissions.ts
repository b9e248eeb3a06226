import type { PermissionTable } from '../auth/route-permission.js';
import { CATALOGUE_ADMIN } from '../catalogue/catalogue.permissions.js';

const PUBLIC = [{ kind: 'anonymous' }] as const;
/** Relying parties that fetch licences (an agency's service system). */
const RELYING_PARTY = [{ kind: 'client', scopes: ['licence:read'] }] as const;
/** Registered self-service kiosks (client kind `kiosk`, scope `kiosk`). */
/**
 * A relying party's service system, or a clerk at its counter acting through it with a grant
 * the holder gave that system (docs/design/counter-prefill.md; checked in `actForRelyingParty`).
 */
const PREFILLERS = [...RELYING_PARTY, { kind: 'staff', roles: ['counter-clerk'] }] as const;
const KIOSK = [{ kind: 'client', scopes: ['kiosk'] }] as const;

/**
 * The `matters/` domain's rows of the route-permission table. The catalogue of matters and
 * its figures are public (an applicant reads what to bring; the figures are the programme's
 * published targets); changes are catalogue administrators'. Prefill is for relying parties
 * holding `licence:read`, with what a holder presented, and for counter clerks with a grant; kiosk sessions for kiosks, each
 * seeing only its own.
 */
export const matterPermissions = {
  'GET /api/v1/matters': { allow: PUBLIC, summary: 'List service matters (政务服务事项)' },
  'POST /api/v1/matters': { allow: CATALOGUE_ADMIN, summary: 'Add a service matter (version 1)' },
  'GET /api/v1/matters/figures': {
    allow: PUBLIC,
    summary: 'No-submit / no-fill figures, overall and per department, against the programme targets',
  },
  'GET /api/v1/matters/:code': { allow: PUBLIC, summary: 'Read a service matter (its version in force)' },
  'PUT /api/v1/matters/:code': { allow: CATALOGUE_ADMIN, summary: 'Write the next version of a service matter' },
  'POST /api/v1/matters/:code/prefill': {
    allow: PREFILLERS,
    summary:
      'Prefill the form of a matter with a grant or the show codes a holder presented (usage recorded); a counter clerk with a grant given to their organisation',
  },
  'POST /api/v1/kiosk/sessions': { allow: KIOSK, summary: 'Start a self-service session for a matter' },
  'GET /api/v1/kiosk/sessions/:id': { allow: KIOSK, summary: 'Read a self-service session (own sessions only)' },
  'POST /api/v1/kiosk/sessions/:id/identify': {
    allow: KIOSK,
    summary: 'The holder identifies with a show code (verified online, admits once)',
  },
  'POST /api/v1/kiosk/sessions/:id/consent': {
    allow: KIOSK,
    summary: 'The holder consents to the use of the licences offered; the form is prefilled',
  },
  'POST /api/v1/kiosk/sessions/:id/submit': {
    allow: KIOSK,
    summary: 'Submit the completed form; a result licence is issued back to the holder at once',
  },
} as const satisfies PermissionTable;
