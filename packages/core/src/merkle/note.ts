/**
 * C2SP signed-note: text followed by a blank line and signature lines
 * `— <key name> base64(key ID ‖ signature)`, interoperable with golang.org/x/mod/sumdb/note
 * and every C2SP transparency-log tool. Keys and algorithms live in note-keys.ts.
 */
import { HutongError } from '../errors.js';
import { decodeBase64, encodeBase64, fromUtf8, hasLoneSurrogate, readUint32, utf8, writeUint32 } from './encoding.js';

/** A key that signs notes: its name, its 32-bit key ID, and the signature algorithm. */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  /** Signs the note text (UTF-8, with its final newline) and returns the raw signature. */
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/** A trusted key that verifies note signatures by (name, key ID). */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  /** Never throws for a bad signature: answers false. */
  verify(message: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

/** One signature line of a note. `signature` excludes the 4-byte key ID. */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  readonly signature: Uint8Array;
  /** The base64 of the line as written (key ID ‖ signature). */
  readonly base64: string;
}

/** A note split into text and signature lines, before any verification. */
export interface ParsedNote {
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

/** A note whose signatures were checked against trusted keys. */
export interface OpenedNote {
  readonly text: string;
  /** Signatures by trusted keys, each key once, in note order. */
  readonly verifiedBy: readonly NoteSignature[];
  /** Signatures by keys not configured (ignored, as the spec requires), deduplicated. */
  readonly unverified: readonly NoteSignature[];
}

/** signed-note: "MUST accept at least up to 16 signatures"; golang.org/x/mod allows 100. */
export const MAX_NOTE_SIGNATURES = 100;
/** A note is a few hundred bytes; cap hostile input well above any real one (1 MiB). */
export const MAX_NOTE_BYTES = 1 << 20;

const EM_DASH_PREFIX = '— ';

/** `reasonZh`: the same reason in Chinese, for the zh-CN message (every caller states both). */
function malformed(reason: string, reasonZh: string, field = 'note'): HutongError {
  return new HutongError('ERR_MERKLE_NOTE_MALFORMED', { field, params: { reason }, zhParams: { reason: reasonZh } });
}

/** The key ID as written in errors and vkeys: 8 lowercase hex digits. */
export function formatKeyId(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/**
 * signed-note: key names are non-empty, without Unicode spaces or "+" (the vkey
 * separator). U+0085 is added to JS `\s` to match Go's unicode.IsSpace.
 */
export function isValidKeyName(name: unknown): name is string {
  return typeof name === 'string' && name.length > 0 && !/[\s\u0085+]/u.test(name) && !hasLoneSurrogate(name);
}

export function checkKeyName(name: unknown): string {
  if (!isValidKeyName(name)) throw new HutongError('ERR_MERKLE_NOTE_KEY_NAME', { field: 'name' });
  return name;
}

/** Checks the signed-note character rules: valid UTF-8, no control characters but newline. */
function checkCharacters(text: string, field: string): void {
  if (hasLoneSurrogate(text)) throw malformed('not valid UTF-8', '不是有效的 UTF-8', field);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the spec forbids exactly these
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text))
    throw malformed('contains a control character other than newline', '含有换行符以外的控制字符', field);
}

function noteString(note: unknown): string {
  let text: string | undefined;
  if (typeof note === 'string') {
    if (note.length > MAX_NOTE_BYTES)
      throw new HutongError('ERR_MERKLE_NOTE_TOO_LARGE', {
        field: 'note',
        params: { max: MAX_NOTE_BYTES, unit: 'bytes' },
        zhParams: { unit: '字节' },
      });
    text = note;
  } else if (note instanceof Uint8Array) {
    if (note.length > MAX_NOTE_BYTES)
      throw new HutongError('ERR_MERKLE_NOTE_TOO_LARGE', {
        field: 'note',
        params: { max: MAX_NOTE_BYTES, unit: 'bytes' },
        zhParams: { unit: '字节' },
      });
    text = fromUtf8(note);
    if (text === undefined) throw malformed('not valid UTF-8', '不是有效的 UTF-8');
  } else {
    throw malformed('not text', '不是文本');
  }
  return text;
}

/**
 * Splits a signed note into its text and signature lines, checking only syntax
 * (signed-note §Format). Hostile-input safe; throws ERR_MERKLE_NOTE_MALFORMED or
 * ERR_MERKLE_NOTE_TOO_LARGE. Nothing in the result is trusted: see `openNote`.
 *
 * @example parseNote(body).text.split('\n')[0] // the origin line of a checkpoint, unverified
 */
export function parseNote(note: unknown): ParsedNote {
  const whole = noteString(note);
  checkCharacters(whole, 'note');
  // The text is separated from the signatures by the last empty line.
  const split = whole.lastIndexOf('\n\n');
  if (split < 0) throw malformed('no blank line before the signatures', '签名之前没有空行');
  const text = whole.slice(0, split + 1);
  const block = whole.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n'))
    throw malformed('the signature block must end with a newline', '签名块必须以换行符结尾');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) {
    throw new HutongError('ERR_MERKLE_NOTE_TOO_LARGE', {
      field: 'signatures',
      params: { max: MAX_NOTE_SIGNATURES, unit: 'signatures' },
      zhParams: { unit: '个签名' },
    });
  }
  const signatures = lines.map((line, i) => {
    const field = `signatures[${i}]`;
    if (!line.startsWith(EM_DASH_PREFIX))
      throw malformed('a signature line must start with "— "', '签名行必须以“— ”开头', field);
    const rest = line.slice(EM_DASH_PREFIX.length);
    const space = rest.indexOf(' ');
    if (space < 0)
      throw malformed('a signature line needs a key name and a signature', '签名行须包含密钥名称和签名', field);
    const name = rest.slice(0, space);
    const base64 = rest.slice(space + 1);
    if (!isValidKeyName(name)) throw malformed('invalid key name', '密钥名称无效', field);
    const bytes = decodeBase64(base64);
    // Four bytes of key ID and at least one of signature.
    if (bytes === undefined || bytes.length < 5)
      throw malformed(
        'the signature is not base64 of a key ID and a signature',
        '签名不是“密钥标识 + 签名”的 base64 编码',
        field,
      );
    return { name, keyId: readUint32(bytes), signature: bytes.slice(4), base64 };
  });
  return { text, signatures };
}

