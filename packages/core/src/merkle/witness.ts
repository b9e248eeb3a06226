/**
 * The pure part of a C2SP tlog-witness: parse an `add-checkpoint` request, decide
 * whether to cosign (C2SP tlog-cosignature), and say why not. The server keeps, per
 * log origin, the latest cosigned tree head, and must check-and-update it atomically
 * (tlog-witness §add-checkpoint explains the rollback race otherwise).
 *
 * Refusals carry a HutongError whose code the API maps to the spec's status:
 * REQUEST_MALFORMED 400, NOT_SIGNED 403, UNKNOWN_LOG 404, OLD_SIZE and CONFLICT 409
 * (OLD_SIZE with `latestSize` for the `text/x.tlog.size` body), PROOF 422.
 */
import { HutongError, isHutongError } from '../errors.js';
import { type Checkpoint, openCheckpoint, parseCheckpoint } from './checkpoint.js';
import { bytesEqual, decodeBase64, encodeBase64, parseDecimal, utf8 } from './encoding.js';
import { emptyRoot, HASH_SIZE, type HashProvider, nobleHashProvider } from './hash.js';
import { formatSignatureLine, MAX_NOTE_BYTES, type NoteSigner, type NoteVerifier, parseNote } from './note.js';
import { verifyConsistency } from './verify-consistency.js';

/** A log this witness watches: its origin and its keys. */
export interface WitnessedLog {
  readonly origin: string;
  readonly verifiers: readonly NoteVerifier[];
}

/** The latest tree head the witness cosigned for one log. */
export interface CosignedTreeHead {
  readonly size: number;
  readonly rootHash: Uint8Array;
}

/** The body of POST <submission prefix>/add-checkpoint. */
export interface AddCheckpointRequest {
  readonly oldSize: number;
  readonly proof: readonly Uint8Array[];
  /** The signed checkpoint note, as submitted. */
  readonly checkpointNote: string;
}

/** What a refused request proves: the log showed two views that cannot both be true. */
export interface ForkEvidence {
  readonly origin: string;
  readonly cosigned: CosignedTreeHead;
  readonly oldSize: number;
  readonly proof: readonly Uint8Array[];
  readonly checkpointNote: string;
}

export type WitnessOutcome =
  | {
      readonly ok: true;
      readonly checkpoint: Checkpoint;
      /** The response body: one cosignature line per witness key, each ending in "\n". */
      readonly cosignatures: string;
      /** Persist this (atomically with the check) before answering. */
      readonly newState: CosignedTreeHead;
    }
  | {
      readonly ok: false;
      readonly error: HutongError;
      /** Present for OLD_SIZE: the size to send back in the 409 body. */
      readonly latestSize?: number;
      /** Present when a validly signed checkpoint contradicts what was cosigned (keep it). */
      readonly evidence?: ForkEvidence;
    };

/** tlog-witness: "The client MUST NOT send more than 63 consistency proof lines." */
export const MAX_WITNESS_PROOF_LINES = 63;

/** `reasonZh`: the same reason in Chinese, for the zh-CN message (every caller states both). */
function malformed(reason: string, reasonZh: string, field = 'body'): HutongError {
  return new HutongError('ERR_MERKLE_WITNESS_REQUEST_MALFORMED', {
    field,
    params: { reason },
    zhParams: { reason: reasonZh },
  });
}

/**
 * Parses an add-checkpoint body (hostile input): `old <size>\n`, up to 63 base64 proof
 * lines, an empty line, then the signed checkpoint. Also returns the checkpoint's origin
 * line, *unverified*, so the server can load that log's state before deciding.
 *
 * @example const request = parseAddCheckpointRequest(await req.text());
 */
export function parseAddCheckpointRequest(body: unknown): AddCheckpointRequest & { readonly origin: string } {
  if (typeof body !== 'string') throw malformed('not text', '不是文本');
  if (body.length > MAX_NOTE_BYTES) throw malformed('too large', '过大');
  const blank = body.indexOf('\n\n');
  if (blank < 0) throw malformed('no empty line before the checkpoint', '检查点之前没有空行');
  const head = body.slice(0, blank).split('\n');
  const checkpointNote = body.slice(blank + 2);
  const oldLine = head[0] ?? '';
  const oldSize = oldLine.startsWith('old ') ? parseDecimal(oldLine.slice(4)) : undefined;
  if (oldSize === undefined)
    throw malformed(
      'the first line must be "old <size>" without leading zeroes',
      '第一行必须是不含前导零的“old <大小>”',
      'oldSize',
    );
  const proofLines = head.slice(1);
  if (proofLines.length > MAX_WITNESS_PROOF_LINES)
    throw malformed('more than 63 proof lines', '证明行超过 63 行', 'proof');
  const proof = proofLines.map((line, i) => {
    const hash = decodeBase64(line);
    if (hash === undefined || hash.length !== HASH_SIZE)
      throw malformed(
        'a proof line is not base64 of a 32-byte hash',
        '证明行不是 32 字节哈希值的 base64 编码',
        `proof[${i}]`,
      );
    return hash;
  });
  let origin: string;
  try {
    origin = parseCheckpoint(parseNote(checkpointNote).text).origin;
  } catch (cause) {
    throw new HutongError('ERR_MERKLE_WITNESS_REQUEST_MALFORMED', {
      field: 'checkpoint',
      params: { reason: isHutongError(cause) ? cause.message : 'the checkpoint is malformed' },
      zhParams: { reason: isHutongError(cause) ? cause.localize('zh-CN') : '检查点格式错误' },
      cause,
    });
  }
  return { oldSize, proof, checkpointNote, origin };
}

