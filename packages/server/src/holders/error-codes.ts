import type { ErrorTable } from '@hutong/core';

/**
 * Error codes of `holders/`: holder sign-in (development provider, OpenID Connect), holder
 * sessions, acting for an organisation, and the holder's own licences. English, then Chinese.
 */
export const holderErrors = {
  ERR_HOLDER_PROVIDER_DISABLED: {
    en: 'The {provider} identity provider is not enabled on this node.',
    zh: '本节点未启用 {provider} 身份认证方式。',
  },
  ERR_HOLDER_SIGN_IN_THROTTLED: {
    en: 'Too many one-time codes were requested for this holder; try again in {retryAfter} s.',
    zh: '该持证主体申请验证码过于频繁；请在 {retryAfter} 秒后重试。',
  },
  ERR_HOLDER_SIGN_IN_FAILED: {
    en: 'The one-time code is wrong, expired or already used; request a new one.',
    zh: '验证码错误、已过期或已使用；请重新获取。',
  },
  ERR_HOLDER_SESSION_REQUIRED: {
    en: 'This request needs a holder session; sign in as a holder.',
    zh: '此请求需要持证主体会话；请以持证主体身份登录。',
  },
  ERR_HOLDER_ACT_FOR_TYPE: {
    en: 'A holder acts only for an organisation (holder code type 001, a unified social credit code).',
    zh: '持证主体只能代表组织（持证主体代码类型 001，统一社会信用代码）办理。',
  },
  ERR_HOLDER_ACT_FOR_PERSON_ONLY: {
    en: 'Only a person signed in with a personal ID may act for an organisation.',
    zh: '只有以个人身份证件登录的个人才能代表组织办理。',
  },
  ERR_HOLDER_ACT_FOR_FORBIDDEN: {
    en: 'The signed-in person is not the legal representative named on a valid licence of organisation {holderCode}.',
    zh: '登录人不是组织 {holderCode} 有效证照上登记的法定代表人。',
  },
  ERR_HOLDER_NAME_UNKNOWN: {
    en: 'The signed-in person’s name is not known (no licence of theirs on this node, no name from the identity provider).',
    zh: '无法确定登录人的姓名（本节点无其证照，身份认证方也未提供姓名）。',
  },
  ERR_HOLDER_LICENCE_NOT_FOUND: {
    en: 'No licence {identifier} of the signed-in holder.',
    zh: '当前持证主体没有证照 {identifier}。',
  },
  ERR_HOLDER_OIDC_STATE: {
    en: 'The sign-in response does not match a sign-in in progress (unknown, used or expired state); start again.',
    zh: '登录回调与进行中的登录不符（state 未知、已使用或已过期）；请重新登录。',
  },
  ERR_HOLDER_OIDC_FAILED: {
    en: 'The identity provider’s answer was refused: {reason}',
    zh: '身份认证方的应答被拒绝：{reason}',
  },
  ERR_HOLDER_OIDC_CLAIMS: {
    en: 'The ID token carries no usable holder code in claim {claim}.',
    zh: 'ID 令牌的声明 {claim} 中没有可用的持证主体代码。',
  },
} as const satisfies ErrorTable;
