/** Messages between the import's main thread and its signing threads (`signing-worker.ts`). */
import type { SuiteName } from '@hutong/core';

export type WorkerRequest =
  /** Load a private key under a reference number; `pkcs8` is zeroed after import. */
  | { readonly type: 'key'; readonly ref: number; readonly suite: SuiteName; readonly pkcs8: Uint8Array }
  /** Sign each item with key `ref`; answered by one reply for the whole batch. */
  | { readonly type: 'sign'; readonly batch: number; readonly ref: number; readonly items: readonly Uint8Array[] }
  /** Finish what is in hand, then end the thread. */
  | { readonly type: 'close' };

export type WorkerReply =
  | { readonly type: 'key-ready'; readonly ref: number; readonly keyId: string }
  | { readonly type: 'key-failed'; readonly ref: number; readonly reason: string }
  | { readonly type: 'signed'; readonly batch: number; readonly signatures: readonly Uint8Array[] }
  | { readonly type: 'sign-failed'; readonly batch: number; readonly reason: string };
