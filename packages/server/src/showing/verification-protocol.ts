/**
 * Messages between the event loop and a verification thread (verification-threads.ts,
 * verification-worker.ts). Licences and answers travel as JSON text: a structured clone of a
 * parsed licence cost the event loop 25–70 µs a message (V8's serializer walks every member;
 * measured in the online-verify harness), JSON.stringify of it ~4 µs and a string's copy less.
 */
import type { Verdict } from '@hutong/core';
import type { LicenceStatusRead } from '../library/licence-status-read.js';

/** One licence to verify: core's `verifyLicence` against trust list `list`, judged at `at` (ms). */
export interface LicenceItem {
  /** The licence as JSON text. */
  readonly text: string;
  /**
   * Whether the caller gave the licence as JSON text (verified as text: core's strict parser) or
   * as parsed JSON (the text is its JSON.stringify; the thread verifies its JSON.parse, the
   * same members and values).
   */
  readonly given: 'text' | 'parsed';
  readonly at: number;
}

export type VerificationRequest =
  /** The store's SQLite file: the thread opens its own read-only connection to it. */
  | { readonly type: 'store'; readonly file: string }
  /** A trust list the thread prepares (verifies against the anchor and imports keys) under `ref`. */
  | {
      readonly type: 'trust-list';
      readonly ref: number;
      readonly text: string;
      readonly nodeId: string;
      readonly anchorPem: string;
      readonly at: number;
    }
  /** Forgets trust list `ref` (a newer one replaced it). */
  | { readonly type: 'drop-trust-list'; readonly ref: number }
  | {
      readonly type: 'verify-licences';
      readonly batch: number;
      readonly list: number;
      readonly items: readonly LicenceItem[];
    }
  | { readonly type: 'close' };

/**
 * A licence's verdict, and the library's status row of the licence it names when the verdict's
 * signature and issuer checks passed (undefined: the library holds no such licence).
 */
export interface LicenceAnswer {
  readonly verdict: Verdict;
  /** The row's status and encumbrances (its document digest served the held-copy check on the thread). */
  readonly status?: Omit<LicenceStatusRead, 'documentDigest'> | undefined;
}

export type VerificationReply =
  /** `answers`: the JSON text of the batch's `LicenceAnswer[]`, in the order asked. */
  | { readonly type: 'verified-licences'; readonly batch: number; readonly answers: string }
  | { readonly type: 'failed'; readonly batch: number; readonly reason: string };
