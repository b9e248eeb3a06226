import type { ErrorTable } from '@hutong/core';

/**
 * Error codes of the server's `status/` domain (the lifecycle service and the status
 * lists). Core's `ERR_STATUS_*` codes (the state machine) pass through unchanged.
 */
export const statusServiceErrors = {
  ERR_STATUS_LIST_NOT_FOUND: {
    en: 'Issuer {issuerCode} has no status list {listId}.',
    zh: '颁发机构 {issuerCode} 没有编号为 {listId} 的状态列表。',
  },
  ERR_STATUS_CHANGE_VERSION: {
    en: 'The change must issue version {expected}, not {found}.',
    zh: '变更应生成版本 {expected}，而非 {found}。',
  },
  ERR_STATUS_NOT_ISSUER: {
    en: 'Only the issuer {issuerCode} may change the status of its licences.',
    zh: '只有颁发机构 {issuerCode} 可以变更其证照的状态。',
  },
} as const satisfies ErrorTable;
