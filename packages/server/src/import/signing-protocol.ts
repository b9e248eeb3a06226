/** Messages between the import's main thread and its signing threads (`signing-worker.ts`). */
import type { Licence, SuiteName, UnsignedLicence } from '@hutong/core';
import type { PreparedAuditRecord } from '../audit/append-audit.js';
import type { LicenceOrigin } from '../library/library.tables.js';
import type { LogEntryParts } from '../log/log-entry.js';

/** Who issues the licences of a request, for the side records a thread prepares (issuance/issued-event.ts). */
export interface SideRecordsContext {
  readonly actor: string;
  readonly requestId?: string | undefined;
  readonly origin: LicenceOrigin;
  /** The holder-index key sent before under this reference (`holder-key`). */
  readonly holderKeyRef: number;
}

/** What a thread prepared for one signed licence: its holder index and its issue event's audit record and log entry. */
export interface PreparedSide {
  readonly holderIndex: string;
  readonly audit: PreparedAuditRecord;
  readonly log: { readonly salt: Uint8Array; readonly parts: LogEntryParts };
}

export type WorkerRequest =
  /** Load a private key under a reference number; `pkcs8` is zeroed after import. */
  | { readonly type: 'key'; readonly ref: number; readonly suite: SuiteName; readonly pkcs8: Uint8Array }
  /** Sign each item with key `ref`; answered by one reply for the whole batch. */
  | { readonly type: 'sign'; readonly batch: number; readonly ref: number; readonly items: readonly Uint8Array[] }
  /**
   * Sign each unsigned licence with key `ref` through core's `signLicence` (its strict parse,
   * RFC 8785 bytes and signature, all on the thread); `created` is `proof.created` (ISO 8601).
   */
  | {
      readonly type: 'sign-licences';
      readonly batch: number;
      readonly ref: number;
      readonly created: string;
      readonly legacyHolderCode: boolean;
      readonly items: readonly UnsignedLicence[];
      /**
       * With it, each signed licence's side records are prepared too (`sides` in the reply),
       * its status-list entry being `slots[k]`.
       */
      readonly side?: SideRecordsContext | undefined;
      readonly slots?: ReadonlyArray<{ readonly listId: number; readonly index: number }> | undefined;
    }
  /** Keep a holder-index key (library/holder-index.ts) under a reference number; no reply (messages keep their order). */
  | { readonly type: 'holder-key'; readonly ref: number; readonly key: Uint8Array }
  /** Finish what is in hand, then end the thread. */
  | { readonly type: 'close' };

export type WorkerReply =
  | { readonly type: 'key-ready'; readonly ref: number; readonly keyId: string }
  | { readonly type: 'key-failed'; readonly ref: number; readonly reason: string }
  | { readonly type: 'signed'; readonly batch: number; readonly signatures: readonly Uint8Array[] }
  /**
   * Per licence: the signed licence, or null when core refused it (the main thread signs it
   * again for the precise error); and, at the same position, the document as the store keeps
   * it (`packJson('licence-document', JSON.stringify(licence))`, store/packed-json.ts), made
   * here so that neither the JSON text nor its DEFLATE runs on the main thread (issue 3); and
   * its `licences.document_digest` (library/licence-document-digest.ts), for the same reason:
   * the licence's RFC 8785 form and its SHA-256. `texts` holds the UTF-8 of every signed
   * licence's JSON text as the answer shows it (`licenceAnswerText`), one after the other,
   * licence k ending at `textEnds[k]` (a refused one adds nothing): the batch route answers
   * with these bytes as they are (issue 3: no serialisation of 1,000 licences on the main
   * thread). One buffer for the batch, transferred, not copied.
   */
  | {
      readonly type: 'signed-licences';
      readonly batch: number;
      readonly licences: ReadonlyArray<Licence | null>;
      readonly documents: ReadonlyArray<Uint8Array | null>;
      readonly digests: ReadonlyArray<Uint8Array | null>;
      readonly texts: Uint8Array;
      readonly textEnds: readonly number[];
      /** Per licence, when the request had `side`: its prepared side records, or null (the main thread makes them). */
      readonly sides?: ReadonlyArray<PreparedSide | null> | undefined;
    }
  | { readonly type: 'sign-failed'; readonly batch: number; readonly reason: string };
