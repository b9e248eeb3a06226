import type { ErrorTable } from '@hutong/core';

/** Error codes of `library/`. Messages: English, then Chinese; `{name}` takes a param. */
export const libraryErrors = {
  ERR_LIBRARY_NOT_FOUND: {
    en: 'No licence {identifier} is in this library.',
    zh: '本证照库中没有证照 {identifier}。',
  },
  ERR_LIBRARY_CURSOR_INVALID: {
    en: 'The cursor is not one this query returned.',
    zh: '分页游标无效。',
  },
  ERR_LIBRARY_QUERY_FILTER: {
    en: 'Query by holder (holderCode and holderCodeType), by typeCode or by issuerCode.',
    zh: '请按持证主体（holderCode 与 holderCodeType）、typeCode 或 issuerCode 查询。',
  },
  ERR_LIBRARY_TYPE_FORBIDDEN: {
    en: 'This client may not read licences of type {typeCode}.',
    zh: '本客户端无权读取类型为 {typeCode} 的证照。',
  },
} as const satisfies ErrorTable;
