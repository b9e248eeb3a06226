/** Messages between the import's main thread and its signing threads (`signing-worker.ts`). */
import type { Licence, SuiteName, UnsignedLicence } from '@hutong/core';

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
    }
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
    }
  | { readonly type: 'sign-failed'; readonly batch: number; readonly reason: string };
