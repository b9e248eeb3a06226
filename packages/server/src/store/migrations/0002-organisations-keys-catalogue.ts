// Frozen in time: never edit a migration that has shipped; add the next one instead.
import { type Kysely, sql } from 'kysely';

/**
 * Organisations (departments and relying parties), issuers' signing keys, and the catalogue:
 * licence types with their versions, the responsibility list and the scenario list.
 * Portable SQL only (server-conventions.md §Store): timestamps RFC 3339 `text`, dates
 * `yyyyMMdd` `text`, JSON `text`, counters `bigint`.
 */
// biome-ignore lint/suspicious/noExplicitAny: a migration must not depend on today's `Database` type (the kysely model).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organisations')
    // GB 32100 unified social credit code.
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    // 'department' | 'relying-party'
    .addColumn('kind', 'text', (c) => c.notNull())
    // GB/T 36902 level: national | provincial | prefecture | county | other
    .addColumn('level', 'text', (c) => c.notNull())
    // GB/T 2260
    .addColumn('area_code', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('organisations_kind').on('organisations').columns(['kind', 'code']).execute();

  await db.schema
    .createTable('issuer_keys')
    // RFC 7638 thumbprint of the public key: one public key belongs to one issuer only.
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('issuer_code', 'text', (c) => c.notNull().references('organisations.code'))
    .addColumn('suite', 'text', (c) => c.notNull())
    // 'node' (generated here, private key sealed below) | 'external' (signed in the department's own system)
    .addColumn('custody', 'text', (c) => c.notNull())
    .addColumn('public_key_pem', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    // AES-256-GCM under the master key's key-encryption key; null for external keys.
    .addColumn('sealed_private_key', 'text')
    // The master key the private key is sealed under (also inside the sealed text), to find what a rotation left behind.
    .addColumn('master_key_id', 'text')
    // 'active' | 'retired' | 'revoked'
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_until', 'text')
    .addColumn('revoked_at', 'text')
    .addColumn('revocation_reason', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('issuer_keys_issuer').on('issuer_keys').columns(['issuer_code', 'status']).execute();
  // At most one active node-held key per issuer and suite: "the issuer's active key" is never
  // ambiguous, even when two rotations race. Partial unique indexes: SQLite ≥ 3.8 and PostgreSQL.
  await db.schema
    .createIndex('issuer_keys_one_active')
    .unique()
    .on('issuer_keys')
    .columns(['issuer_code', 'suite'])
    .where(sql<boolean>`status = 'active' and custody = 'node'`)
    .execute();

  await db.schema
    .createTable('licence_types')
    .addColumn('type_code', 'text', (c) => c.primaryKey())
    // 'draft' (never published) | 'published' | 'retired'
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('latest_version', 'integer', (c) => c.notNull())
    .addColumn('published_version', 'integer')
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('retired_at', 'text')
    .execute();
  await db.schema.createIndex('licence_types_status').on('licence_types').columns(['status', 'type_code']).execute();

  await db.schema
    .createTable('licence_type_versions')
    .addColumn('type_code', 'text', (c) => c.notNull().references('licence_types.type_code'))
    .addColumn('version', 'integer', (c) => c.notNull())
    // 'draft' | 'published' | 'retired' (superseded by a later version, or the type retired)
    .addColumn('status', 'text', (c) => c.notNull())
    // JSON of the core LicenceType document.
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_at', 'text')
    .addColumn('retired_at', 'text')
    .addPrimaryKeyConstraint('licence_type_versions_pk', ['type_code', 'version'])
    .execute();

  await db.schema
    .createTable('catalogue_responsibilities')
    .addColumn('type_code', 'text', (c) => c.notNull().references('licence_types.type_code'))
    .addColumn('department_code', 'text', (c) => c.notNull().references('organisations.code'))
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('paper_count', 'bigint')
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('catalogue_responsibilities_pk', ['type_code', 'department_code'])
    .execute();
  await db.schema
    .createIndex('catalogue_responsibilities_department')
    .on('catalogue_responsibilities')
    .columns(['department_code', 'type_code'])
    .execute();

  await db.schema
    .createTable('catalogue_scenarios')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type_code', 'text', (c) => c.notNull().references('licence_types.type_code'))
    .addColumn('matter_code', 'text')
    .addColumn('venue', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('catalogue_scenarios_type')
    .on('catalogue_scenarios')
    .columns(['type_code', 'id'])
    .execute();
}