function keyOf(name: string, keyId: number): string {
  return `${name}+${formatKeyId(keyId)}`;
}

/**
 * Opens a signed note against trusted keys (signed-note §Signatures):
 * - lines from unknown keys are ignored (kept in `unverified`, deduplicated);
 * - every line from a known key must verify, else ERR_MERKLE_NOTE_BAD_SIGNATURE (the
 *   spec lets clients reject the whole note; a log or witness here always does);
 * - at least one known key must have signed, else ERR_MERKLE_NOTE_UNVERIFIED;
 * - two configured verifiers with one name and key ID are ERR_MERKLE_NOTE_AMBIGUOUS_KEY
 *   when a line uses them.
 * A key that signs twice appears once in `verifiedBy`.
 *
 * @example const { text } = await openNote(body, [parseVerifierKey(vkey)]);
 */
export async function openNote(note: unknown, verifiers: readonly NoteVerifier[]): Promise<OpenedNote> {
  const parsed = parseNote(note);
  const known = new Map<string, NoteVerifier[]>();
  for (const v of verifiers) {
    const k = keyOf(v.name, v.keyId);
    known.set(k, [...(known.get(k) ?? []), v]);
  }
  const message = utf8(parsed.text);
  const verifiedBy: NoteSignature[] = [];
  const verifiedKeys = new Set<string>();
  const unverified: NoteSignature[] = [];
  const unverifiedLines = new Set<string>();
  for (const sig of parsed.signatures) {
    const k = keyOf(sig.name, sig.keyId);
    const candidates = known.get(k);
    if (candidates === undefined) {
      const line = `${sig.name} ${sig.base64}`;
      if (!unverifiedLines.has(line)) {
        unverifiedLines.add(line);
        unverified.push(sig);
      }
      continue;
    }
    if (candidates.length > 1) {
      throw new HutongError('ERR_MERKLE_NOTE_AMBIGUOUS_KEY', {
        field: 'verifiers',
        params: { name: sig.name, keyId: formatKeyId(sig.keyId) },
      });
    }
    const ok = await (candidates[0] as NoteVerifier).verify(message, sig.signature);
    if (!ok) {
      throw new HutongError('ERR_MERKLE_NOTE_BAD_SIGNATURE', {
        field: 'signatures',
        params: { name: sig.name, keyId: formatKeyId(sig.keyId) },
      });
    }
    if (!verifiedKeys.has(k)) {
      verifiedKeys.add(k);
      verifiedBy.push(sig);
    }
  }
  if (verifiedBy.length === 0) throw new HutongError('ERR_MERKLE_NOTE_UNVERIFIED', { field: 'signatures' });
  return { text: parsed.text, verifiedBy, unverified };
}

/**
 * The names whose keys signed an opened note, each once, in note order. A log may sign one
 * checkpoint under its name with several keys (Hutong: an Ed25519 line and an SM2 line,
 * signed-note §Signatures lets one name hold several key IDs): the name says who vouched,
 * so it is listed once, however many of its keys signed.
 *
 * @example signerNames(opened.verifiedBy) // ['hutong.example/log', 'witness.example/w1']
 */
export function signerNames(verifiedBy: readonly NoteSignature[]): string[] {
  return [...new Set(verifiedBy.map((s) => s.name))];
}

/** Formats one signature line (with its newline). */
export function formatSignatureLine(name: string, keyId: number, signature: Uint8Array): string {
  checkKeyName(name);
  const bytes = new Uint8Array(4 + signature.length);
  bytes.set(writeUint32(keyId), 0);
  bytes.set(signature, 4);
  return `${EM_DASH_PREFIX}${name} ${encodeBase64(bytes)}\n`;
}

/**
 * Signs `text` (which must end in a newline) with each signer and returns the signed
 * note. `existing` signatures (e.g. a log's own, when a witness adds cosignatures) are
 * kept unless a signer has the same name and key ID, as golang.org/x/mod/sumdb/note does.
 *
 * @example await signNote('example.com/log\n3\n…=\n', [logSigner])
 */
export async function signNote(
  text: string,
  signers: readonly NoteSigner[],
  existing: readonly NoteSignature[] = [],
): Promise<string> {
  if (typeof text !== 'string' || !text.endsWith('\n'))
    throw malformed('the text must end with a newline', '文本必须以换行符结尾', 'text');
  checkCharacters(text, 'text');
  if (signers.length + existing.length > MAX_NOTE_SIGNATURES) {
    throw new HutongError('ERR_MERKLE_NOTE_TOO_LARGE', {
      field: 'signers',
      params: { max: MAX_NOTE_SIGNATURES, unit: 'signatures' },
      zhParams: { unit: '个签名' },
    });
  }
  const message = utf8(text);
  const replaced = new Set(signers.map((s) => keyOf(checkKeyName(s.name), s.keyId)));
  let out = `${text}\n`;
  for (const sig of existing) {
    if (replaced.has(keyOf(sig.name, sig.keyId))) continue;
    out += formatSignatureLine(sig.name, sig.keyId, sig.signature);
  }
  for (const signer of signers) out += formatSignatureLine(signer.name, signer.keyId, await signer.sign(message));
  return out;
}
