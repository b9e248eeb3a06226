import type { ErrorTable } from '@hutong/core';

/** Error codes of `audit/` (the hash-chained audit trail). English, then Chinese. */
export const auditErrors = {
  ERR_AUDIT_USE_CAUSE_REQUIRED: {
    en: 'Reading licence data needs a use cause (1–{max} characters).',
    zh: '读取证照数据须说明用证事由（1–{max} 个字符）。',
  },
  ERR_AUDIT_USE_CAUSE_TOO_LONG: {
    en: 'The use cause has {length} characters; at most {max} are allowed.',
    zh: '用证事由为 {length} 个字符，最多允许 {max} 个。',
  },
  ERR_AUDIT_RECORD_INVALID: {
    en: 'The audit record cannot be written: {reason}',
    zh: '审计记录无法写入：{reason}',
  },
  ERR_AUDIT_CHAIN_HEAD_MISSING: {
    en: 'The audit chain head is missing; the store is not migrated or was tampered with.',
    zh: '审计链头记录缺失；数据存储未迁移或已被篡改。',
  },
  ERR_AUDIT_CURSOR_INVALID: {
    en: 'The page cursor is not one this server handed out.',
    zh: '分页游标无效。',
  },
  ERR_AUDIT_QUERY_INVALID: {
    en: 'The audit query is not acceptable: {reason}',
    zh: '审计查询条件无效：{reason}',
  },
} as const satisfies ErrorTable;