/**
 * Formats an add-checkpoint body (the log side of the protocol).
 *
 * @example await fetch(`${witness}/add-checkpoint`, { method: 'POST', body: formatAddCheckpointRequest({ oldSize, proof, checkpointNote }) })
 */
export function formatAddCheckpointRequest(request: AddCheckpointRequest): string {
  if (!Number.isSafeInteger(request.oldSize) || request.oldSize < 0)
    throw malformed('the old size must be a non-negative safe integer', '旧大小必须是非负安全整数', 'oldSize');
  if (request.proof.length > MAX_WITNESS_PROOF_LINES)
    throw malformed('more than 63 proof lines', '证明行超过 63 行', 'proof');
  const lines = [`old ${request.oldSize}`, ...request.proof.map(encodeBase64)];
  return `${lines.join('\n')}\n\n${request.checkpointNote}`;
}

/**
 * Decides an add-checkpoint request (C2SP tlog-witness §add-checkpoint) for a witness
 * whose latest cosigned head for this log is `state` (undefined: never cosigned), and
 * cosigns with `cosigners` (cosignature/v1 keys) when every check passes.
 *
 * @example const outcome = await witnessAddCheckpoint(saved, request, logs, [witnessKey.signer]);
 *          if (outcome.ok) { await save(outcome.newState); reply(200, outcome.cosignatures) }
 */
export async function witnessAddCheckpoint(
  state: CosignedTreeHead | undefined,
  request: AddCheckpointRequest,
  logs: readonly WitnessedLog[],
  cosigners: readonly NoteSigner[],
  hashes: HashProvider = nobleHashProvider,
): Promise<WitnessOutcome> {
  const refuse = (
    error: HutongError,
    extra: { latestSize?: number; evidence?: ForkEvidence } = {},
  ): WitnessOutcome => ({ ok: false, error, ...extra });
  const { oldSize, proof, checkpointNote } = request;
  if (!Number.isSafeInteger(oldSize) || oldSize < 0)
    return refuse(malformed('the old size must be a non-negative safe integer', '旧大小必须是非负安全整数', 'oldSize'));
  if (!Array.isArray(proof) || proof.length > MAX_WITNESS_PROOF_LINES)
    return refuse(malformed('at most 63 proof hashes', '证明哈希值至多 63 个', 'proof'));

  let unverified: Checkpoint;
  try {
    unverified = parseCheckpoint(parseNote(checkpointNote).text);
  } catch (cause) {
    return refuse(
      malformed(
        isHutongError(cause) ? cause.message : 'the checkpoint is malformed',
        isHutongError(cause) ? cause.localize('zh-CN') : '检查点格式错误',
        'checkpoint',
      ),
    );
  }
  const log = logs.find((l) => l.origin === unverified.origin);
  if (log === undefined) {
    return refuse(
      new HutongError('ERR_MERKLE_WITNESS_UNKNOWN_LOG', { field: 'origin', params: { origin: unverified.origin } }),
    );
  }
  let checkpoint: Checkpoint;
  try {
    ({ checkpoint } = await openCheckpoint(checkpointNote, log.origin, log.verifiers));
  } catch (cause) {
    return refuse(
      new HutongError('ERR_MERKLE_WITNESS_NOT_SIGNED', { field: 'signatures', params: { origin: log.origin }, cause }),
    );
  }

  if (oldSize > checkpoint.size)
    return refuse(
      malformed(
        `the old size ${oldSize} is larger than the checkpoint size ${checkpoint.size}`,
        `旧大小 ${oldSize} 大于检查点的大小 ${checkpoint.size}`,
        'oldSize',
      ),
    );
  // Never cosigned: the witness's view is the empty tree.
  const latest: CosignedTreeHead = state ?? { size: 0, rootHash: emptyRoot(hashes) };
  if (oldSize !== latest.size) {
    return refuse(
      new HutongError('ERR_MERKLE_WITNESS_OLD_SIZE', {
        field: 'oldSize',
        params: { oldSize, latestSize: latest.size },
      }),
      { latestSize: latest.size },
    );
  }
  const evidence: ForkEvidence = { origin: log.origin, cosigned: latest, oldSize, proof, checkpointNote };
  if (oldSize === 0 && proof.length > 0)
    return refuse(malformed('the proof must be empty when the old size is 0', '旧大小为 0 时证明必须为空', 'proof'));
  if (checkpoint.size === latest.size) {
    if (!bytesEqual(checkpoint.rootHash, latest.rootHash)) {
      return refuse(
        new HutongError('ERR_MERKLE_WITNESS_CONFLICT', { field: 'rootHash', params: { size: checkpoint.size } }),
        { evidence },
      );
    }
    if (proof.length > 0) {
      return refuse(
        new HutongError('ERR_MERKLE_WITNESS_PROOF', { field: 'proof', params: { oldSize, size: checkpoint.size } }),
      );
    }
  } else if (oldSize > 0) {
    try {
      verifyConsistency(hashes, oldSize, checkpoint.size, proof, latest.rootHash, checkpoint.rootHash);
    } catch (cause) {
      return refuse(
        new HutongError('ERR_MERKLE_WITNESS_PROOF', {
          field: 'proof',
          params: { oldSize, size: checkpoint.size },
          cause,
        }),
        { evidence },
      );
    }
  }

  const text = parseNote(checkpointNote).text;
  const message = utf8(text);
  let cosignatures = '';
  for (const signer of cosigners)
    cosignatures += formatSignatureLine(signer.name, signer.keyId, await signer.sign(message));
  return { ok: true, checkpoint, cosignatures, newState: { size: checkpoint.size, rootHash: checkpoint.rootHash } };
}
