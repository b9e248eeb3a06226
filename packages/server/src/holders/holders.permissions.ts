import type { PermissionTable } from '../auth/route-permission.js';

const HOLDER = { kind: 'holder' } as const;

/**
 * The `holders/` domain's rows of the route-permission table. Sign-in is open (the caller
 * proves who they are inside the request); everything after it is the signed-in holder's
 * own, and nobody else's: not a client's, not staff's.
 */
export const holderPermissions = {
  'POST /api/v1/holder/sign-in/start': {
    allow: [{ kind: 'anonymous' }],
    summary: 'Start a holder sign-in with the development provider: a one-time code goes to the dev mailbox',
  },
  'POST /api/v1/holder/sign-in/verify': {
    allow: [{ kind: 'anonymous' }],
    summary: 'Finish a holder sign-in with the one-time code: sets the holder session cookie',
  },
  'GET /api/v1/holder/sign-in/providers': {
    allow: [{ kind: 'anonymous' }],
    summary: 'Which holder sign-in providers this node offers',
  },
  'GET /api/v1/holder/sign-in/oidc': {
    allow: [{ kind: 'anonymous' }],
    summary: 'Start a holder sign-in with the OpenID provider (302 to its authorization endpoint)',
  },
  'GET /api/v1/holder/sign-in/oidc/callback': {
    allow: [{ kind: 'anonymous' }],
    summary: 'The OpenID provider’s redirect back: checks the ID token, sets the holder session cookie',
  },
  // The mailbox answers only on a node with the development provider (serve --demo), where
  // it stands in for the holder's phone; elsewhere it is 404 for everyone.
  'GET /api/v1/dev/mailbox': {
    allow: [{ kind: 'anonymous' }],
    summary: 'The development provider’s mailbox (demo nodes only)',
  },
  'GET /api/v1/holder/me': { allow: [HOLDER], summary: 'The signed-in holder' },
  'DELETE /api/v1/holder/session': { allow: [HOLDER], summary: 'Holder sign-out' },
  'PUT /api/v1/holder/acting-for': {
    allow: [HOLDER],
    summary: 'Act for an organisation whose legal representative the signed-in person is',
  },
  'DELETE /api/v1/holder/acting-for': { allow: [HOLDER], summary: 'Stop acting for an organisation' },
  'GET /api/v1/me/licences': {
    allow: [HOLDER],
    summary: 'The signed-in holder’s licences (every type and issuer on this node), grouped by category and type',
  },
  'GET /api/v1/me/licences/:identifier': {
    allow: [HOLDER],
    summary: 'One of the holder’s licences: face, status, encumbrances, versions, status history, log receipt',
  },
  'GET /api/v1/me/licences/:identifier/licence.json': {
    allow: [HOLDER],
    summary: 'One of the holder’s licences as its native signed JSON (hutong-licence/1)',
  },
} as const satisfies PermissionTable;
