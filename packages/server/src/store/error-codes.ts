import type { ErrorTable } from '@hutong/core';

/** Error codes of `store/`. Messages: English, then Chinese; `{name}` takes a param. */
export const storeErrors = {
  // Deliberately without the store's location (`params.target`): the message reaches API
  // callers, and a file path or a database host is not theirs to know. Logs and the CLI
  // add the target themselves.
  ERR_STORE_UNAVAILABLE: {
    en: 'The {dialect} store cannot be reached.',
    zh: '无法连接 {dialect} 数据存储。',
  },
  ERR_STORE_URL_INVALID: {
    en: 'The database URL must start with postgres:// or postgresql://.',
    zh: '数据库地址必须以 postgres:// 或 postgresql:// 开头。',
  },
  ERR_STORE_SCHEMA_TOO_NEW: {
    en: 'The store has schema version {found}, newer than this server knows ({known}); upgrade the server.',
    zh: '数据存储的结构版本为 {found}，高于本服务器支持的版本 {known}；请升级服务器。',
  },
  ERR_STORE_SETTING_INVALID: {
    en: 'The setting {setting} must be one of: {allowed}.',
    zh: '设置项 {setting} 的取值必须为以下之一：{allowed}。',
  },
  ERR_STORE_WRITER_FAILED: {
    en: 'The access record could not be confirmed as written ({reason}); try again.',
    zh: '无法确认访问记录已写入（{reason}），请重试。',
  },
  ERR_STORE_MIGRATION_FAILED: {
    en: 'Migration {migration} failed.',
    zh: '数据迁移 {migration} 失败。',
  },
} as const satisfies ErrorTable;
