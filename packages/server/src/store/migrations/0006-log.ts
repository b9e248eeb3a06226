// Frozen in time: never edit a migration that has shipped; add the next one instead.
import { type Kysely, PostgresAdapter } from 'kysely';

/**
 * The transparency log (issue 4): sequenced entries and their private salts, the tree's
 * complete subtree hashes packed per C2SP tile, the sequencing counter, the integration
 * state with the published checkpoint, the log's sealed note keys, and the witness tables
 * (logs this node witnesses, witnesses of this node's log, refusals).
 *
 * Binary columns are `bytea` on PostgreSQL and `blob` on SQLite; counters and indexes are
 * `bigint` (a log outlives 2^31 entries).
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';

  await db.schema
    .createTable('log_entries')
    .addColumn('idx', 'bigint', (c) => c.primaryKey())
    // RFC 9162 §2.1.1: SHA-256(0x00 ‖ entry).
    .addColumn('leaf_hash', binary, (c) => c.notNull())
    // The public entry: RFC 8785 canonical JSON without personal data in clear.
    .addColumn('entry', binary, (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    // For receipts by licence series and version (both public in the entry).
    .addColumn('series', 'text')
    .addColumn('version', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('log_entries_target').on('log_entries').columns(['target', 'idx']).execute();
  await db.schema.createIndex('log_entries_series').on('log_entries').columns(['series', 'version', 'idx']).execute();

  // Private: the random salt behind each entry's commitments (never served).
  await db.schema
    .createTable('log_entry_salts')
    .addColumn('idx', 'bigint', (c) => c.primaryKey())
    .addColumn('salt', binary, (c) => c.notNull())
    .execute();

  // One row per C2SP tile: the hashes of tree levels 8L … 8L+7 under tile (L, N).
  await db.schema
    .createTable('log_tiles')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('idx', 'bigint', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('nodes', binary, (c) => c.notNull())
    .addPrimaryKeyConstraint('log_tiles_pk', ['level', 'idx'])
    .execute();

  // The gap-free index counter: every sequencing transaction updates (and so locks) row 1.
  await db.schema
    .createTable('log_sequence')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('next_index', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('log_sequence').values({ id: 1, next_index: 0 }).execute();

  await db.schema
    .createTable('log_integration')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    // Integrated tree size and its compact range (CompactRange JSON).
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('compact_range', 'text', (c) => c.notNull())
    // CheckpointSigner state, written before anything is signed for it.
    .addColumn('signed_size', 'bigint')
    .addColumn('signed_root', 'text')
    // The published checkpoint (signed note with cosignatures) and its size.
    .addColumn('checkpoint_size', 'bigint')
    .addColumn('checkpoint', 'text')
    .addColumn('checkpoint_at', 'text')
    // Which process integrates (several server processes may share one PostgreSQL).
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'bigint')
    .execute();
  await db.insertInto('log_integration').values({ id: 1, size: 0, compact_range: '{"size":0,"hashes":[]}' }).execute();

  // The node's note keys: `checkpoint` (Ed25519), `sm2` (optional SM2 line), `witness`
  // (cosignature/v1). Private keys sealed under the master key (`key-encryption`).
  await db.schema
    .createTable('log_keys')
    .addColumn('purpose', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('vkey', 'text', (c) => c.notNull())
    .addColumn('sealed_private_key', 'text', (c) => c.notNull())
    .addColumn('master_key_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  // Logs this node witnesses (C2SP tlog-witness) and the latest tree head it cosigned.
  await db.schema
    .createTable('witnessed_logs')
    .addColumn('origin', 'text', (c) => c.primaryKey())
    .addColumn('vkey', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('root_hash', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Add-checkpoint requests this node refused as a witness: kept as evidence.
  await db.schema
    .createTable('witness_refusals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('old_size', 'bigint', (c) => c.notNull())
    .addColumn('checkpoint_size', 'bigint')
    .addColumn('cosigned_size', 'bigint', (c) => c.notNull())
    .addColumn('cosigned_root', 'text', (c) => c.notNull())
    .addColumn('request', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('witness_refusals_at').on('witness_refusals').columns(['at', 'id']).execute();

  // Witnesses this node asks to cosign its own checkpoints, and the size each last cosigned.
  await db.schema
    .createTable('log_witnesses')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('vkey', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}
