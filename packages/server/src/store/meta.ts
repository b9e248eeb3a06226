import type { Kysely } from 'kysely';
import type { Database } from './database.js';

/** The keys of the `meta` table. */
export const META_KEYS = {
  /** The number of the latest migration applied (`0001-meta` → `1`). */
  schemaVersion: 'schema_version',
  /** This node's id, created at its first start and never changed. */
  nodeId: 'node_id',
  /**
   * The USCC of the organisation that runs this node (an organisation of the registry): its
   * name is the node's name in the trust list (trust/node-operator.ts). Unset: the node id.
   */
  nodeOperator: 'node_operator',
  /**
   * The mark of the store's import folder, written at the first start: every server process
   * must find `.hutong-store-<mark>` in its import folder (import/import-dir.ts).
   */
  importDirMark: 'import_dir_mark',
  /**
   * `data-dir` when the mark was made in (or later found in) the default import folder of a
   * SQLite store, `<data-dir>/imports`: that folder may have its mark written again
   * (import/import-dir.ts). Unset: the mark belongs to a folder named by HUTONG_IMPORT_DIR or
   * to a PostgreSQL store, and a missing mark refuses the start.
   */
  importDirMarkScope: 'import_dir_mark_scope',
  /**
   * The public base URL the node last served under (`hutong serve --public-url`, else
   * `HUTONG_PUBLIC_URL`), recorded at each start when it changed (trust/node-public-url.ts):
   * `hutong trust-list export` run beside the node writes the same URL in the list the node
   * serves, so that the export neither omits it nor moves the list's version.
   */
  publicUrl: 'public_url',
} as const;
export type MetaKey = (typeof META_KEYS)[keyof typeof META_KEYS];

/**
 * Reads one fact, or undefined when it was never written.
 *
 * @example await readMeta(store.db, META_KEYS.nodeId)
 */
export async function readMeta(db: Kysely<Database>, key: MetaKey): Promise<string | undefined> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/**
 * Writes one fact, replacing an earlier value.
 *
 * @example await writeMeta(store.db, META_KEYS.schemaVersion, '1')
 */
export async function writeMeta(db: Kysely<Database>, key: MetaKey, value: string): Promise<void> {
  await db
    .insertInto('meta')
    .values({ key, value })
    .onConflict((conflict) => conflict.column('key').doUpdateSet({ value }))
    .execute();
}

/**
 * Returns this node's id, creating it on the first start. Safe when several server
 * processes start at once on one PostgreSQL: the insert yields to whichever came first,
 * and everyone reads the winner.
 *
 * @example const nodeId = await ensureNodeId(store.db);
 */
export async function ensureNodeId(
  db: Kysely<Database>,
  newId: () => string = () => crypto.randomUUID(),
): Promise<string> {
  await db
    .insertInto('meta')
    .values({ key: META_KEYS.nodeId, value: newId() })
    .onConflict((conflict) => conflict.column('key').doNothing())
    .execute();
  const nodeId = await readMeta(db, META_KEYS.nodeId);
  // The row was inserted just above or already there; it is never deleted.
  if (nodeId === undefined) throw new Error('meta.node_id vanished right after it was written');
  return nodeId;
}
