import type { ShowCode } from './show-code.js';
import { readShowCode } from './show-code-payload.js';

/**
 * Decodes a show code's text strictly, without checking its signature (that is
 * `verifyShowCode`, with a trust list). Hostile input gets a typed error and nothing else:
 * `ERR_SHOWING_NOT_TEXT`, `ERR_SHOWING_TOO_LONG`, `ERR_SHOWING_PREFIX`, `ERR_SHOWING_BASE45`,
 * `ERR_SHOWING_TRUNCATED`, `ERR_SHOWING_TRAILING_BYTES`, `ERR_SHOWING_LIFETIME`,
 * `ERR_SHOWING_IDENTIFIER` or `ERR_SHOWING_MALFORMED`, with `field` naming the part at fault.
 *
 * @example
 * const code = decodeShowCode(scanned);
 * code.identifier // '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F'
 * code.fields // [{ source: 'metadata', key: 'certificateHolderName', value: '王小明', masked: false }, …]
 */
export function decodeShowCode(text: unknown): ShowCode {
  return readShowCode(text).showCode;
}
