import type { ErrorTable } from '../errors.js';

/**
 * Error codes of `verify/` (ERR_<AREA>_<WHAT>). Messages: English, then Chinese; `{name}` takes a param.
 * Most of them are not thrown but carried by a verdict's checks, whose `reason` is the English message.
 */
export const verifyErrors = {
  // Checks that failed.
  ERR_VERIFY_SIGNATURE_INVALID: {
    en: 'the signature does not verify with key {keyId} of issuer {issuerCode}: the licence was changed after signing, or signed with another key',
    zh: '签名无法用颁发机构 {issuerCode} 的密钥 {keyId} 验证:证照在签名后被修改,或由其他密钥签名',
  },
  ERR_VERIFY_SUITE_MISMATCH: {
    en: 'the proof says it is a {found} signature, but trusted key {keyId} is a {expected} key',
    zh: '签名证明声明的算法为 {found},但受信任密钥 {keyId} 的算法为 {expected}',
  },
  ERR_VERIFY_KEY_ERROR: {
    en: 'key {keyId} failed while verifying: {detail}',
    zh: '密钥 {keyId} 验证时出错:{detail}',
  },
  ERR_VERIFY_ISSUER_UNTRUSTED: {
    en: 'issuer {issuerCode} is not on the trust list',
    zh: '颁发机构 {issuerCode} 不在信任列表中',
  },
  ERR_VERIFY_TRUST_LIST_UNAVAILABLE: {
    en: 'the trust list could not be consulted: {detail}',
    zh: '无法查询信任列表:{detail}',
  },
  ERR_VERIFY_KEY_UNKNOWN: {
    en: 'issuer {issuerCode} has no trusted key {keyId}',
    zh: '颁发机构 {issuerCode} 没有受信任的密钥 {keyId}',
  },
  ERR_VERIFY_KEY_NOT_YET_VALID: {
    en: 'the licence was signed at {created}, before key {keyId} became valid at {validFrom}',
    zh: '证照签名时间 {created} 早于密钥 {keyId} 的生效时间 {validFrom}',
  },
  ERR_VERIFY_KEY_EXPIRED: {
    en: 'the licence was signed at {created}, after key {keyId} stopped being valid at {validUntil}',
    zh: '证照签名时间 {created} 晚于密钥 {keyId} 的失效时间 {validUntil}',
  },
  ERR_VERIFY_KEY_REVOKED: {
    en: 'the licence was signed at {created}, after key {keyId} was revoked at {revokedAt}',
    zh: '证照签名时间 {created} 晚于密钥 {keyId} 的吊销时间 {revokedAt}',
  },
  ERR_VERIFY_PROOF_FROM_FUTURE: {
    en: 'the proof claims to have been made at {created}, later than the time of verification {at}',
    zh: '签名证明声称的签名时间 {created} 晚于验证时间 {at}',
  },
  ERR_VERIFY_TYPE_NOT_ALLOWED: {
    en: 'issuer {issuerCode} is not trusted to issue licences of type {typeCode}',
    zh: '颁发机构 {issuerCode} 无权颁发类型为 {typeCode} 的证照',
  },
  ERR_VERIFY_CATALOGUE_UNAVAILABLE: {
    en: 'the catalogue could not be consulted: {detail}',
    zh: '无法查询证照目录:{detail}',
  },
  ERR_VERIFY_TYPE_UNKNOWN: {
    en: 'licence type {typeCode} is not in the catalogue',
    zh: '证照类型 {typeCode} 不在证照目录中',
  },
  ERR_VERIFY_TYPE_UNPUBLISHED: {
    en: 'licence type {typeCode} is {status} in the catalogue: no licence of it can be valid yet',
    zh: '证照类型 {typeCode} 在证照目录中的状态为 {status},尚不能有有效证照',
  },
  ERR_VERIFY_TYPE_SUITE: {
    en: 'licences of type {typeCode} must be signed with {allowed}; this one is signed with {found}',
    zh: '类型为 {typeCode} 的证照必须使用 {allowed} 签名,此证照使用的是 {found}',
  },
  ERR_VERIFY_HOLDER_CATEGORY: {
    en: 'licences of type {typeCode} are held by {category} holders, but holder code type {holderTypeCode} is not one',
    zh: '类型为 {typeCode} 的证照持证主体应为{category},但持证主体代码类型 {holderTypeCode} 不符',
  },
  ERR_VERIFY_NOT_YET_EFFECTIVE: {
    en: 'the licence takes effect on {effective}; the date of verification is {today} (China Standard Time)',
    zh: '证照自 {effective} 起生效;验证日期为 {today}(北京时间)',
  },
  ERR_VERIFY_EXPIRED: {
    en: 'the licence expired after {expiring}; the date of verification is {today} (China Standard Time)',
    zh: '证照已于 {expiring} 到期;验证日期为 {today}(北京时间)',
  },
  ERR_VERIFY_STATUS_INVALID: {
    en: 'the status list marks the licence invalid (revoked, cancelled, abolished or otherwise ended)',
    zh: '状态列表显示该证照已失效(吊销、注销、废止或其他原因终止)',
  },
  ERR_VERIFY_STATUS_SUSPENDED: {
    en: 'the status list marks the licence suspended',
    zh: '状态列表显示该证照已暂扣',
  },
  ERR_VERIFY_STATUS_UNKNOWN: {
    en: 'the status list gives no answer for entry {index} of {uri}',
    zh: '状态列表 {uri} 中没有第 {index} 项的状态',
  },
  ERR_VERIFY_STATUS_LIST_MALFORMED: {
    en: 'the status list token is malformed: {reason}',
    zh: '状态列表令牌格式错误:{reason}',
  },
  ERR_VERIFY_STATUS_LIST_KEY_UNKNOWN: {
    en: 'the status list is signed with key {keyId}, which issuer {issuerCode} does not hold on the trust list',
    zh: '状态列表由密钥 {keyId} 签名,但信任列表中颁发机构 {issuerCode} 没有该密钥',
  },
  ERR_VERIFY_STATUS_LIST_KEY_INVALID: {
    en: 'the status list was issued at {issuedAt}, when key {keyId} was not valid',
    zh: '状态列表签发时间为 {issuedAt},此时密钥 {keyId} 无效',
  },
  ERR_VERIFY_STATUS_LIST_SIGNATURE: {
    en: 'the status list signature does not verify with key {keyId} of issuer {issuerCode}',
    zh: '状态列表签名无法用颁发机构 {issuerCode} 的密钥 {keyId} 验证',
  },
  ERR_VERIFY_STATUS_LIST_EXPIRED: {
    en: 'the status list {uri} expired at {expiresAt} (checked at {at}): fetch it again',
    zh: '状态列表 {uri} 已于 {expiresAt} 过期(检查时间 {at}):请重新获取',
  },
  ERR_VERIFY_STATUS_INVALID_SINCE: {
    en: 'entry {index} of the status list {uri}, issued at {listIssuedAt}, marks the licence invalid (revoked, cancelled, abolished, expired or superseded) since the code was made at {madeAt}',
    zh: '状态列表 {uri}({listIssuedAt} 签发)第 {index} 项显示:该证照在此码生成({madeAt})之后已失效(吊销、注销、废止、到期或被替代)',
  },
  ERR_VERIFY_STATUS_SUSPENDED_SINCE: {
    en: 'entry {index} of the status list {uri}, issued at {listIssuedAt}, marks the licence suspended since the code was made at {madeAt}',
    zh: '状态列表 {uri}({listIssuedAt} 签发)第 {index} 项显示:该证照在此码生成({madeAt})之后已被暂扣',
  },
  ERR_VERIFY_STATUS_UNAVAILABLE: {
    en: 'the status lookup failed: {detail}',
    zh: '状态查询失败:{detail}',
  },

  // Checks that did not run, and why.
  ERR_VERIFY_STATUS_NOT_CHECKED: {
    en: 'not checked: no status list was given, so the licence may have been revoked or suspended since it was issued',
    zh: '未检查:未提供状态列表,证照自颁发后可能已被吊销或暂扣',
  },
  ERR_VERIFY_STATUS_NO_REFERENCE: {
    en: 'not checked: the licence names no status list entry',
    zh: '未检查:证照未注明状态列表条目',
  },
  ERR_VERIFY_STATUS_NO_SLOT: {
    en: 'not checked offline: the code names no status list entry (it was made before codes carried one), so the licence may have been revoked or suspended since {madeAt}; verify online to know',
    zh: '未能离线检查:此码未注明状态列表条目(生成于码中携带该条目之前),证照自 {madeAt} 以来可能已被吊销或暂扣;请在线核验',
  },
  ERR_VERIFY_STATUS_LIST_NONE: {
    en: 'not checked offline: no cached status list {path} of issuer {issuerCode}, so the licence may have been revoked or suspended since {madeAt}; fetch the list or verify online',
    zh: '未能离线检查:本地没有颁发机构 {issuerCode} 的状态列表 {path},证照自 {madeAt} 以来可能已被吊销或暂扣;请获取状态列表或在线核验',
  },
  ERR_VERIFY_STATUS_LIST_STALE: {
    en: 'not checked offline: the cached status list {uri} expired at {expiresAt} and is not relied on; fetch it again or verify online',
    zh: '未能离线检查:本地状态列表 {uri} 已于 {expiresAt} 过期,不再采信;请重新获取或在线核验',
  },
  ERR_VERIFY_STATUS_LIST_OLDER: {
    en: 'not checked offline: the cached status list {uri} was issued at {listIssuedAt}, before the code was made at {madeAt}, so the status the code carries is the newer word; fetch a newer list or verify online',
    zh: '未能离线检查:本地状态列表 {uri} 签发于 {listIssuedAt},早于此码生成时间 {madeAt},以码中状态为准;请获取更新的状态列表或在线核验',
  },
  ERR_VERIFY_SKIPPED_FORMAT: {
    en: 'not checked: the licence could not be read',
    zh: '未检查:无法读取证照',
  },
  ERR_VERIFY_SKIPPED_NO_ISSUER: {
    en: 'not checked: the issuer is not on the trust list',
    zh: '未检查:颁发机构不在信任列表中',
  },
  ERR_VERIFY_SKIPPED_NO_KEY: {
    en: 'not checked: no trusted key {keyId} to check with',
    zh: '未检查:没有可用于验证的受信任密钥 {keyId}',
  },
  ERR_VERIFY_SKIPPED_SIGNATURE: {
    en: 'not checked: the signature did not verify, so the status reference cannot be trusted',
    zh: '未检查:签名未通过验证,状态列表引用不可信',
  },
  ERR_VERIFY_SKIPPED_NOT_CURRENT: {
    en: 'not looked up: the code is no longer current, and an anonymous check learns the current status only with a current code',
    zh: '未查询:该码已不在有效期内,匿名核验仅对有效期内的码查询当前状态',
  },

  // Thrown: the caller's own configuration is wrong.
  ERR_VERIFY_CONTEXT: {
    en: 'the verification context is invalid: {field} {problem}',
    zh: '验证参数无效:{field} {problem}',
  },
  ERR_VERIFY_TRUST_LIST_DUPLICATE: {
    en: 'the trust list names {what} {value} twice',
    zh: '信任列表中 {what} {value} 出现了两次',
  },
  ERR_VERIFY_TRUST_LIST_KEY_MISMATCH: {
    en: 'trust list entry {field} says {expected}, but its verification key says {found}',
    zh: '信任列表条目 {field} 的值为 {expected},但其验证密钥的值为 {found}',
  },
  ERR_VERIFY_TRUST_LIST_DATES: {
    en: 'trust list entry {field} must be a valid date after validFrom',
    zh: '信任列表条目 {field} 必须是晚于 validFrom 的有效时间',
  },
  // Consent receipts (docs/design/consent-receipt.md).
  ERR_VERIFY_RECEIPT_MALFORMED: {
    en: 'not a well-formed consent receipt: {field} {problem}',
    zh: '不是格式正确的用证授权回执:{field} {problem}',
  },
  ERR_VERIFY_RECEIPT_SIGNATURE_INVALID: {
    en: 'the receipt signature does not verify with showing key {keyId}: the receipt was changed after signing, or signed with another key',
    zh: '回执签名无法用亮证密钥 {keyId} 验证:回执在签名后被修改,或由其他密钥签名',
  },
  ERR_VERIFY_RECEIPT_KEY_UNKNOWN: {
    en: 'key {keyId} is not a showing key of node {nodeId} on the trust list',
    zh: '密钥 {keyId} 不是信任列表中节点 {nodeId} 的亮证密钥',
  },
  ERR_VERIFY_RECEIPT_KEY_NOT_VALID: {
    en: 'showing key {keyId} was not valid when the receipt was signed ({created})',
    zh: '回执签名时({created})亮证密钥 {keyId} 不在有效期内',
  },
  ERR_VERIFY_RECEIPT_OTHER_NODE: {
    en: 'the receipt was made by node {found}, but the trust list is of node {nodeId}',
    zh: '回执由节点 {found} 生成,但信任列表属于节点 {nodeId}',
  },
  ERR_VERIFY_RECEIPT_ENDED: {
    en: 'the consent ended at {validUntil} (judged at {at})',
    zh: '该授权已于 {validUntil} 到期(核验时间 {at})',
  },
  ERR_VERIFY_RECEIPT_NOT_YET_VALID: {
    en: 'the consent starts only at {validFrom} (judged at {at})',
    zh: '该授权自 {validFrom} 起才生效(核验时间 {at})',
  },
  ERR_VERIFY_RECEIPT_SKIPPED_FORMAT: {
    en: 'not checked: the receipt could not be read',
    zh: '未检查:无法读取回执',
  },
  ERR_VERIFY_RECEIPT_SKIPPED_NO_KEY: {
    en: 'not checked: no trusted key to verify the signature with',
    zh: '未检查:没有可用于验证签名的受信任密钥',
  },
  ERR_VERIFY_RECEIPT_CONTEXT: {
    en: 'verifyConsentReceipt was called wrongly: {field} {problem}',
    zh: 'verifyConsentReceipt 调用有误:{field} {problem}',
  },
} as const satisfies ErrorTable;
