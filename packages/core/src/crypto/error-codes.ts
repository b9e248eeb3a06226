import type { ErrorTable } from '../errors.js';

/** Error codes of `crypto/` (ERR_<AREA>_<WHAT>). Messages: English, then Chinese; `{name}` takes a param. */
export const cryptoErrors = {
  ERR_CRYPTO_INPUT_TYPE: {
    en: 'Expected {expected} for {what}, got {actual}',
    zh: '{what} 应为 {expected}，实际为 {actual}',
  },
  ERR_CRYPTO_SUITE_UNKNOWN: {
    en: "Unknown signature suite '{suite}'; Hutong speaks sm2-sm3, ed25519 and ecdsa-p256",
    zh: '未知的签名套件“{suite}”；互通支持 sm2-sm3、ed25519 和 ecdsa-p256',
  },
  ERR_CRYPTO_SUITE_MISMATCH: {
    en: 'The key belongs to suite {actual}, but suite {expected} was asked for',
    zh: '密钥属于 {actual} 套件，但要求的是 {expected} 套件',
  },
  ERR_CRYPTO_OPTION_INVALID: {
    en: 'Invalid option {option}: {rule}',
    zh: '选项 {option} 无效：{rule}',
  },
  ERR_CRYPTO_DER_TRUNCATED: {
    en: 'DER data for {field} ends too early at byte {offset}',
    zh: '{field} 的 DER 数据在第 {offset} 字节处提前结束',
  },
  ERR_CRYPTO_DER_NON_CANONICAL: {
    en: 'DER data for {field} at byte {offset} is not in canonical (minimal, definite-length) form',
    zh: '{field} 的 DER 数据在第 {offset} 字节处不是规范编码（最短、定长）',
  },
  ERR_CRYPTO_DER_UNEXPECTED_TAG: {
    en: 'DER data for {field} at byte {offset}: expected {expected}, found tag 0x{actual}',
    zh: '{field} 的 DER 数据在第 {offset} 字节处应为 {expected}，实际标签为 0x{actual}',
  },
  ERR_CRYPTO_DER_TRAILING_DATA: {
    en: 'DER data for {field} has {count} unexpected trailing byte(s) at byte {offset}',
    zh: '{field} 的 DER 数据在第 {offset} 字节处多出 {count} 个字节',
  },
  ERR_CRYPTO_DER_VALUE_INVALID: {
    en: 'DER value {field} at byte {offset} is not allowed here: {rule}',
    zh: '第 {offset} 字节处的 DER 值 {field} 不符合要求：{rule}',
  },
  ERR_CRYPTO_PEM_MALFORMED: {
    en: "Not a well-formed PEM block: expected a single '-----BEGIN …-----' / '-----END …-----' block with base64 content ({rule})",
    zh: 'PEM 格式错误：应为单个“-----BEGIN …-----”/“-----END …-----”块，内容为 base64（{rule}）',
  },
  ERR_CRYPTO_PEM_LABEL_UNEXPECTED: {
    en: "PEM label '{label}' is not accepted here; expected {expected}",
    zh: '此处不接受 PEM 标签“{label}”；应为 {expected}',
  },
  ERR_CRYPTO_KEY_ALGORITHM_UNSUPPORTED: {
    en: 'Key algorithm {algorithm} (curve {curve}) is not one of Hutong’s suites',
    zh: '密钥算法 {algorithm}（曲线 {curve}）不属于互通支持的套件',
  },
  ERR_CRYPTO_KEY_FORM_UNSUPPORTED: {
    en: 'This key encoding is not supported: {form}',
    zh: '不支持此密钥编码：{form}',
  },
  ERR_CRYPTO_KEY_INVALID: {
    en: 'Invalid {suite} key: {rule}',
    zh: '{suite} 密钥无效：{rule}',
  },
  ERR_CRYPTO_KEY_FOREIGN: {
    en: 'This key object was not created by Hutong’s crypto module, so its material cannot be exported',
    zh: '该密钥对象并非由互通密码模块创建，无法导出其密钥数据',
  },
  ERR_CRYPTO_JWK_INVALID: {
    en: 'Invalid JWK member {field}: {rule}',
    zh: 'JWK 成员 {field} 无效：{rule}',
  },
  ERR_CRYPTO_SIGNATURE_LENGTH: {
    en: 'A {suite} signature is {expected} bytes, got {actual}',
    zh: '{suite} 签名应为 {expected} 字节，实际为 {actual} 字节',
  },
  ERR_CRYPTO_SIGNATURE_INTEGER_RANGE: {
    en: 'Signature integer {field} must be positive and fit in {max} bytes',
    zh: '签名整数 {field} 必须为正数且不超过 {max} 字节',
  },
  ERR_CRYPTO_SIGNATURE_NO_DER_FORM: {
    en: 'Suite {suite} has no DER signature form; its signatures are always raw',
    zh: '{suite} 套件没有 DER 签名格式，其签名总是原始字节',
  },
  ERR_CRYPTO_PROVIDER_FAILED: {
    en: 'The platform crypto provider {provider} failed to {operation}',
    zh: '平台密码服务 {provider} 执行“{operation}”失败',
  },
} as const satisfies ErrorTable;
