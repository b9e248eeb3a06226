/**
 * C2SP tlog-checkpoint: the note text `<origin>\n<tree size>\n<base64 root hash>\n`
 * followed by optional extension lines, signed as a C2SP signed note.
 */
import { HutongError } from '../errors.js';
import { decodeBase64, encodeBase64, hasLoneSurrogate, parseDecimal } from './encoding.js';
import { HASH_SIZE } from './hash.js';
import { type NoteVerifier, type OpenedNote, openNote } from './note.js';

/** A log's signed tree head, as the checkpoint's note text states it. */
export interface Checkpoint {
  /** The log's identity, e.g. `hutong.example/log` (schema-less URL recommended). */
  readonly origin: string;
  /** Number of entries (leaves) in the tree. */
  readonly size: number;
  /** RFC 9162 Merkle Tree Hash of the tree at that size. */
  readonly rootHash: Uint8Array;
  /** Opaque extension lines (NOT RECOMMENDED by the spec: monitors cannot audit them). */
  readonly extensions: readonly string[];
}

/** What `formatCheckpoint` takes: extensions are optional. */
export interface CheckpointInput {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
  readonly extensions?: readonly string[];
}

/** `reasonZh`: the same reason in Chinese, for the zh-CN message (every caller states both). */
function malformed(reason: string, reasonZh: string, field: string): HutongError {
  return new HutongError('ERR_MERKLE_CHECKPOINT_MALFORMED', {
    field,
    params: { reason },
    zhParams: { reason: reasonZh },
  });
}

function checkLine(line: unknown, field: string, what: string, whatZh: string): string {
  if (typeof line !== 'string' || line.length === 0)
    throw malformed(`the ${what} must be a non-empty line`, `${whatZh}必须是非空的一行`, field);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: signed notes forbid control characters
  if (/[\u0000-\u001f]/.test(line) || hasLoneSurrogate(line))
    throw malformed(`the ${what} must be one line of valid text`, `${whatZh}必须是一行有效文本`, field);
  return line;
}

/**
 * The checkpoint note text (to be signed with `signNote`).
 *
 * @example formatCheckpoint({ origin: 'hutong.example/log', size: 3, rootHash })
 *          // 'hutong.example/log\n3\n<base64 root>\n'
 */
export function formatCheckpoint(checkpoint: CheckpointInput): string {
  const origin = checkLine(checkpoint.origin, 'origin', 'origin', '来源行');
  const { size, rootHash } = checkpoint;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)
    throw malformed('the tree size must be a non-negative safe integer', '树大小必须是非负安全整数', 'size');
  if (!(rootHash instanceof Uint8Array) || rootHash.length !== HASH_SIZE)
    throw malformed('the root hash must be 32 bytes', '根哈希必须为 32 字节', 'rootHash');
  const extensions = (checkpoint.extensions ?? []).map((e, i) =>
    checkLine(e, `extensions[${i}]`, 'extension line', '扩展行'),
  );
  return [origin, String(size), encodeBase64(rootHash), ...extensions].map((l) => `${l}\n`).join('');
}

/**
 * Parses checkpoint note text (hostile input): three non-empty lines and optional
 * non-empty extension lines, the size in canonical decimal (no leading zeroes, at most
 * 2^53 − 1), the root hash as canonical base64 of 32 bytes. Throws
 * ERR_MERKLE_CHECKPOINT_MALFORMED with the faulty line as `field`.
 *
 * @example parseCheckpoint(opened.text).size
 */
export function parseCheckpoint(text: unknown): Checkpoint {
  if (typeof text !== 'string') throw malformed('not text', '不是文本', 'text');
  if (!text.endsWith('\n')) throw malformed('the text must end with a newline', '文本必须以换行符结尾', 'text');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw malformed('a checkpoint has at least three lines', '检查点至少有三行', 'text');
  const [originLine, sizeLine, rootLine, ...extensions] = lines as [string, string, string, ...string[]];
  const origin = checkLine(originLine, 'origin', 'origin', '来源行');
  const size = parseDecimal(sizeLine);
  if (size === undefined)
    throw malformed(
      'the tree size must be a decimal without leading zeroes, below 2^53',
      '树大小必须是不含前导零、小于 2^53 的十进制数',
      'size',
    );
  const rootHash = decodeBase64(rootLine);
  if (rootHash === undefined || rootHash.length !== HASH_SIZE)
    throw malformed('the root hash must be base64 of 32 bytes', '根哈希必须是 32 字节的 base64 编码', 'rootHash');
  extensions.forEach((e, i) => {
    checkLine(e, `extensions[${i}]`, 'extension line', '扩展行');
  });
  return { origin, size, rootHash, extensions };
}

/** A checkpoint whose note was opened with trusted keys. */
export interface VerifiedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly note: OpenedNote;
}

/**
 * Opens a signed checkpoint from log `origin`: the note must verify with `logVerifiers`
 * (the log's keys; other signatures such as cosignatures may be present and are kept
 * in `note.unverified` unless their verifiers are passed too), at least one log key
 * must have signed, and the origin line must be `origin`.
 * Errors: ERR_MERKLE_NOTE_* (signatures), ERR_MERKLE_CHECKPOINT_MALFORMED,
 * ERR_MERKLE_CHECKPOINT_ORIGIN, ERR_MERKLE_CHECKPOINT_NOT_SIGNED_BY_LOG.
 *
 * @example const { checkpoint } = await openCheckpoint(body, 'hutong.example/log', [logKey.verifier])
 */
export async function openCheckpoint(
  note: unknown,
  origin: string,
  logVerifiers: readonly NoteVerifier[],
  otherVerifiers: readonly NoteVerifier[] = [],
): Promise<VerifiedCheckpoint> {
  const opened = await openNote(note, [...logVerifiers, ...otherVerifiers]);
  const checkpoint = parseCheckpoint(opened.text);
  if (checkpoint.origin !== origin) {
    throw new HutongError('ERR_MERKLE_CHECKPOINT_ORIGIN', {
      field: 'origin',
      params: { expected: origin, actual: checkpoint.origin },
    });
  }
  const logKeys = new Set(logVerifiers.map((v) => `${v.name}+${v.keyId}`));
  if (!opened.verifiedBy.some((s) => logKeys.has(`${s.name}+${s.keyId}`))) {
    throw new HutongError('ERR_MERKLE_CHECKPOINT_NOT_SIGNED_BY_LOG', { field: 'signatures', params: { origin } });
  }
  return { checkpoint, note: opened };
}
