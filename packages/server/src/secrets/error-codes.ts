import type { ErrorTable } from '@hutong/core';

/** Error codes of `secrets/` (the master key and what is derived from it). English, then Chinese. */
export const secretsErrors = {
  ERR_SECRETS_MASTER_KEY_INVALID: {
    en: 'The master key from {source} is not 32 bytes of base64url, base64 or hex.',
    zh: '来自 {source} 的主密钥不是 32 字节的 base64url、base64 或十六进制编码。',
  },
  ERR_SECRETS_MASTER_KEY_UNREADABLE: {
    en: 'The master key file {file} cannot be read or created.',
    zh: '无法读取或创建主密钥文件 {file}。',
  },
  ERR_SECRETS_MASTER_KEY_UNKNOWN: {
    en: 'A value was encrypted under master key {masterKeyId}, which this node does not hold; add it to HUTONG_MASTER_KEY_PREVIOUS.',
    zh: '数据由主密钥 {masterKeyId} 加密，本节点没有该密钥；请将其加入 HUTONG_MASTER_KEY_PREVIOUS。',
  },
  ERR_SECRETS_DECRYPT_FAILED: {
    en: 'An encrypted value ({purpose}) is malformed or was altered.',
    zh: '加密数据（{purpose}）格式有误或已被篡改。',
  },
  ERR_SECRETS_ROTATION_SAME_KEY: {
    en: 'The new master key is the current one ({masterKeyId}); a rotation needs a different key.',
    zh: '新主密钥与当前主密钥（{masterKeyId}）相同；轮换须使用不同的密钥。',
  },
  ERR_SECRETS_MASTER_KEY_FROM_ENV: {
    en: 'The master key comes from {variable}, so it cannot be rotated in a file: rotate with the new key and then change the variable.',
    zh: '主密钥来自环境变量 {variable}，不能通过文件轮换：请用新密钥执行轮换后再修改该变量。',
  },
} as const satisfies ErrorTable;
