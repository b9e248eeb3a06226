/**
 * What the verifier does with scanned or pasted text: find the code in it (a show code as the
 * holder's phone shows it, or a printed licence's QR code, which holds the verification page's
 * address `<node>/v/<code>`: docs/design/printed-licence.md §2) and verify it offline with core.
 */
import {
  codeOfVerificationPath,
  isPrintCodeText,
  type PreparedTrustList,
  verifyPrintCode,
  verifyShowCode,
} from '@hutong/core';
import type { CodeVerdict } from './describe-verdict.js';

/**
 * The code in scanned text: the text itself, or the last path segment of a verification
 * page's address (percent-decoded). White space around it is dropped.
 *
 * @example codeOfScan('https://hutong.example.cn/v/HP1:6BF%2FK9') // 'HP1:6BF/K9'
 */
export function codeOfScan(text: string): string {
  const trimmed = text.trim();
  if (/^https?:\/\//i.test(trimmed)) {
    try {
      return codeOfVerificationPath(new URL(trimmed).pathname) ?? trimmed;
    } catch {
      return trimmed;
    }
  }
  return trimmed;
}

/**
 * Verifies a show code or a print code offline against the node's prepared trust list.
 *
 * @example const verdict = await verifyCode(codeOfScan(scanned), trust.prepared, new Date());
 */
export function verifyCode(code: string, trust: PreparedTrustList, now: Date): Promise<CodeVerdict> {
  return isPrintCodeText(code) ? verifyPrintCode(code, trust, { now }) : verifyShowCode(code, trust, { now });
}
