/** Messages between the import's main thread and its signing threads (`signing-worker.ts`). */
import type { LicenceProof, SuiteName, UnsignedLicence } from '@hutong/core';

export type WorkerRequest =
  /** Load a private key under a reference number; `pkcs8` is zeroed after import. */
  | { readonly type: 'key'; readonly ref: number; readonly suite: SuiteName; readonly pkcs8: Uint8Array }
  /** Sign each item with key `ref`; answered by one reply for the whole batch. */
  | { readonly type: 'sign'; readonly batch: number; readonly ref: number; readonly items: readonly Uint8Array[] }
  /**
   * Sign unsigned licences with key `ref` through core's `signLicence` (its strict parse,
   * RFC 8785 bytes and signature, all on the thread); `created` is `proof.created` (ISO 8601).
   * Every thread is sent the same batch: each takes the next licence nobody took yet
   * (`Atomics.add(claims, 0, 1)` on the counter all of them share) until none is left, so a
   * thread the scheduler runs less signs fewer and the batch ends when the last licence is
   * signed, not when the slower of two fixed halves is (issue 3, "Use both cores").
   */
  | {
      readonly type: 'sign-licences';
      readonly batch: number;
      readonly ref: number;
      readonly created: string;
      readonly legacyHolderCode: boolean;
      readonly items: readonly UnsignedLicence[];
      /** One counter over a SharedArrayBuffer: the next position of `items` to take. */
      readonly claims: Int32Array;
    }
  /** Finish what is in hand, then end the thread. */
  | { readonly type: 'close' };

export type WorkerReply =
  | { readonly type: 'key-ready'; readonly ref: number; readonly keyId: string }
  | { readonly type: 'key-failed'; readonly ref: number; readonly reason: string }
  | { readonly type: 'signed'; readonly batch: number; readonly signatures: readonly Uint8Array[] }
  /**
   * Per licence this thread took (`indices`: their positions in the request, in the order
   * taken): its proof, or null when core refused the licence (the main
   * thread signs it again for the precise error). The signed licence is the request's unsigned
   * licence with that proof (core's signLicence adds the proof to the members it checked, and
   * the thread checked a structured clone of exactly those members and values), so the licence
   * itself does not travel back: receiving 1,000 licences cost the main thread, the serial
   * part of a batch, about 2.4 µs each (issue 3; structured clone, measured in one process).
   *
   * `bytes` holds, for each signed licence one after the other, three parts made on the thread
   * so that the main thread does none of it (issue 3): the document as the store keeps it
   * (`packJson('licence-document', JSON.stringify(licence))`, store/packed-json.ts); its
   * `licences.document_digest` (library/licence-document-digest.ts: SHA-256 of its RFC 8785
   * form); and the UTF-8 of its JSON text as the batch answer shows it (`licenceAnswerText`),
   * which the batch route writes as it is. `ends[3k]`, `ends[3k + 1]` and `ends[3k + 2]` are where
   * the k-th licence taken's document, digest and text end (a refused licence adds nothing: its ends repeat
   * the previous ones). Both are transferred, not copied: one buffer per reply instead of two
   * small ones per licence.
   */
  | {
      readonly type: 'signed-licences';
      readonly batch: number;
      readonly indices: Uint32Array;
      readonly proofs: ReadonlyArray<LicenceProof | null>;
      readonly bytes: Uint8Array;
      readonly ends: Uint32Array;
    }
  | { readonly type: 'sign-failed'; readonly batch: number; readonly reason: string };
