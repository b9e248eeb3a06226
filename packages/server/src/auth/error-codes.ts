import type { ErrorTable } from '@hutong/core';

/**
 * Error codes of `auth/`: authentication (401), authorisation (403), OAuth 2 token requests,
 * registered clients and staff users. English, then Chinese; `{name}` takes a param.
 */
export const authErrors = {
  ERR_AUTH_REQUIRED: {
    en: 'This request needs credentials: a bearer access token or a staff session.',
    zh: '此请求需要身份凭证：访问令牌（Bearer）或工作人员会话。',
  },
  ERR_AUTH_TOKEN_INVALID: {
    en: 'The access token is malformed, unknown, expired or revoked; request a new one.',
    zh: '访问令牌格式有误、无效、已过期或已吊销；请重新申请。',
  },
  ERR_AUTH_SESSION_INVALID: {
    en: 'The session has ended (signed out, expired or idle too long); sign in again.',
    zh: '会话已结束（已退出、已过期或闲置过久）；请重新登录。',
  },
  ERR_AUTH_FORBIDDEN: {
    en: '{principal} may not call {route}.',
    zh: '{principal} 无权调用 {route}。',
  },
  ERR_AUTH_ROUTE_NOT_LISTED: {
    en: '{route} is not in the route-permission table, so nobody may call it.',
    zh: '{route} 未列入接口权限表，任何人都不能调用。',
  },
  ERR_AUTH_CSRF: {
    en: 'A change made with a session cookie needs the X-CSRF-Token header of that session.',
    zh: '使用会话 Cookie 的修改操作须携带该会话的 X-CSRF-Token 请求头。',
  },
  ERR_AUTH_ISSUER_FORBIDDEN: {
    en: 'This caller may not act for issuer {issuerCode}.',
    zh: '调用方无权代表发证机构 {issuerCode} 操作。',
  },
  ERR_AUTH_TYPE_FORBIDDEN: {
    en: 'This caller may not act on licence type {typeCode}.',
    zh: '调用方无权操作证照类型 {typeCode}。',
  },
  ERR_AUTH_RATE_LIMITED: {
    en: 'Too many requests; try again in {retryAfter} s.',
    zh: '请求过于频繁；请在 {retryAfter} 秒后重试。',
  },
  ERR_AUTH_OAUTH_INVALID_REQUEST: {
    en: 'The token request is malformed: {reason}',
    zh: '令牌请求格式有误：{reason}',
  },
  ERR_AUTH_OAUTH_UNSUPPORTED_GRANT_TYPE: {
    en: 'Grant type {grantType} is not supported; use client_credentials.',
    zh: '不支持授权类型 {grantType}；请使用 client_credentials。',
  },
  ERR_AUTH_OAUTH_INVALID_SCOPE: {
    en: 'Scope {scope} is unknown or not granted to this client.',
    zh: '权限范围 {scope} 不存在或未授予该客户端。',
  },
  ERR_AUTH_OAUTH_INVALID_CLIENT: {
    en: 'Client authentication failed.',
    zh: '客户端身份认证失败。',
  },
  ERR_AUTH_OAUTH_ASSERTION_INVALID: {
    en: 'The client assertion is not acceptable: {reason}',
    zh: '客户端断言无效：{reason}',
  },
  ERR_AUTH_OAUTH_ASSERTION_REPLAYED: {
    en: 'The client assertion (jti {jti}) was already used.',
    zh: '客户端断言（jti {jti}）已被使用过。',
  },
  ERR_AUTH_CLIENT_NOT_FOUND: {
    en: 'There is no registered client {clientId}.',
    zh: '不存在已注册的客户端 {clientId}。',
  },
  ERR_AUTH_CLIENT_INVALID: {
    en: 'The client registration is not acceptable: {reason}',
    zh: '客户端注册信息无效：{reason}',
  },
  ERR_AUTH_CLIENT_KEY_INVALID: {
    en: 'Public key {index} of the client is not an SM2, Ed25519 or P-256 SubjectPublicKeyInfo PEM.',
    zh: '客户端的第 {index} 个公钥不是 SM2、Ed25519 或 P-256 的 SubjectPublicKeyInfo PEM。',
  },
  ERR_AUTH_LOGIN_FAILED: {
    en: 'Sign-in failed: the user name, password or one-time code is wrong.',
    zh: '登录失败：用户名、密码或动态口令有误。',
  },
  ERR_AUTH_LOGIN_THROTTLED: {
    en: 'Too many failed sign-ins; try again in {retryAfter} s.',
    zh: '登录失败次数过多；请在 {retryAfter} 秒后重试。',
  },
  ERR_AUTH_USER_INVALID: {
    en: 'The staff user is not acceptable: {reason}',
    zh: '工作人员账号信息无效：{reason}',
  },
  ERR_AUTH_USERNAME_TAKEN: {
    en: 'The user name {username} is taken.',
    zh: '用户名 {username} 已被使用。',
  },
  ERR_AUTH_USER_NOT_FOUND: {
    en: 'There is no staff user {userId}.',
    zh: '不存在工作人员账号 {userId}。',
  },
} as const satisfies ErrorTable;
