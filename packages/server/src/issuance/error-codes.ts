import type { ErrorTable } from '@hutong/core';

/** Error codes of `issuance/`. Messages: English, then Chinese; `{name}` takes a param. */
export const issuanceErrors = {
  ERR_ISSUANCE_IDEMPOTENCY_KEY: {
    en: 'The Idempotency-Key must be 1 to 128 visible ASCII characters.',
    zh: 'Idempotency-Key 必须是 1 至 128 个可见 ASCII 字符。',
  },
  ERR_ISSUANCE_IDEMPOTENCY_CONFLICT: {
    en: 'The key {key} was already used for a different request; use a new key for a new request.',
    zh: '幂等键 {key} 已用于另一个不同的请求；新请求请使用新的幂等键。',
  },
  ERR_ISSUANCE_BATCH_SIZE: {
    en: 'A batch holds 1 to {max} licences; this one holds {found}.',
    zh: '批量签发每批 1 至 {max} 本证照，本批为 {found} 本。',
  },
  ERR_ISSUANCE_HOLDER_CATEGORY: {
    en: 'Licences of type {typeCode} are held by {category}; holder code type {holderTypeCode} does not fit.',
    zh: '类型 {typeCode} 的持证主体类别为 {category}，持证主体代码类型 {holderTypeCode} 不符。',
  },
  ERR_ISSUANCE_DATE: {
    en: 'The {field} is not a date (yyyyMMdd or yyyy-MM-dd).',
    zh: '{field} 不是有效日期（yyyyMMdd 或 yyyy-MM-dd）。',
  },
  ERR_ISSUANCE_DATE_ORDER: {
    en: 'The effective date {effective} is after the expiring date {expiring}.',
    zh: '生效日期 {effective} 晚于截止日期 {expiring}。',
  },
  ERR_ISSUANCE_DUPLICATE: {
    en: 'The licence {identifier} is already in the library.',
    zh: '证照 {identifier} 已在证照库中。',
  },
  ERR_ISSUANCE_KEY_NOT_VALID: {
    en: 'Key {keyId} of issuer {issuerCode} was not valid when the licence was signed ({created}).',
    zh: '签发时间 {created} 时，颁发机构 {issuerCode} 的密钥 {keyId} 不在有效期内。',
  },
  ERR_ISSUANCE_SIGNATURE_INVALID: {
    en: 'The signature of licence {identifier} does not verify with key {keyId} of its issuer.',
    zh: '证照 {identifier} 的签名无法用其颁发机构的密钥 {keyId} 验证。',
  },
  ERR_ISSUANCE_SUITE_NOT_ALLOWED: {
    en: 'Licences of type {typeCode} must be signed with {allowed}, not {suite}.',
    zh: '类型 {typeCode} 的证照须使用 {allowed} 签名，而非 {suite}。',
  },
  ERR_ISSUANCE_TYPE_NAME: {
    en: 'The licence name {found} is not the name of type {typeCode} ({expected}).',
    zh: '证照名称 {found} 与类型 {typeCode} 的名称（{expected}）不符。',
  },
} as const satisfies ErrorTable;
