import type { ErrorTable } from '@hutong/core';

/** Error codes of `notifications/`. Messages: English, then Chinese; `{name}` takes a param. */
export const notificationErrors = {
  ERR_NOTIFICATIONS_URL_INVALID: {
    en: 'The webhook URL must be an absolute http(s) URL without credentials or fragment.',
    zh: '回调地址须为不含凭据和片段的 http(s) 绝对地址。',
  },
  ERR_NOTIFICATIONS_NOT_FOUND: {
    en: 'No subscription {id} of this client exists.',
    zh: '本客户端没有编号为 {id} 的订阅。',
  },
  ERR_NOTIFICATIONS_TYPE_FORBIDDEN: {
    en: 'This client may not receive notifications about licences of type {typeCode}.',
    zh: '本客户端无权接收类型为 {typeCode} 的证照的通知。',
  },
} as const satisfies ErrorTable;
