/**
 * The cosignature collector: sends each new checkpoint of this node's log to the witnesses
 * configured in `log_witnesses` (C2SP tlog-witness `add-checkpoint`, with the consistency
 * proof from the size the witness last cosigned), checks every cosignature returned against
 * the witness's key (C2SP tlog-cosignature), and returns the lines to append to the
 * published checkpoint. A witness that does not answer within the timeout is skipped for
 * this checkpoint: the maximum merge delay is a promise to every relying party, a witness's
 * outage must not break it.
 */
import {
  formatAddCheckpointRequest,
  formatSignatureLine,
  isHutongError,
  openNote,
  parseVerifierKey,
} from '@hutong/core';
import { nodeHashProvider } from '../merkle/node-hash-provider.js';
import type { LogRuntime } from './integrate-log.js';

/** tlog-witness §add-checkpoint: the 409 body that states the witness's size. */
export const TLOG_SIZE_MEDIA_TYPE = 'text/x.tlog.size';

export interface CheckpointToWitness {
  /** The signed note (log signatures only). */
  readonly note: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  /** The previous checkpoint's size (information). */
  readonly previousSize: number;
}

type Attempt =
  | { readonly ok: true; readonly lines: string }
  | { readonly ok: false; readonly latestSize?: number; readonly error: string };

async function ask(
  rt: LogRuntime,
  witness: { readonly url: string; readonly vkey: string },
  checkpoint: CheckpointToWitness,
  oldSize: number,
): Promise<Attempt> {
  const proof =
    oldSize > 0 && oldSize < checkpoint.size ? await rt.tree.consistencyProof(oldSize, checkpoint.size) : [];
  const body = formatAddCheckpointRequest({ oldSize, proof, checkpointNote: checkpoint.note });
  const url = `${witness.url.replace(/\/+$/, '')}/add-checkpoint`;
  let response: Response;
  try {
    response = await rt.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body,
      signal: AbortSignal.timeout(rt.witnessTimeoutMs),
    });
  } catch (error) {
    return { ok: false, error: `no answer from ${url}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const text = await response.text().catch(() => '');
  if (response.status === 409 && (response.headers.get('content-type') ?? '').startsWith(TLOG_SIZE_MEDIA_TYPE)) {
    const latestSize = /^(0|[1-9][0-9]{0,15})\n?$/.test(text) ? Number(text.trim()) : undefined;
    return latestSize === undefined
      ? { ok: false, error: 'the witness answered 409 with an unreadable size' }
      : { ok: false, latestSize, error: `the witness's latest size is ${latestSize}` };
  }
  if (response.status !== 200)
    return { ok: false, error: `the witness answered ${response.status}: ${text.slice(0, 200)}` };
  // Only lines that verify with this witness's key go into the published checkpoint.
  try {
    const verifier = parseVerifierKey(witness.vkey, { hashes: nodeHashProvider });
    const opened = await openNote(checkpoint.note + text, [verifier]);
    return {
      ok: true,
      lines: opened.verifiedBy.map((s) => formatSignatureLine(s.name, s.keyId, s.signature)).join(''),
    };
  } catch (error) {
    return {
      ok: false,
      error: `the cosignature does not verify: ${isHutongError(error) ? error.code : String(error)}`,
    };
  }
}

/**
 * Asks every configured witness to cosign `checkpoint`; returns the verified cosignature
 * lines (each ending in a newline), and records per witness the size it cosigned or why not.
 *
 * @example const lines = await collectCosignatures(rt, { note, size, rootHash, previousSize });
 */
export async function collectCosignatures(rt: LogRuntime, checkpoint: CheckpointToWitness): Promise<string> {
  const witnesses = await rt.db.selectFrom('log_witnesses').selectAll().orderBy('name').execute();
  if (witnesses.length === 0) return '';
  const results = await Promise.all(
    witnesses.map(async (w) => {
      let oldSize = Number(w.size);
      let attempt: Attempt =
        oldSize > checkpoint.size
          ? { ok: false, latestSize: oldSize, error: `the witness claims size ${oldSize}, beyond this checkpoint` }
          : await ask(rt, w, checkpoint, oldSize);
      // The witness knows another size of this log (a restart, a lost answer): retry once from it.
      if (
        !attempt.ok &&
        attempt.latestSize !== undefined &&
        attempt.latestSize !== oldSize &&
        attempt.latestSize <= checkpoint.size
      ) {
        oldSize = attempt.latestSize;
        attempt = await ask(rt, w, checkpoint, oldSize);
      }
      await rt.db
        .updateTable('log_witnesses')
        .set(
          attempt.ok
            ? { size: checkpoint.size, last_error: null, updated_at: rt.now().toISOString() }
            : {
                size: attempt.latestSize ?? oldSize,
                last_error: attempt.error.slice(0, 500),
                updated_at: rt.now().toISOString(),
              },
        )
        .where('name', '=', w.name)
        .execute();
      return attempt.ok ? attempt.lines : '';
    }),
  );
  return results.join('');
}
