/**
 * A log's checkpoint signer that keeps the tlog-checkpoint promise in code: "Logs MUST
 * not sign any checkpoint which is inconsistent with any checkpoint it previously
 * signed." It remembers the last signed tree head and refuses, with a typed error,
 *   - a smaller tree size (ERR_MERKLE_CHECKPOINT_ROLLBACK),
 *   - the same size with another root hash (ERR_MERKLE_CHECKPOINT_FORK),
 *   - a larger size without a valid consistency proof from the last signed one
 *     (ERR_MERKLE_CHECKPOINT_INCONSISTENT).
 * Consistency is transitive, so checking against the last signed head covers them all.
 */
import { HutongError } from '../errors.js';
import { type CheckpointInput, formatCheckpoint } from './checkpoint.js';
import { bytesEqual, decodeBase64, encodeBase64 } from './encoding.js';
import { emptyRoot, HASH_SIZE, type HashProvider, nobleHashProvider } from './hash.js';
import { type NoteSigner, signNote } from './note.js';
import { verifyConsistency } from './verify-consistency.js';

/** The last tree head a log signed, in JSON form (root hash in base64). */
export interface SignedTreeHeadState {
  readonly size: number;
  readonly rootHash: string;
}

export interface CheckpointSignerOptions {
  /** The log's origin line; every checkpoint signed carries it. */
  readonly origin: string;
  /** The log's keys: an Ed25519 key (C2SP interop) and optionally an SM2 one. */
  readonly signers: readonly NoteSigner[];
  /** The last signed tree head, restored from storage (undefined for a new log). */
  readonly state?: SignedTreeHeadState | undefined;
  /**
   * Called with the new state after the checks pass and before anything is signed, so
   * the server records what it is about to sign (write-ahead): after a crash, the
   * signer resumes from a state at least as new as anything it ever released.
   */
  readonly persist?: (state: SignedTreeHeadState) => void | Promise<void>;
  readonly hashes?: HashProvider;
}

export class CheckpointSigner {
  readonly #origin: string;
  readonly #signers: readonly NoteSigner[];
  readonly #persist: ((state: SignedTreeHeadState) => void | Promise<void>) | undefined;
  readonly #hashes: HashProvider;
  #latest: { size: number; rootHash: Uint8Array } | undefined;
  // Sign requests run one at a time: check, persist and sign must not interleave, or two
  // concurrent requests could both pass the check against the same old head.
  #queue: Promise<unknown> = Promise.resolve();

  /** @example new CheckpointSigner({ origin: 'hutong.example/log', signers: [logKey.signer], state: saved }) */
  constructor(options: CheckpointSignerOptions) {
    this.#origin = options.origin;
    this.#signers = options.signers;
    this.#persist = options.persist;
    this.#hashes = options.hashes ?? nobleHashProvider;
    if (options.signers.length === 0)
      throw new HutongError('ERR_MERKLE_NOTE_KEY_MALFORMED', {
        field: 'signers',
        params: { reason: 'a log needs at least one key' },
        zhParams: { reason: '日志至少需要一个密钥' },
      });
    if (options.state !== undefined) {
      const { size, rootHash } = options.state;
      const root = typeof rootHash === 'string' ? decodeBase64(rootHash) : undefined;
      if (!Number.isSafeInteger(size) || size < 0 || root === undefined || root.length !== HASH_SIZE) {
        throw new HutongError('ERR_MERKLE_CHECKPOINT_MALFORMED', {
          field: 'state',
          params: { reason: 'the saved tree head is invalid' },
          zhParams: { reason: '保存的树头无效' },
        });
      }
      this.#latest = { size, rootHash: root };
    }
  }

  /** The last signed tree head (JSON form), or undefined if nothing was signed yet. */
  get state(): SignedTreeHeadState | undefined {
    return this.#latest === undefined
      ? undefined
      : { size: this.#latest.size, rootHash: encodeBase64(this.#latest.rootHash) };
  }

  /**
   * Signs a checkpoint for `tree` if it is consistent with every checkpoint signed
   * before; `proof` is the consistency proof from the last signed size (none needed
   * from size 0, or to re-sign the same head). Returns the signed note.
   *
   * @example await signer.sign({ size: tree.size, rootHash: tree.rootHash() }, consistencyProof(last.size, tree.size, tree))
   */
  sign(tree: Omit<CheckpointInput, 'origin'>, proof: readonly Uint8Array[] = []): Promise<string> {
    const run = this.#queue.then(() => this.#sign(tree, proof));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #sign(tree: Omit<CheckpointInput, 'origin'>, proof: readonly Uint8Array[]): Promise<string> {
    const text = formatCheckpoint({ ...tree, origin: this.#origin });
    const { size, rootHash } = tree;
    // RFC 9162 §2.1.1: the empty tree has exactly one root hash.
    if (size === 0 && !bytesEqual(rootHash, emptyRoot(this.#hashes))) {
      throw new HutongError('ERR_MERKLE_CHECKPOINT_FORK', { field: 'rootHash', params: { size } });
    }
    const latest = this.#latest;
    if (latest !== undefined) {
      if (size < latest.size) {
        throw new HutongError('ERR_MERKLE_CHECKPOINT_ROLLBACK', {
          field: 'size',
          params: { size, latestSize: latest.size },
        });
      }
      if (size === latest.size && !bytesEqual(rootHash, latest.rootHash)) {
        throw new HutongError('ERR_MERKLE_CHECKPOINT_FORK', { field: 'rootHash', params: { size } });
      }
      if (size > latest.size && latest.size > 0) {
        try {
          verifyConsistency(this.#hashes, latest.size, size, proof, latest.rootHash, rootHash);
        } catch (cause) {
          throw new HutongError('ERR_MERKLE_CHECKPOINT_INCONSISTENT', {
            field: 'proof',
            params: { size, latestSize: latest.size },
            cause,
          });
        }
      }
    }
    const next = { size, rootHash: Uint8Array.from(rootHash) };
    await this.#persist?.({ size, rootHash: encodeBase64(next.rootHash) });
    this.#latest = next;
    return signNote(text, this.#signers);
  }
}
