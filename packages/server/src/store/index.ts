// Public surface of `store/`.
export type { Database, MetaTable } from './database.js';
export { ensureNodeId, META_KEYS, type MetaKey, readMeta, writeMeta } from './meta.js';
export { MIGRATION_LOCK_TABLE, MIGRATION_TABLE, migrateToLatest, SCHEMA_VERSION } from './migrate.js';
export { type PackedJsonKind, packJson, unpackJson, unpackJsonText } from './packed-json.js';
export { openStore, SQLITE_FILE_NAME, type Store, type StoreLocation, storeLocation } from './store.js';
export { STORE_DIALECTS, type StoreDialectName } from './store-dialect.js';
