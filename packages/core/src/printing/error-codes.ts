import type { ErrorTable } from '../errors.js';

/**
 * Error codes of `printing/` (ERR_<AREA>_<WHAT>): print codes (打印码) on printed licences and
 * annotated copies (加注件), docs/design/printed-licence.md. Messages: English, then Chinese.
 */
export const printingErrors = {
  ERR_PRINTING_NOT_TEXT: {
    en: 'a print code is text, got {type}',
    zh: '打印码应为文本，实际为 {type}',
  },
  ERR_PRINTING_TOO_LONG: {
    en: 'the print code is {found} characters long; at most {max} are allowed',
    zh: '打印码长度为 {found} 个字符，最多允许 {max} 个',
  },
  ERR_PRINTING_PREFIX: {
    en: 'a print code starts with "{expected}"; this text starts with "{found}"',
    zh: '打印码应以 "{expected}" 开头，此文本以 "{found}" 开头',
  },
  ERR_PRINTING_BASE45: {
    en: 'the print code is not valid base45 (RFC 9285) at character {position}: {problem}',
    zh: '打印码在第 {position} 个字符处不是有效的 base45（RFC 9285）编码：{problem}',
  },
  ERR_PRINTING_TRUNCATED: {
    en: 'the print code ends before its {field}: it was cut short or misread',
    zh: '打印码在 {field} 之前结束：内容被截断或识读有误',
  },
  ERR_PRINTING_TRAILING_BYTES: {
    en: 'the print code has {count} unexpected bytes before its signature',
    zh: '打印码在签名之前有 {count} 个多余字节',
  },
  ERR_PRINTING_MALFORMED: {
    en: "the print code's {field} is malformed: {problem}",
    zh: '打印码的 {field} 格式错误：{problem}',
  },
  ERR_PRINTING_INPUT: {
    en: 'cannot make a print code: {field} {problem}',
    zh: '无法生成打印码：{field} {problem}',
  },
  ERR_PRINTING_SIGNING_KEY: {
    en: 'the showing key cannot sign print codes: {problem}',
    zh: '亮证密钥无法签署打印码：{problem}',
  },
  ERR_PRINTING_CONTEXT: {
    en: 'cannot verify a print code: {field} {problem}',
    zh: '无法核验打印码：{field} {problem}',
  },
  // Verdict checks.
  ERR_PRINTING_SIGNATURE_INVALID: {
    en: 'the print code signature does not verify with showing key {keyId}: the code was altered or not made by this node',
    zh: '打印码签名无法用亮证密钥 {keyId} 验证：打印码被篡改或并非本节点生成',
  },
  ERR_PRINTING_KEY_ERROR: {
    en: 'showing key {keyId} could not check the print code signature: {detail}',
    zh: '亮证密钥 {keyId} 无法验证打印码签名：{detail}',
  },
  ERR_PRINTING_SKIPPED_NO_KEY: {
    en: 'not checked: no showing key on the trust list matches key hint {keyHint}',
    zh: '未检查：信任列表中没有与密钥提示 {keyHint} 匹配的亮证密钥',
  },
  ERR_PRINTING_SKIPPED_FORMAT: {
    en: 'not checked: the print code could not be read',
    zh: '未检查：打印码无法读取',
  },
  ERR_PRINTING_SKIPPED_NO_ISSUER: {
    en: 'not checked: the issuer is not on the trust list',
    zh: '未检查：发证机构不在信任列表中',
  },
  ERR_PRINTING_KEY_UNKNOWN: {
    en: 'the print code was made with key {keyHint}…, which is not a showing key on the trust list of node {nodeId}',
    zh: '打印码由密钥 {keyHint}… 生成，该密钥不是节点 {nodeId} 信任列表中的亮证密钥',
  },
  ERR_PRINTING_KEY_NOT_YET_VALID: {
    en: 'the print code was made at {printedAt}, before showing key {keyId} became valid at {validFrom}',
    zh: '打印码生成于 {printedAt}，早于亮证密钥 {keyId} 的生效时间 {validFrom}',
  },
  ERR_PRINTING_KEY_EXPIRED: {
    en: 'the print code was made at {printedAt}, after showing key {keyId} stopped being valid at {validUntil}',
    zh: '打印码生成于 {printedAt}，晚于亮证密钥 {keyId} 的失效时间 {validUntil}',
  },
  ERR_PRINTING_NOT_YET_PRINTED: {
    en: 'the print code claims to be made at {printedAt}, after now ({now})',
    zh: '打印码声称生成于 {printedAt}，晚于当前时间（{now}）',
  },
  ERR_PRINTING_ISSUER_UNTRUSTED: {
    en: 'issuer {issuerCode} is not on the trust list',
    zh: '发证机构 {issuerCode} 不在信任列表中',
  },
  ERR_PRINTING_TYPE_NOT_ALLOWED: {
    en: 'issuer {issuerCode} is not trusted to issue licences of type {typeCode}',
    zh: '发证机构 {issuerCode} 无权签发类型为 {typeCode} 的证照',
  },
  ERR_PRINTING_ANNOTATION_EXPIRED: {
    en: 'the annotated copy was valid for {relyingParty} until {expiresAt}; it is now {now}',
    zh: '该加注件仅在 {expiresAt} 之前对 {relyingParty} 有效，当前为 {now}',
  },
  ERR_PRINTING_FACE_MISMATCH: {
    en: 'the face fields given do not match the digest printed in the code: the printed copy was altered or is of another licence',
    zh: '所给照面信息与打印码中的摘要不符：纸质件已被篡改或并非该证照',
  },
  ERR_PRINTING_FACE_INVALID: {
    en: 'the face given for comparison is not a printed face: {problem}',
    zh: '用于比对的照面信息格式不正确：{problem}',
  },
} as const satisfies ErrorTable;
