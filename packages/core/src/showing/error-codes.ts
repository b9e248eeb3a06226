import type { ErrorTable } from '../errors.js';

/**
 * Error codes of `showing/` (ERR_<AREA>_<WHAT>): show codes (亮证码, docs/design/show-code.md).
 * Messages: English, then Chinese; `{name}` takes a param. Decoding and creation throw them;
 * verification carries most of them in a verdict's checks.
 */
export const showingErrors = {
  // Reading a show code (decodeShowCode): hostile input gets one of these, never anything else.
  ERR_SHOWING_NOT_TEXT: {
    en: 'a show code is text, got {type}',
    zh: '亮证码应为文本，实际为 {type}',
  },
  ERR_SHOWING_TOO_LONG: {
    en: 'the show code is {found} characters long; at most {max} are allowed',
    zh: '亮证码长度为 {found} 个字符，最多允许 {max} 个',
  },
  ERR_SHOWING_PREFIX: {
    en: 'a show code starts with "{expected}"; this text starts with "{found}"',
    zh: '亮证码应以 "{expected}" 开头，此文本以 "{found}" 开头',
  },
  ERR_SHOWING_BASE45: {
    en: 'the show code is not valid base45 (RFC 9285) at character {position}: {problem}',
    zh: '亮证码在第 {position} 个字符处不是有效的 base45（RFC 9285）编码：{problem}',
  },
  ERR_SHOWING_TRUNCATED: {
    en: 'the show code ends before its {field}: it was cut short or misread',
    zh: '亮证码在 {field} 之前结束：内容被截断或识读有误',
  },
  ERR_SHOWING_TRAILING_BYTES: {
    en: 'the show code has {count} unexpected bytes before its signature',
    zh: '亮证码在签名之前有 {count} 个多余字节',
  },
  ERR_SHOWING_MALFORMED: {
    en: "the show code's {field} is malformed: {problem}",
    zh: '亮证码的 {field} 格式错误：{problem}',
  },
  ERR_SHOWING_LIFETIME: {
    en: 'a show code lives 1 to {max} whole seconds; found {found}',
    zh: '亮证码有效期应为 1 至 {max} 整秒，实际为 {found}',
  },
  ERR_SHOWING_IDENTIFIER: {
    en: "the show code's licence identifier is not valid: {detail}",
    zh: '亮证码中的电子证照标识无效：{detail}',
  },

  // Making a show code (createShowCode).
  ERR_SHOWING_INPUT: {
    en: 'cannot make a show code: {field} {problem}',
    zh: '无法生成亮证码：{field} {problem}',
  },
  ERR_SHOWING_TYPE_MISMATCH: {
    en: 'the licence is of type {licenceType}, but the catalogue entry given is type {typeCode}',
    zh: '证照类型为 {licenceType}，但提供的目录条目为类型 {typeCode}',
  },
  ERR_SHOWING_FIELD_UNKNOWN: {
    en: '"{key}" is neither a face field of type {typeCode} nor a metadata element a show code can carry',
    zh: '"{key}" 既不是类型 {typeCode} 的照面字段，也不是亮证码可携带的元数据项',
  },
  ERR_SHOWING_FIELD_AMBIGUOUS: {
    en: '"{key}" names both a face field and a metadata element: the catalogue entry must rename its face field',
    zh: '"{key}" 同时是照面字段名和元数据项名：需在目录中为该照面字段改名',
  },
  ERR_SHOWING_FIELD_ABSENT: {
    en: 'the holder chose to show "{key}", but this licence has no such value',
    zh: '持证人选择出示 "{key}"，但此证照没有该项内容',
  },
  ERR_SHOWING_FIELD_NOT_SHOWABLE: {
    en: '"{key}" cannot go in a show code: {reason}',
    zh: '"{key}" 不能放入亮证码：{reason}',
  },
  ERR_SHOWING_FIELD_DUPLICATE: {
    en: '"{key}" is chosen twice',
    zh: '"{key}" 被重复选择',
  },
  ERR_SHOWING_PURPOSE: {
    en: 'the purpose must be a purpose code or 1 to 32 characters of text: {problem}',
    zh: '用证事由应为事由代码或 1 至 32 个字符的文本：{problem}',
  },
  ERR_SHOWING_TOO_LARGE: {
    en: 'the show code would be {chars} characters; at most {max} fit a QR code a phone reads from a screen: show fewer fields',
    zh: '亮证码将有 {chars} 个字符，手机从屏幕扫码最多可读 {max} 个：请减少出示的字段',
  },
  ERR_SHOWING_DATE_RANGE: {
    en: '{field} ({found}) is outside the dates a show code can carry (1900-01-01 to 9999-12-31)',
    zh: '{field}（{found}）超出亮证码可携带的日期范围（1900-01-01 至 9999-12-31）',
  },
  ERR_SHOWING_SIGNING_KEY: {
    en: 'the showing key cannot sign show codes: {problem}',
    zh: '亮证密钥无法签署亮证码：{problem}',
  },

  // Checks of a verdict that failed (verifyShowCode).
  ERR_SHOWING_SIGNATURE_INVALID: {
    en: 'the show code signature does not verify with showing key {keyId}: the code was changed, or made with another key',
    zh: '亮证码签名无法用亮证密钥 {keyId} 验证：亮证码被篡改，或由其他密钥生成',
  },
  ERR_SHOWING_KEY_ERROR: {
    en: 'showing key {keyId} failed while verifying: {detail}',
    zh: '亮证密钥 {keyId} 验证时出错：{detail}',
  },
  ERR_SHOWING_KEY_UNKNOWN: {
    en: 'the show code was made with key {keyHint}…, which is not a showing key on the trust list of node {nodeId}',
    zh: '亮证码由密钥 {keyHint}… 生成，该密钥不是节点 {nodeId} 信任列表中的亮证密钥',
  },
  ERR_SHOWING_KEY_NOT_YET_VALID: {
    en: 'the show code was made at {issuedAt}, before showing key {keyId} became valid at {validFrom}',
    zh: '亮证码生成时间 {issuedAt} 早于亮证密钥 {keyId} 的生效时间 {validFrom}',
  },
  ERR_SHOWING_KEY_EXPIRED: {
    en: 'the show code was made at {issuedAt}, after showing key {keyId} stopped being valid at {validUntil}',
    zh: '亮证码生成时间 {issuedAt} 晚于亮证密钥 {keyId} 的失效时间 {validUntil}',
  },
  ERR_SHOWING_EXPIRED: {
    en: 'the show code expired at {expiresAt}, {seconds} s before the time of verification {now}: ask the holder to refresh it',
    zh: '亮证码已于 {expiresAt} 过期，比验证时间 {now} 早 {seconds} 秒：请持证人刷新亮证码',
  },
  ERR_SHOWING_NOT_YET_VALID: {
    en: 'the show code claims to be made at {issuedAt}, later than the time of verification {now} (beyond the allowed clock skew)',
    zh: '亮证码声称的生成时间 {issuedAt} 晚于验证时间 {now}（超出允许的时钟误差）',
  },
  ERR_SHOWING_ISSUER_UNTRUSTED: {
    en: 'issuer {issuerCode} is not on the trust list',
    zh: '颁发机构 {issuerCode} 不在信任列表中',
  },
  ERR_SHOWING_TYPE_NOT_ALLOWED: {
    en: 'issuer {issuerCode} is not trusted to issue licences of type {typeCode}',
    zh: '颁发机构 {issuerCode} 无权颁发类型为 {typeCode} 的证照',
  },
  ERR_SHOWING_STATUS_INVALID: {
    en: 'when the code was made ({issuedAt}) the node held the licence invalid (revoked, cancelled, abolished, expired or replaced)',
    zh: '生成亮证码时（{issuedAt}）节点记录该证照已失效（吊销、注销、废止、过期或已被新版本取代）',
  },
  ERR_SHOWING_STATUS_SUSPENDED: {
    en: 'when the code was made ({issuedAt}) the licence was suspended',
    zh: '生成亮证码时（{issuedAt}）该证照处于暂扣状态',
  },
  ERR_SHOWING_LICENCE_EXPIRED: {
    en: 'the licence expired after {expiring}; the code was made on {date} (China Standard Time)',
    zh: '证照已于 {expiring} 到期；亮证码生成日期为 {date}（北京时间）',
  },
  ERR_SHOWING_LICENCE_NOT_EFFECTIVE: {
    en: 'the licence takes effect on {effective}; the code was made on {date} (China Standard Time)',
    zh: '证照自 {effective} 起生效；亮证码生成日期为 {date}（北京时间）',
  },
  ERR_SHOWING_REPLAY: {
    en: 'this show code (nonce {nonce}) was already presented: a code is used once',
    zh: '此亮证码（随机数 {nonce}）已被使用过：亮证码只能使用一次',
  },
  ERR_SHOWING_REPLAY_UNAVAILABLE: {
    en: 'the replay register could not be consulted: {detail}',
    zh: '无法查询防重放记录：{detail}',
  },

  // Checks that did not run, and why.
  ERR_SHOWING_SKIPPED_FORMAT: {
    en: 'not checked: the show code could not be read',
    zh: '未检查：无法读取亮证码',
  },
  ERR_SHOWING_SKIPPED_NO_KEY: {
    en: 'not checked: no trusted showing key {keyHint}… to check with',
    zh: '未检查：没有可用于验证的受信任亮证密钥 {keyHint}…',
  },
  ERR_SHOWING_SKIPPED_NO_ISSUER: {
    en: 'not checked: the issuer is not on the trust list',
    zh: '未检查：颁发机构不在信任列表中',
  },
  ERR_SHOWING_SKIPPED_UNVERIFIED: {
    en: 'not checked: only a code signed by a trusted showing key is registered against replay',
    zh: '未检查：只有经受信任亮证密钥签名的亮证码才登记防重放',
  },

  // Thrown: the caller's own arguments are wrong.
  ERR_SHOWING_CONTEXT: {
    en: 'invalid show-code verification arguments: {field} {problem}',
    zh: '亮证码验证参数无效：{field} {problem}',
  },
} as const satisfies ErrorTable;
