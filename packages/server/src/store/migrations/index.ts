import type { Migration } from 'kysely';
import * as m0001 from './0001-meta.js';
import * as m0002 from './0002-organisations-keys-catalogue.js';
import * as m0003 from './0003-licences-status.js';
import * as m0004 from './0004-auth.js';
import * as m0005 from './0005-audit.js';
import * as m0006 from './0006-log.js';
import * as m0007 from './0007-import.js';
import * as m0008 from './0008-showing.js';
import * as m0009 from './0009-holders.js';
import * as m0010 from './0010-grants.js';
import * as m0011 from './0011-matters.js';
import * as m0012 from './0012-venues-inspections.js';
import * as m0013 from './0013-expiry-sweep.js';
import * as m0014 from './0014-import-uploads.js';
import * as m0016 from './0016-log-entry-keys.js';
import * as m0017 from './0017-packed-json.js';
import * as m0018 from './0018-slimmer-keys.js';
import * as m0019 from './0019-audit-hash.js';
import * as m0020 from './0020-auth-generation.js';
import * as m0021 from './0021-webhook-secret-sealing.js';
import * as m0022 from './0022-trust-list-generation.js';
import * as m0023 from './0023-import-file-expiry.js';
import * as m0024 from './0024-derived-keys.js';
import * as m0025 from './0025-log-entry-columns.js';
import * as m0027 from './0027-licence-document-digest.js';
import * as m0029 from './0029-import-upload-runner.js';
import * as m0030 from './0030-audit-licences.js';

/**
 * Every migration, in order. Names are `NNNN-what`; the number is the schema version the
 * migration brings the store to. Migrations only go forward: a node's data (issued
 * licences, the log) is never rolled back by dropping tables, so there is no `down`.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-meta': m0001,
  '0002-organisations-keys-catalogue': m0002,
  '0003-licences-status': m0003,
  '0004-auth': m0004,
  '0005-audit': m0005,
  '0006-log': m0006,
  '0007-import': m0007,
  '0008-showing': m0008,
  '0009-holders': m0009,
  '0010-grants': m0010,
  '0011-matters': m0011,
  '0012-venues-inspections': m0012,
  '0013-expiry-sweep': m0013,
  '0014-import-uploads': m0014,
  '0016-log-entry-keys': m0016,
  '0017-packed-json': m0017,
  '0018-slimmer-keys': m0018,
  '0019-audit-hash': m0019,
  '0020-auth-generation': m0020,
  '0021-webhook-secret-sealing': m0021,
  '0022-trust-list-generation': m0022,
  '0023-import-file-expiry': m0023,
  '0024-derived-keys': m0024,
  '0025-log-entry-columns': m0025,
  '0027-licence-document-digest': m0027,
  '0029-import-upload-runner': m0029,
  '0030-audit-licences': m0030,
};
