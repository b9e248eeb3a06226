import type { ErrorTable } from '@hutong/core';

/** Error codes of `organisations/`. Messages: English, then Chinese; `{name}` takes a param. */
export const organisationErrors = {
  ERR_ORGANISATIONS_INPUT: {
    en: '{field} is not acceptable: {rule}',
    zh: '{field} 不符合要求：{rule}',
  },
  ERR_ORGANISATIONS_NOT_FOUND: {
    en: 'There is no organisation with code {code}.',
    zh: '不存在统一社会信用代码为 {code} 的机构。',
  },
  ERR_ORGANISATIONS_EXISTS: {
    en: 'An organisation with code {code} is already registered.',
    zh: '统一社会信用代码为 {code} 的机构已经登记。',
  },
  ERR_ORGANISATIONS_NOT_DEPARTMENT: {
    en: 'Organisation {code} is a {kind}, not a department: it cannot issue licences or hold signing keys.',
    zh: '机构 {code} 的类别为 {kind}，不是部门，不能颁发证照或持有签名密钥。',
  },
  ERR_ORGANISATIONS_CURSOR: {
    en: 'The page cursor is not one this server gave out.',
    zh: '分页游标无效（并非本服务器所发）。',
  },
} as const satisfies ErrorTable;
