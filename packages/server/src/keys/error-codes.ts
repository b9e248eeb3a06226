import type { ErrorTable } from '@hutong/core';

/** Error codes of `keys/` (issuers' signing keys). Messages: English, then Chinese; `{name}` takes a param. */
export const keyErrors = {
  ERR_KEYS_INPUT: {
    en: '{field} is not acceptable: {rule}',
    zh: '{field} 不符合要求：{rule}',
  },
  ERR_KEYS_NOT_FOUND: {
    en: 'Issuer {issuerCode} has no key {keyId}.',
    zh: '发证机构 {issuerCode} 没有编号为 {keyId} 的密钥。',
  },
  ERR_KEYS_ALREADY_REGISTERED: {
    en: 'Key {keyId} is already registered.',
    zh: '密钥 {keyId} 已经登记。',
  },
  ERR_KEYS_NO_SIGNING_KEY: {
    en: 'Issuer {issuerCode} has no active {suite} key held by this node that is valid at {at}.',
    zh: '发证机构 {issuerCode} 在 {at} 没有由本节点保管且有效的 {suite} 签名密钥。',
  },
  ERR_KEYS_ACTIVE_EXISTS: {
    en: 'Issuer {issuerCode} already has an active {suite} key held by this node ({keyId}): rotate it instead.',
    zh: '发证机构 {issuerCode} 已有由本节点保管的有效 {suite} 密钥（{keyId}）；请改为轮换密钥。',
  },
  ERR_KEYS_VALIDITY: {
    en: 'validUntil ({validUntil}) must be later than validFrom ({validFrom}).',
    zh: '有效期截止时间（{validUntil}）必须晚于起始时间（{validFrom}）。',
  },
  ERR_KEYS_STATUS: {
    en: 'Key {keyId} is {status}: it cannot be {action}.',
    zh: '密钥 {keyId} 的状态为 {status}，不能{actionZh}。',
  },
  ERR_KEYS_REVOKED_AT: {
    en: 'revokedAt ({revokedAt}) must lie between the key’s validFrom ({validFrom}) and now.',
    zh: '吊销时间（{revokedAt}）须介于密钥有效期起始时间（{validFrom}）与当前时间之间。',
  },
  ERR_KEYS_SEALED_KEY_MISMATCH: {
    en: 'The stored private key of {keyId} does not belong to that key id: the row was altered.',
    zh: '密钥 {keyId} 存储的私钥与该密钥编号不符：数据已被篡改。',
  },
} as const satisfies ErrorTable;
