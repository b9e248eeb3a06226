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

function malformed(rule: string): HutongError {
  return new HutongError('ERR_CRYPTO_PEM_MALFORMED', { field: 'pem', params: { rule } });
}

/** Labels that are keys in encodings Hutong does not read, with the way to convert them. */
const KNOWN_OTHER_FORMS: Readonly<Record<string, string>> = {
  'ENCRYPTED PRIVATE KEY': 'encrypted PKCS#8; decrypt it first (openssl pkcs8 -in key.pem -out plain.pem)',
  'EC PRIVATE KEY': 'SEC 1 "traditional" EC key; convert it (openssl pkcs8 -topk8 -nocrypt -in key.pem)',
  'RSA PRIVATE KEY': 'RSA keys are not a Hutong suite',
  'RSA PUBLIC KEY': 'RSA keys are not a Hutong suite',
  'EC PARAMETERS': 'curve parameters, not a key (openssl genpkey writes them only with -genparam)',
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
  if (text.length > MAX_PEM_LENGTH) throw malformed(`longer than ${MAX_PEM_LENGTH} characters`);
  const match = BLOCK.exec(text.trim());
  if (match === null) throw malformed('no single BEGIN/END block');
  const [, begin = '', body = '', end = ''] = match;
  if (begin !== end) throw malformed(`BEGIN ${begin} closed by END ${end}`);
  if (body.includes('-----')) throw malformed('more than one block');
  if (body.includes(':')) throw malformed('RFC 1421 headers are not accepted');
  if (!labels.includes(begin)) {
    const other = KNOWN_OTHER_FORMS[begin];
    if (other !== undefined) {
      throw new HutongError('ERR_CRYPTO_KEY_FORM_UNSUPPORTED', { field: 'pem', params: { form: other } });
    }
    throw new HutongError('ERR_CRYPTO_PEM_LABEL_UNEXPECTED', {
      field: 'pem',
      params: { label: begin, expected: labels.map((l) => `'${l}'`).join(' or ') },
    });
  }
  const der = base64Decode(body.replace(/[ \t\r\n]+/g, ''));
  if (der === undefined || der.length === 0) throw malformed('the content is not canonical base64');
  return { label: begin, der };
}

/** Encodes DER as a PEM block with 64-character lines (RFC 7468 §2), ending in a newline. */
export function encodePem(label: string, der: Uint8Array): string {
  const b64 = base64Encode(der);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
