import type { ErrorTable } from '@hutong/core';

/** Error codes of `grants/`: grants (用证授权), consent receipts, fetch and usage records. */
export const grantErrors = {
  ERR_GRANTS_INPUT: {
    en: '{field}: {reason}.',
    zh: '{field}:{reason}。',
  },
  ERR_GRANTS_NOT_FOUND: {
    en: 'There is no grant {grantId}.',
    zh: '不存在授权 {grantId}。',
  },
  ERR_GRANTS_RELYING_PARTY_INVALID: {
    en: 'Client {clientId} is not an active relying party: a grant is made to a registered relying-party client.',
    zh: '客户端 {clientId} 不是有效的用证方:授权只能授予已登记的用证方客户端。',
  },
  ERR_GRANTS_LICENCE_NOT_FOUND: {
    en: 'You hold no licence {identifier} on this node.',
    zh: '您在本节点没有证照 {identifier}。',
  },
  ERR_GRANTS_MATTER_UNKNOWN: {
    en: 'There is no service matter {matterCode} on this node: a grant is for a matter of its catalogue.',
    zh: '本节点没有政务服务事项 {matterCode}:授权须针对事项目录中的事项。',
  },
  ERR_GRANTS_IDEMPOTENCY_CONFLICT: {
    en: 'Idempotency-Key {key} was already used for another request.',
    zh: '幂等键 {key} 已用于另一个请求。',
  },
  ERR_GRANTS_NOT_RELYING_PARTY: {
    en: 'Only relying-party clients fetch licences; client {clientId} is a {kind} client.',
    zh: '只有用证方客户端可以调取证照;客户端 {clientId} 的类型为 {kind}。',
  },
  ERR_GRANTS_WRONG_CLIENT: {
    en: 'Grant {grantId} was given to another relying party, not to this client.',
    zh: '授权 {grantId} 授予的是其他用证方,而非本客户端。',
  },
  ERR_GRANTS_REVOKED: {
    en: 'Grant {grantId} was revoked by the holder at {revokedAt}.',
    zh: '授权 {grantId} 已于 {revokedAt} 被持证主体撤销。',
  },
  ERR_GRANTS_EXPIRED: {
    en: 'Grant {grantId} expired at {validUntil}.',
    zh: '授权 {grantId} 已于 {validUntil} 到期。',
  },
  ERR_GRANTS_TYPE_NOT_COVERED: {
    en: 'Grant {grantId} does not cover licence type {typeCode}.',
    zh: '授权 {grantId} 不包含证照类型 {typeCode}。',
  },
  ERR_GRANTS_LICENCE_NOT_COVERED: {
    en: 'Licence {identifier} is not covered by grant {grantId}.',
    zh: '证照 {identifier} 不在授权 {grantId} 范围内。',
  },
  ERR_GRANTS_LICENCE_NOT_VALID: {
    en: 'Licence {identifier} is {status} now: it cannot be used.',
    zh: '证照 {identifier} 当前状态为 {status},不能使用。',
  },
  ERR_GRANTS_SHOW_CODE_REFUSED: {
    en: 'The show code was refused ({checks}): {reason}',
    zh: '亮证码未通过核验({checks}):{reason}',
  },
  ERR_GRANTS_USAGE_RECORD_NOT_FOUND: {
    en: 'You have no usage record {id}.',
    zh: '您没有用证记录 {id}。',
  },
  ERR_GRANTS_COPY_NEEDS_GRANT: {
    en: 'Usage record {id} was made with a show code: an annotated copy prints the whole licence, so it is made only for a use under a grant.',
    zh: '用证记录 {id} 基于亮证码:加注件打印整张证照,只能基于用证授权生成。',
  },
  ERR_GRANTS_COPY_CLEARANCE: {
    en: 'An annotated copy of type {typeCode} prints fields up to sensitivity grade {needed}; this client’s clearance is {clearance}.',
    zh: '类型 {typeCode} 的加注件包含敏感级别最高为 {needed} 的字段;本客户端的授权级别为 {clearance}。',
  },
  ERR_GRANTS_CURSOR: {
    en: 'The cursor is not one this list gave out.',
    zh: '分页游标无效。',
  },
} as const satisfies ErrorTable;
