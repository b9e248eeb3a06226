import type { PermissionTable } from '../auth/route-permission.js';

const PUBLIC = [{ kind: 'anonymous' }] as const;
const PLATFORM_ADMIN = [{ kind: 'staff', roles: ['platform-admin'] }] as const;

/**
 * The `log/` domain's rows of the route-permission table. The log is public: anyone may
 * read its checkpoint, tiles, proofs and receipts (they hold no personal data in clear),
 * and any log may submit a checkpoint to the witness endpoint — the checkpoint's signature
 * by a witnessed log's key is what admits it (C2SP tlog-witness). Configuring witnessing
 * is for platform administrators.
 */
export const logPermissions = {
  'GET /log/checkpoint': {
    allow: PUBLIC,
    summary: 'The latest checkpoint (C2SP tlog-checkpoint signed note, with cosignatures)',
  },
  'GET /log/key': { allow: PUBLIC, summary: 'The log’s note verifier key (C2SP vkey)' },
  'GET /log/info': { allow: PUBLIC, summary: 'The log’s origin, keys and maximum merge delay' },
  'GET /log/tile': { allow: PUBLIC, summary: 'Not a tile: answers with the tile path format' },
  'GET /log/tile/*': { allow: PUBLIC, summary: 'Hash tiles and entry bundles (C2SP tlog-tiles)' },
  'POST /log/witness/add-checkpoint': {
    allow: PUBLIC,
    summary: 'Cosign a checkpoint of a witnessed log (C2SP tlog-witness)',
  },
  'GET /api/v1/log/proof/inclusion': {
    allow: PUBLIC,
    summary: 'Inclusion proof of an entry, by index or by licence identifier and version',
  },
  'GET /api/v1/log/proof/consistency': { allow: PUBLIC, summary: 'Consistency proof between two tree sizes' },
  'GET /api/v1/log/receipts/:identifier': { allow: PUBLIC, summary: 'Log receipts of every version of a licence' },
  'GET /api/v1/log/witness/refusals': {
    allow: PUBLIC,
    summary: 'Checkpoints this node refused to cosign as a witness (fork evidence)',
  },
  'GET /api/v1/log/witnessed-logs': { allow: PLATFORM_ADMIN, summary: 'Logs this node witnesses' },
  'POST /api/v1/log/witnessed-logs': { allow: PLATFORM_ADMIN, summary: 'Start witnessing a log' },
  'GET /api/v1/log/witnesses': { allow: PLATFORM_ADMIN, summary: 'Witnesses asked to cosign this node’s checkpoints' },
  'POST /api/v1/log/witnesses': { allow: PLATFORM_ADMIN, summary: 'Add a witness for this node’s checkpoints' },
} as const satisfies PermissionTable;
