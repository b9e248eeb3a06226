/**
 * What the verifier does with scanned or pasted text: find the code in it (a show code as the
 * holder's phone shows it, or a printed licence's QR code, which holds the verification page's
 * address `<node>/v/<code>`: docs/design/printed-licence.md §2) and verify it offline with core.
 */
import {
  codeOfVerificationPath,
  decodePrintCode,
  decodeShowCode,
  isHutongError,
  isPrintCodeText,
  openStatusListToken,
  type PreparedTrustList,
  type StatusList,
  statusListPath,
  verifyPrintCode,
  verifyShowCode,
} from '@hutong/core';
import { fetchStatusListToken } from './check-licence.js';
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

/** The status list a code names (docs/design/show-code.md §3.5), opened; or why it could not be. */
async function cachedList(
  code: string,
  trust: PreparedTrustList,
): Promise<{ readonly list?: StatusList; readonly problem?: { code?: string; reason: string } }> {
  let issuerCode: string;
  let listId: number | undefined;
  try {
    const decoded = isPrintCodeText(code) ? decodePrintCode(code) : decodeShowCode(code);
    issuerCode = decoded.issuerCode;
    listId = decoded.statusListSlot?.listId;
  } catch {
    return {}; // the verdict's format check says why
  }
  if (listId === undefined) return {};
  const token = await fetchStatusListToken(statusListPath(issuerCode, listId));
  if (token === undefined) return {};
  try {
    // Opened without judging `exp` (at the epoch): the status-list check says a stale list is stale.
    return { list: await openStatusListToken(token, trust.keys, { at: new Date(0) }) };
  } catch (error) {
    return {
      problem: isHutongError(error) ? { code: error.code, reason: error.message } : { reason: String(error) },
    };
  }
}

/**
 * Verifies a show code or a print code offline against the node's prepared trust list and,
 * when this node (or, offline, the service worker's copy) has it, the issuer's status list the
 * code names: a licence revoked or suspended since the code was made is then refused.
 *
 * @example const verdict = await verifyCode(codeOfScan(scanned), trust.prepared, new Date());
 */
export async function verifyCode(code: string, trust: PreparedTrustList, now: Date): Promise<CodeVerdict> {
  const { list, problem } = await cachedList(code, trust);
  const statusLists = list === undefined ? [] : [list];
  const verdict = isPrintCodeText(code)
    ? await verifyPrintCode(code, trust, { now, statusLists })
    : await verifyShowCode(code, trust, { now, statusLists });
  if (problem === undefined) return verdict;
  // A list that does not open is said so in the status-list check, not ignored.
  const checks = verdict.checks.map((c) =>
    c.name === 'status-list'
      ? {
          name: c.name,
          ok: false,
          reason: problem.reason,
          ...(problem.code === undefined ? {} : { code: problem.code }),
        }
      : c,
  );
  return { ...verdict, valid: false, checks } as CodeVerdict;
}
