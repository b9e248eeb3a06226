/**
 * `verifyPublicly`: `POST /api/v1/verify/public` — the online part of the verification page
 * `/v/<code>` for anyone holding a show code or a printed licence's QR code, without an
 * account (docs/design/printed-licence.md §4, show-code.md §5). It runs `verifyOnline` for the
 * anonymous audience and answers only what the code itself already discloses, plus the one
 * thing the page cannot know offline: whether the library holds the licence as valid now.
 */
import type { PrintCodeSummary, ShowCodeSummary } from '@hutong/core';
import type { AppContext } from '../app-context.js';
import { ANONYMOUS } from '../auth/principal.js';
import type { NodeTrustListOptions } from '../trust/build-node-trust-list.js';
import { type OnlineCheck, verifyOnline } from './verify-online.js';

/** The public verdict: no encumbrances, no printed face, no replay history, no status dates. */
export interface PublicVerdict {
  readonly valid: boolean;
  readonly kind: 'show-code' | 'printed-licence';
  readonly at: string;
  readonly checks: readonly OnlineCheck[];
  /** What the code says of itself (decoded from the very text the caller sent). */
  readonly showCode?: ShowCodeSummary;
  readonly printCode?: PrintCodeSummary;
  /** Looked up only for a genuine, current code. `status` is core's `LicenceStatus`. */
  readonly currentStatus?: { readonly identifier: string; readonly status: string };
  readonly trustList: { readonly nodeId: string; readonly version: number };
}

/**
 * Verifies `code` for the public page. Never throws for a bad code (the verdict says why);
 * `ERR_API_BAD_REQUEST` for a licence document (a public page checks codes only).
 *
 * @example const verdict = await verifyPublicly(ctx, 'HP1:…'); verdict.currentStatus?.status // 'valid'
 */
export async function verifyPublicly(
  ctx: AppContext,
  code: string,
  options: NodeTrustListOptions & { readonly requestId?: string | undefined } = {},
): Promise<PublicVerdict> {
  const verdict = await verifyOnline(ctx, ANONYMOUS, { code }, { ...options, audience: 'public' });
  const kind = verdict.kind === 'printed-licence' ? 'printed-licence' : 'show-code';
  return {
    valid: verdict.valid,
    kind,
    at: verdict.at,
    checks: verdict.checks,
    ...(verdict.showCode === undefined ? {} : { showCode: verdict.showCode }),
    ...(verdict.printCode === undefined ? {} : { printCode: verdict.printCode }),
    ...(verdict.currentStatus === undefined
      ? {}
      : { currentStatus: { identifier: verdict.currentStatus.identifier, status: verdict.currentStatus.status } }),
    trustList: verdict.trustList,
  };
}
