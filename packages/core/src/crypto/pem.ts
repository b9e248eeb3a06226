/**
 * PEM armour (RFC 7468) for keys. Reading follows RFC 7468 §3 "lax" parsing for whitespace
 * (CRLF, trailing blanks, any line length — what OpenSSL and editors produce) but refuses
 * everything that changes meaning: several blocks, headers (RFC 1421 `Proc-Type`), text
 * around the block, mismatched labels, non-canonical base64.
 */
import { HutongError } from '../errors.js';
import { base64Decode, base64Encode, typeName } from './bytes.js';

/** Keys are small; a cap keeps a hostile multi-megabyte "PEM" from being scanned. */
const MAX_PEM_LENGTH = 64 * 1024;

const BLOCK = /^-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)\r?\n-----END ([A-Z0-9 ]+)-----$/;

/** `ruleZh`: the same rule in Chinese, for the zh-CN message (every caller states both). */
function malformed(rule: string, ruleZh: string): HutongError {
  return new HutongError('ERR_CRYPTO_PEM_MALFORMED', { field: 'pem', params: { rule }, zhParams: { rule: ruleZh } });
}

/** Labels that are keys in encodings Hutong does not read, with the way to convert them. */
/** PEM labels of key forms Hutong does not read, with what to do: [English, Chinese]. */
const KNOWN_OTHER_FORMS: Readonly<Record<string, readonly [en: string, zh: string]>> = {
  'ENCRYPTED PRIVATE KEY': [
    'encrypted PKCS#8; decrypt it first (openssl pkcs8 -in key.pem -out plain.pem)',
    '加密的 PKCS#8；请先解密（openssl pkcs8 -in key.pem -out plain.pem）',
  ],
  'EC PRIVATE KEY': [
    'SEC 1 "traditional" EC key; convert it (openssl pkcs8 -topk8 -nocrypt -in key.pem)',
    'SEC 1“传统”格式的椭圆曲线密钥；请先转换（openssl pkcs8 -topk8 -nocrypt -in key.pem）',
  ],
  'RSA PRIVATE KEY': ['RSA keys are not a Hutong suite', 'RSA 密钥不属于互通支持的套件'],
  'RSA PUBLIC KEY': ['RSA keys are not a Hutong suite', 'RSA 密钥不属于互通支持的套件'],
  'EC PARAMETERS': [
    'curve parameters, not a key (openssl genpkey writes them only with -genparam)',
    '这是曲线参数而不是密钥（openssl genpkey 仅在使用 -genparam 时写出）',
  ],
};

/**
 * Decodes one PEM block whose label is among `labels` and returns its DER bytes.
 *
 * @example decodePem(text, ['PUBLIC KEY']) // { label: 'PUBLIC KEY', der: Uint8Array(91) }
 */
export function decodePem(text: unknown, labels: readonly string[]): { label: string; der: Uint8Array } {
  if (typeof text !== 'string') {
    throw new HutongError('ERR_CRYPTO_INPUT_TYPE', {
      field: 'pem',
      params: { what: 'pem', expected: 'string', actual: typeName(text) },
    });
  }
  if (text.length > MAX_PEM_LENGTH)
    throw malformed(`longer than ${MAX_PEM_LENGTH} characters`, `超过 ${MAX_PEM_LENGTH} 个字符`);
  const match = BLOCK.exec(text.trim());
  if (match === null) throw malformed('no single BEGIN/END block', '不是单个 BEGIN/END 块');
  const [, begin = '', body = '', end = ''] = match;
  if (begin !== end) throw malformed(`BEGIN ${begin} closed by END ${end}`, `BEGIN ${begin} 与 END ${end} 不匹配`);
  if (body.includes('-----')) throw malformed('more than one block', '多于一个块');
  if (body.includes(':')) throw malformed('RFC 1421 headers are not accepted', '不接受 RFC 1421 头部');
  if (!labels.includes(begin)) {
    const other = KNOWN_OTHER_FORMS[begin];
    if (other !== undefined) {
      throw new HutongError('ERR_CRYPTO_KEY_FORM_UNSUPPORTED', {
        field: 'pem',
        params: { form: other[0] },
        zhParams: { form: other[1] },
      });
    }
    throw new HutongError('ERR_CRYPTO_PEM_LABEL_UNEXPECTED', {
      field: 'pem',
      params: { label: begin, expected: labels.map((l) => `'${l}'`).join(' or ') },
      zhParams: { expected: labels.map((l) => `“${l}”`).join('或') },
    });
  }
  const der = base64Decode(body.replace(/[ \t\r\n]+/g, ''));
  if (der === undefined || der.length === 0)
    throw malformed('the content is not canonical base64', '内容不是规范的 base64 编码');
  return { label: begin, der };
}

/** Encodes DER as a PEM block with 64-character lines (RFC 7468 §2), ending in a newline. */
export function encodePem(label: string, der: Uint8Array): string {
  const b64 = base64Encode(der);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
