import type { ErrorTable } from '../errors.js';

/**
 * Error codes of `trust/` (ERR_<AREA>_<WHAT>): the node's signed trust list
 * (docs/design/trust-list.md). Messages: English, then Chinese; `{name}` takes a param.
 */
export const trustErrors = {
  // The document's shape (parseTrustList).
  ERR_TRUST_NOT_OBJECT: {
    en: '{field} must be a JSON object, got {type}',
    zh: '{field} 必须是 JSON 对象，实际为 {type}',
  },
  ERR_TRUST_MEMBER_UNKNOWN: {
    en: '{field} is not a member of a Hutong trust list ({object} allows: {allowed})',
    zh: '{field} 不是互通信任列表的成员（{object} 允许的成员：{allowed}）',
  },
  ERR_TRUST_MEMBER_MISSING: {
    en: '{field} is required',
    zh: '缺少必填项 {field}',
  },
  ERR_TRUST_MEMBER_TYPE: {
    en: '{field} must be {expected}, got {type}',
    zh: '{field} 必须是{expected}，实际为 {type}',
  },
  ERR_TRUST_FORMAT_UNSUPPORTED: {
    en: 'format must be "{expected}", found "{found}"',
    zh: 'format 必须为 "{expected}"，实际为 "{found}"',
  },
  ERR_TRUST_TEXT_INVALID: {
    en: '{field} is not acceptable text: {problem}',
    zh: '{field} 不是合格的文本：{problem}',
  },
  ERR_TRUST_NODE_ID: {
    en: '{field} must be a node id of 1 to 64 letters, digits, ".", "_" or "-" starting with a letter or digit, found "{found}"',
    zh: '{field} 必须是 1 至 64 个字母、数字、“.”、“_”或“-”组成且以字母或数字开头的节点标识，实际为 "{found}"',
  },
  ERR_TRUST_URL: {
    en: '{field} must be an absolute https: or http: URL without credentials or fragment, at most 2048 characters',
    zh: '{field} 必须是不含用户信息和片段、不超过 2048 个字符的 https: 或 http: 绝对地址',
  },
  ERR_TRUST_VERSION: {
    en: '{field} must be a whole number from 1 to 9007199254740991, found {found}',
    zh: '{field} 必须是 1 至 9007199254740991 之间的整数，实际为 {found}',
  },
  ERR_TRUST_TIME: {
    en: '{field} must be an RFC 3339 UTC time such as 2026-11-29T12:00:00Z, found "{found}"',
    zh: '{field} 必须是 RFC 3339 UTC 时间（如 2026-11-29T12:00:00Z），实际为 "{found}"',
  },
  ERR_TRUST_TIME_ORDER: {
    en: '{field} ({found}) must be later than {earlier} ({earlierValue})',
    zh: '{field}（{found}）必须晚于 {earlier}（{earlierValue}）',
  },
  ERR_TRUST_LIST_LIFETIME: {
    en: 'the trust list is valid for {days} days; at most {max} are allowed, so that a withdrawn key or issuer cannot stay trusted for long',
    zh: '信任列表有效期为 {days} 天，最多允许 {max} 天，以免已撤下的密钥或颁发机构长期被信任',
  },
  ERR_TRUST_COUNT: {
    en: '{field} must hold {min} to {max} entries, found {found}',
    zh: '{field} 应有 {min} 至 {max} 项，实际为 {found} 项',
  },
  ERR_TRUST_DUPLICATE: {
    en: '{field}: {what} {value} appears more than once in the trust list',
    zh: '{field}：{what} {value} 在信任列表中出现了多次',
  },
  ERR_TRUST_KEY_ID: {
    en: '{field} must be an RFC 7638 SHA-256 thumbprint (43 characters of base64url), found "{found}"',
    zh: '{field} 必须是 RFC 7638 SHA-256 指纹（43 个 base64url 字符），实际为 "{found}"',
  },
  ERR_TRUST_PUBLIC_KEY: {
    en: '{field} is not a usable public key: {detail}',
    zh: '{field} 不是可用的公钥：{detail}',
  },
  ERR_TRUST_PRIVATE_KEY: {
    en: '{field} carries a private key member "d": a trust list is public, so this is a key leak, refused',
    zh: '{field} 含有私钥成员 "d"：信任列表是公开的，这是私钥泄露，拒绝接受',
  },
  ERR_TRUST_KEY_ID_MISMATCH: {
    en: "{field} says key id {expected}, but the public key's thumbprint is {found}",
    zh: '{field} 声明的密钥标识为 {expected}，但公钥指纹为 {found}',
  },
  ERR_TRUST_LOG_KEY: {
    en: '{field} is not a usable log verifier key: {detail}',
    zh: '{field} 不是可用的日志验证密钥：{detail}',
  },
  ERR_TRUST_VERIFICATION_METHOD: {
    en: '{field} must be "node:<node id>#<key id>", found "{found}"',
    zh: '{field} 必须为 "node:<节点标识>#<密钥标识>"，实际为 "{found}"',
  },
  ERR_TRUST_SIGNATURE_VALUE: {
    en: '{field} must be a 64-byte raw signature in unpadded base64url: {problem}',
    zh: '{field} 必须是以无填充 base64url 编码的 64 字节原始签名：{problem}',
  },

  // Verification of a list (verifyTrustList).
  ERR_TRUST_LIST_NODE_MISMATCH: {
    en: '{field} names node {found}, but this trust list belongs to node {expected}',
    zh: '{field} 指向节点 {found}，但此信任列表属于节点 {expected}',
  },
  ERR_TRUST_ANCHOR_UNKNOWN: {
    en: 'no trusted key {keyId} of node {nodeId} to check the trust list with',
    zh: '没有可用于验证信任列表的节点 {nodeId} 受信任密钥 {keyId}',
  },
  ERR_TRUST_LIST_SUITE_MISMATCH: {
    en: 'the trust list proof says {found}, but trusted key {keyId} is a {expected} key',
    zh: '信任列表签名证明声明的算法为 {found}，但受信任密钥 {keyId} 的算法为 {expected}',
  },
  ERR_TRUST_LIST_SIGNATURE: {
    en: 'the trust list signature does not verify with key {keyId} of node {nodeId}: the list was changed after signing, or signed with another key',
    zh: '信任列表签名无法用节点 {nodeId} 的密钥 {keyId} 验证：列表在签名后被修改，或由其他密钥签名',
  },
  ERR_TRUST_LIST_EXPIRED: {
    en: 'trust list version {version} of node {nodeId} expired at {expiresAt}; the time of use is {at}: fetch a fresh one',
    zh: '节点 {nodeId} 的信任列表第 {version} 版已于 {expiresAt} 过期；使用时间为 {at}，请获取新的信任列表',
  },
  ERR_TRUST_LIST_NOT_YET_VALID: {
    en: 'trust list version {version} of node {nodeId} is issued at {issuedAt}, later than the time of use {at}',
    zh: '节点 {nodeId} 的信任列表第 {version} 版签发时间 {issuedAt} 晚于使用时间 {at}',
  },
  ERR_TRUST_LIST_ROLLBACK: {
    en: 'trust list version {version} is older than version {previous} already accepted: a rollback, refused',
    zh: '信任列表第 {version} 版早于已接受的第 {previous} 版：疑似回滚，拒绝接受',
  },
  ERR_TRUST_LIST_VERSION_CONFLICT: {
    en: 'two different trust lists of node {nodeId} claim version {version}: refused (a node must never sign two lists with one version)',
    zh: '节点 {nodeId} 有两份内容不同的第 {version} 版信任列表：拒绝接受（节点不得以同一版本号签发两份列表）',
  },
  ERR_TRUST_CONTEXT: {
    en: 'invalid trust list arguments: {field} {problem}',
    zh: '信任列表参数无效：{field} {problem}',
  },
  ERR_TRUST_SIGNING_KEY: {
    en: 'the node signing key cannot sign a trust list: {problem}',
    zh: '节点签名密钥无法签署信任列表：{problem}',
  },
} as const satisfies ErrorTable;
