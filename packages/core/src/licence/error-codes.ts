import type { ErrorTable } from '../errors.js';

/**
 * Error codes of `licence/` (ERR_<AREA>_<WHAT>). Messages: English, then Chinese; `{name}` takes a param.
 * (`ERR_LICENCE_ID_*` belong to `identifiers/`: the identifier's own grammar.)
 */
export const licenceErrors = {
  ERR_LICENCE_NOT_OBJECT: {
    en: '{field} must be a JSON object, got {type}',
    zh: '{field} 必须是 JSON 对象,实际为 {type}',
  },
  ERR_LICENCE_MEMBER_UNKNOWN: {
    en: '{field} is not a member of a Hutong licence ({object} allows: {allowed})',
    zh: '{field} 不是互通电子证照的成员({object} 允许的成员:{allowed})',
  },
  ERR_LICENCE_MEMBER_MISSING: {
    en: '{field} is required',
    zh: '缺少必填项 {field}',
  },
  ERR_LICENCE_MEMBER_TYPE: {
    en: '{field} must be {expected}, got {type}',
    zh: '{field} 必须是{expected},实际为 {type}',
  },
  ERR_LICENCE_FORMAT_UNSUPPORTED: {
    en: 'format must be "{expected}", found "{found}"',
    zh: 'format 必须为 "{expected}",实际为 "{found}"',
  },
  ERR_LICENCE_TEXT_EMPTY: {
    en: '{field} must not be empty',
    zh: '{field} 不能为空',
  },
  ERR_LICENCE_TEXT_TOO_LONG: {
    en: '{field} is {found} characters long; at most {max} are allowed',
    zh: '{field} 长度为 {found} 个字符,最多允许 {max} 个',
  },
  ERR_LICENCE_TEXT_CONTROL_CHARACTER: {
    en: '{field} contains the control character U+{codePoint}',
    zh: '{field} 含有控制字符 U+{codePoint}',
  },
  ERR_LICENCE_TEXT_UNTRIMMED: {
    en: '{field} must not begin or end with white space',
    zh: '{field} 首尾不能有空白字符',
  },
  ERR_LICENCE_TEXT_LONE_SURROGATE: {
    en: '{field} contains a lone UTF-16 surrogate (not valid Unicode text)',
    zh: '{field} 含有孤立的 UTF-16 代理项(不是合法的 Unicode 文本)',
  },
  ERR_LICENCE_DATE_INVALID: {
    en: '{field} must be a real calendar date written yyyyMMdd, found "{found}"',
    zh: '{field} 必须是 yyyyMMdd 格式的真实日期,实际为 "{found}"',
  },
  ERR_LICENCE_DATE_ORDER: {
    en: 'the effective date {effective} is after the expiring date {expiring}',
    zh: '生效日期 {effective} 晚于截止日期 {expiring}',
  },
  ERR_LICENCE_IDENTIFIER_MISMATCH: {
    en: '{field} is "{found}" but the certificateIdentifier says "{expected}"',
    zh: '{field} 为 "{found}",与电子证照标识中的 "{expected}" 不一致',
  },
  ERR_LICENCE_PREVIOUS_MISSING: {
    en: 'version {version} must name its predecessor in previousCertificateIdentifier',
    zh: '版本 {version} 必须在 previousCertificateIdentifier 中注明上一版本',
  },
  ERR_LICENCE_PREVIOUS_UNEXPECTED: {
    en: 'version 001 has no predecessor, so previousCertificateIdentifier must be absent',
    zh: '版本 001 没有上一版本,不能出现 previousCertificateIdentifier',
  },
  ERR_LICENCE_PREVIOUS_MISMATCH: {
    en: 'previousCertificateIdentifier must be "{expected}" (the same licence, one version earlier), found "{found}"',
    zh: 'previousCertificateIdentifier 必须为 "{expected}"(同一证照的上一版本),实际为 "{found}"',
  },
  ERR_LICENCE_NOT_CANONICAL: {
    en: '{field} must be written "{expected}", found "{found}"',
    zh: '{field} 应写作 "{expected}",实际为 "{found}"',
  },
  ERR_LICENCE_FACE_NAME: {
    en: 'face field name "{name}" is not allowed: lowerCamelCase ASCII letters and digits, 1 to 48, and not a built-in object member such as "constructor"',
    zh: '照面字段名 "{name}" 不合法:应为 1 至 48 个 ASCII 字母和数字组成的小驼峰名称,且不能是 "constructor" 等对象内置成员',
  },
  ERR_LICENCE_FACE_VALUE: {
    en: 'face field {field} must be a string, a finite number or a boolean, got {type}',
    zh: '照面字段 {field} 必须是字符串、有限数值或布尔值,实际为 {type}',
  },
  ERR_LICENCE_FACE_TOO_MANY: {
    en: 'the face has {found} fields; at most {max} are allowed',
    zh: '照面有 {found} 个字段,最多允许 {max} 个',
  },
  ERR_LICENCE_STATUS_URI: {
    en: 'statusReference.uri must be an absolute http or https URI without a fragment, found "{found}"',
    zh: 'statusReference.uri 必须是以 http: 或 https: 开头、不带片段的绝对 URI,实际为 "{found}"',
  },
  ERR_LICENCE_STATUS_INDEX: {
    en: 'statusReference.index must be an integer from 0 to {max}, found {found}',
    zh: 'statusReference.index 必须是 0 至 {max} 之间的整数,实际为 {found}',
  },
  ERR_LICENCE_SUITE_UNKNOWN: {
    en: '{field} must be one of {allowed}, found "{found}"',
    zh: '{field} 必须是 {allowed} 之一,实际为 "{found}"',
  },
  ERR_LICENCE_VERIFICATION_METHOD: {
    en: 'verificationMethod must be "<issuer USCC>#<key id>", found "{found}"',
    zh: 'verificationMethod 必须为 "<颁发机构统一社会信用代码>#<密钥标识>",实际为 "{found}"',
  },
  ERR_LICENCE_VERIFICATION_METHOD_ISSUER: {
    en: 'the proof names issuer {found}, but the licence was issued by {expected}',
    zh: '签名证明中的颁发机构为 {found},但证照的颁发机构为 {expected}',
  },
  ERR_LICENCE_KEY_ID: {
    en: 'a key id is an RFC 7638 SHA-256 thumbprint: 43 base64url characters, found "{found}"',
    zh: '密钥标识应为 RFC 7638 SHA-256 指纹:43 个 base64url 字符,实际为 "{found}"',
  },
  ERR_LICENCE_CREATED: {
    en: '{field} must be an RFC 3339 UTC time with whole seconds or milliseconds, like 2026-11-29T12:00:00Z, found "{found}"',
    zh: '{field} 必须是精确到秒或毫秒的 RFC 3339 UTC 时间,例如 2026-11-29T12:00:00Z,实际为 "{found}"',
  },
  ERR_LICENCE_SIGNATURE_LENGTH: {
    en: 'a {suite} signature is {expected} bytes (raw), found {found}',
    zh: '{suite} 签名值应为 {expected} 字节(原始格式),实际为 {found} 字节',
  },
  ERR_LICENCE_BASE64URL: {
    en: '{field} is not canonical unpadded base64url (RFC 4648 §5): {problem}',
    zh: '{field} 不是规范的无填充 base64url(RFC 4648 §5):{problem}',
  },
  ERR_LICENCE_SIGNING_KEY: {
    en: 'the signing key is unusable: {problem}',
    zh: '签名密钥不可用:{problem}',
  },
  ERR_LICENCE_VERSION_LOCKED: {
    en: '{field} cannot change from one version of a licence to the next',
    zh: '{field} 在证照的不同版本之间不能变更',
  },
  ERR_LICENCE_MALFORMED: {
    en: 'the licence could not be read: {detail}',
    zh: '无法读取证照:{detail}',
  },
} as const satisfies ErrorTable;
