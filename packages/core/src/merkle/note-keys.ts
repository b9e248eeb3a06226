/**
 * Note keys: key IDs, the vkey and signer-key text forms of golang.org/x/mod/sumdb/note,
 * and three signature types —
 * - 0x01 Ed25519 (signed-note §Ed25519 signatures): a log's checkpoint key;
 * - 0x04 timestamped Ed25519 cosignatures (C2SP tlog-cosignature, `cosignature/v1`);
 * - 0xff + OID 1.2.156.10197.1.501: an SM2-with-SM3 line, Hutong's own (see README.md).
 *
 * Ed25519 signing uses @noble/curves: synchronous and seed-based (the skey format carries
 * the 32-byte seed that WebCrypto can only import through PKCS#8 wrapping). Ed25519
 * verification goes through the platform `CryptoProvider` like licence signatures
 * (WebCrypto, or OpenSSL through the server's `node:crypto` provider), falling back to
 * @noble/curves (RFC 8032 strict, `zip215: false`) where the platform lacks Ed25519, and
 * remembers the signatures it accepted (note-signature-check.ts). OpenSSL, BoringSSL and
 * Go's crypto/ed25519 all verify cofactorless with S < L, so a witness here and a Go client
 * accept the same signatures from any honestly generated key.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import type { CryptoProvider } from '../crypto/provider.js';
import type { SigningKey, VerificationKey } from '../crypto/types.js';
import { HutongError } from '../errors.js';
import {
  bytesEqual,
  concatBytes,
  decodeBase64,
  encodeBase64,
  readUint32,
  readUint64,
  utf8,
  writeUint64,
} from './encoding.js';
import { type HashProvider, nobleHashProvider } from './hash.js';
import { checkKeyName, formatKeyId, type NoteSignature, type NoteSigner, type NoteVerifier } from './note.js';
import { ed25519NoteCheck, rememberAccepted } from './note-signature-check.js';

/** Signature type identifier bytes (signed-note §Signature types). */
export const NOTE_SIGNATURE_TYPE = {
  ed25519: 0x01,
  cosignatureV1: 0x04,
  /** "Reserved for signature types without an identifier byte assigned by this specification". */
  other: 0xff,
} as const;

/**
 * Hutong's SM2 note signature type: 0xff followed, as signed-note recommends for 0xff,
 * by "a longer identifier that is unlikely to collide" — the DER encoding of the OID
 * SM2-with-SM3 1.2.156.10197.1.501 (GB/T 33560): 06 08 2A 81 1C CF 55 01 83 75. The DER
 * form is self-delimiting, so the 65-byte SEC1 uncompressed public key follows it.
 */
export const SM2_NOTE_KEY_TYPE: Uint8Array = new Uint8Array([
  0xff, 0x06, 0x08, 0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x83, 0x75,
]);
// A private copy: typed arrays cannot be frozen, and a caller writing into the export
// must not change which keys this module accepts.
const SM2_TYPE = Uint8Array.from(SM2_NOTE_KEY_TYPE);

const ED25519_KEY_SIZE = 32;
const SM2_PUBLIC_KEY_SIZE = 65;
const COSIGNATURE_SIZE = 8 + 64;

/** `reasonZh`: the same reason in Chinese, for the zh-CN message (every caller states both). */
function keyError(reason: string, reasonZh: string, field = 'key'): HutongError {
  return new HutongError('ERR_MERKLE_NOTE_KEY_MALFORMED', {
    field,
    params: { reason },
    zhParams: { reason: reasonZh },
  });
}

/**
 * The key ID: the first four bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ type ‖ public key).
 * `typedKey` is the type identifier followed by the public key, as in a vkey.
 *
 * @example noteKeyId('PeterNeumann', vkeyBytes) // 0xc74f20a3
 */
export function noteKeyId(name: string, typedKey: Uint8Array, hashes: HashProvider = nobleHashProvider): number {
  checkKeyName(name);
  return readUint32(hashes.sha256(concatBytes(utf8(`${name}\n`), typedKey)));
}

/**
 * The vkey text form `<name>+<hex key ID>+<base64(type ‖ public key)>`.
 *
 * @example formatVerifierKey('example.com/log', new Uint8Array([0x01, ...publicKey]))
 */
export function formatVerifierKey(
  name: string,
  typedKey: Uint8Array,
  hashes: HashProvider = nobleHashProvider,
): string {
  return `${name}+${formatKeyId(noteKeyId(name, typedKey, hashes))}+${encodeBase64(typedKey)}`;
}

/** An Ed25519 note key pair with its text forms. */
export interface Ed25519NoteKey {
  readonly name: string;
  readonly publicKey: Uint8Array;
  readonly signer: NoteSigner;
  readonly verifier: NoteVerifier;
  /** `<name>+<hex>+<base64(0x01 ‖ public key)>`: publish this. */
  readonly verifierKey: string;
  /** `PRIVATE+KEY+<name>+<hex>+<base64(0x01 ‖ seed)>`: keep this secret. */
  readonly signerKey: string;
}

function checkSeed(seed: unknown): Uint8Array {
  if (!(seed instanceof Uint8Array) || seed.length !== ED25519_KEY_SIZE)
    throw keyError('an Ed25519 seed is 32 bytes', 'Ed25519 种子应为 32 字节', 'seed');
  return seed;
}

function ed25519Verifier(
  name: string,
  publicKey: Uint8Array,
  hashes: HashProvider,
  provider: CryptoProvider | undefined,
): NoteVerifier {
  const keyId = noteKeyId(name, concatBytes(new Uint8Array([NOTE_SIGNATURE_TYPE.ed25519]), publicKey), hashes);
  const check = ed25519NoteCheck(publicKey, provider);
  return Object.freeze({ name, keyId, verify: check });
}

/**
 * An Ed25519 note key from its 32-byte seed (RFC 8032 private key).
 *
 * @example const key = ed25519NoteKey('hutong.example/log', seed); key.verifierKey
 */
export function ed25519NoteKey(
  name: string,
  seed: Uint8Array,
  hashes: HashProvider = nobleHashProvider,
): Ed25519NoteKey {
  checkKeyName(name);
  const secret = Uint8Array.from(checkSeed(seed));
  const publicKey = ed25519.getPublicKey(secret);
  const verifier = ed25519Verifier(name, publicKey, hashes, undefined);
  const typedPublic = concatBytes(new Uint8Array([NOTE_SIGNATURE_TYPE.ed25519]), publicKey);
  const hex = formatKeyId(verifier.keyId);
  return Object.freeze({
    name,
    publicKey,
    verifier,
    signer: Object.freeze({
      name,
      keyId: verifier.keyId,
      sign: async (message: Uint8Array) => ed25519.sign(message, secret),
    }),
    verifierKey: `${name}+${hex}+${encodeBase64(typedPublic)}`,
    signerKey: `PRIVATE+KEY+${name}+${hex}+${encodeBase64(concatBytes(new Uint8Array([NOTE_SIGNATURE_TYPE.ed25519]), secret))}`,
  });
}

/**
 * A new random Ed25519 note key (seed from crypto.getRandomValues).
 *
 * @example const { signerKey, verifierKey } = generateEd25519NoteKey('hutong.example/log');
 */
export function generateEd25519NoteKey(name: string, hashes: HashProvider = nobleHashProvider): Ed25519NoteKey {
  return ed25519NoteKey(name, crypto.getRandomValues(new Uint8Array(ED25519_KEY_SIZE)), hashes);
}

/**
 * Splits `<name>+<hex>+<base64>` (the key material may itself contain "+"), checking
 * the key ID against the material.
 */
function splitKeyText(text: string): { name: string; keyId: number; material: Uint8Array } {
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) throw keyError('expected <name>+<key ID>+<key>', '应为 <名称>+<密钥标识>+<密钥>');
  const name = text.slice(0, first);
  const hex = text.slice(first + 1, second);
  const material = decodeBase64(text.slice(second + 1));
  if (!/^[0-9a-fA-F]{8}$/.test(hex))
    throw keyError('the key ID must be 8 hex digits', '密钥标识必须是 8 位十六进制数字', 'keyId');
  if (material === undefined || material.length < 2)
    throw keyError('the key is not base64 of a type byte and a key', '密钥不是“类型字节 + 密钥”的 base64 编码', 'key');
  checkKeyName(name);
  return { name, keyId: Number.parseInt(hex, 16), material };
}

/**
 * Parses a signer key `PRIVATE+KEY+<name>+<hex>+<base64(0x01 ‖ seed)>` (the format of
 * golang.org/x/mod/sumdb/note GenerateKey). Returns the name and seed; build the key
 * with `ed25519NoteKey` or, for a witness, `cosignatureNoteKey`.
 *
 * @example const { name, seed } = parseSignerKey(process.env.LOG_KEY)
 */
export function parseSignerKey(
  skey: unknown,
  hashes: HashProvider = nobleHashProvider,
): { readonly name: string; readonly seed: Uint8Array } {
  if (typeof skey !== 'string' || !skey.startsWith('PRIVATE+KEY+'))
    throw keyError('a signer key starts with PRIVATE+KEY+', '签名密钥以 PRIVATE+KEY+ 开头');
  const { name, keyId, material } = splitKeyText(skey.slice('PRIVATE+KEY+'.length));
  if (material[0] !== NOTE_SIGNATURE_TYPE.ed25519) {
    throw new HutongError('ERR_MERKLE_NOTE_KEY_TYPE', {
      field: 'key',
      params: { type: `0x${(material[0] as number).toString(16)}` },
    });
  }
  const seed = checkSeed(material.slice(1));
  // The ID is of the public key: derive it from the seed before trusting the text.
  const expected = ed25519NoteKey(name, seed, hashes).verifier.keyId;
  if (expected !== keyId) {
    throw new HutongError('ERR_MERKLE_NOTE_KEY_ID', {
      field: 'keyId',
      params: { keyId: formatKeyId(keyId), expected: formatKeyId(expected) },
    });
  }
  return { name, seed };
}

/** A parsed vkey: the verifier and what it was made of. */
export interface ParsedVerifierKey extends NoteVerifier {
  readonly type: 'ed25519' | 'cosignature/v1' | 'sm2-sm3';
  readonly publicKey: Uint8Array;
}

/** Turns a raw SM2 public key (65 bytes, 04 ‖ X ‖ Y) into a prepared crypto/ verification key. */
export type Sm2KeyImporter = (publicKey: Uint8Array) => VerificationKey | Promise<VerificationKey>;

/**
 * Parses a vkey `<name>+<hex key ID>+<base64(type ‖ public key)>` into a verifier.
 * Ed25519 (0x01) and cosignature/v1 (0x04) keys are built in; SM2 keys (0xff + OID)
 * need `sm2` from the crypto suites. Hostile-input safe: ERR_MERKLE_NOTE_KEY_*.
 *
 * @example parseVerifierKey('sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8')
 */
export function parseVerifierKey(
  vkey: unknown,
  options: {
    readonly sm2?: Sm2KeyImporter;
    readonly hashes?: HashProvider;
    /** Platform crypto for Ed25519 and cosignature/v1 keys (default: WebCrypto, pure JS where it lacks Ed25519). */
    readonly provider?: CryptoProvider;
  } = {},
): ParsedVerifierKey {
  const hashes = options.hashes ?? nobleHashProvider;
  if (typeof vkey !== 'string' || vkey.length > 4096) throw keyError('not a verifier key string', '不是验证密钥字符串');
  const { name, keyId, material } = splitKeyText(vkey);
  const expected = noteKeyId(name, material, hashes);
  if (expected !== keyId) {
    throw new HutongError('ERR_MERKLE_NOTE_KEY_ID', {
      field: 'keyId',
      params: { keyId: formatKeyId(keyId), expected: formatKeyId(expected) },
    });
  }
  const type = material[0] as number;
  if (type === NOTE_SIGNATURE_TYPE.ed25519 || type === NOTE_SIGNATURE_TYPE.cosignatureV1) {
    const publicKey = material.slice(1);
    if (publicKey.length !== ED25519_KEY_SIZE)
      throw keyError('an Ed25519 public key is 32 bytes', 'Ed25519 公钥应为 32 字节');
    const verifier =
      type === NOTE_SIGNATURE_TYPE.ed25519
        ? ed25519Verifier(name, publicKey, hashes, options.provider)
        : cosignatureVerifier(name, publicKey, hashes, options.provider);
    return Object.freeze({
      ...verifier,
      type: type === NOTE_SIGNATURE_TYPE.ed25519 ? 'ed25519' : 'cosignature/v1',
      publicKey,
    });
  }
  if (material.length > SM2_TYPE.length && bytesEqual(material.subarray(0, SM2_TYPE.length), SM2_TYPE)) {
    if (options.sm2 === undefined)
      throw new HutongError('ERR_MERKLE_NOTE_KEY_TYPE', {
        field: 'key',
        params: { type: 'sm2-sm3 (no SM2 importer given)' },
        zhParams: { type: 'sm2-sm3（未提供 SM2 导入器）' },
      });
    const publicKey = material.slice(SM2_TYPE.length);
    const verifier = sm2NoteVerifier(name, publicKey, options.sm2(checkSm2PublicKey(publicKey)), hashes);
    return Object.freeze({ ...verifier, type: 'sm2-sm3', publicKey });
  }
  throw new HutongError('ERR_MERKLE_NOTE_KEY_TYPE', {
    field: 'key',
    params: { type: `0x${type.toString(16).padStart(2, '0')}` },
  });
}

// — Cosignatures (C2SP tlog-cosignature) —

/** The message a cosignature/v1 signs: header, time line, then the checkpoint text. */
export function cosignatureMessage(timestamp: number, checkpointText: Uint8Array | string): Uint8Array {
  const text = typeof checkpointText === 'string' ? utf8(checkpointText) : checkpointText;
  return concatBytes(utf8(`cosignature/v1\ntime ${timestamp}\n`), text);
}

function isCheckpointText(message: Uint8Array): boolean {
  // tlog-cosignature signs checkpoints only: at least three newline-terminated lines.
  let lines = 0;
  for (const b of message) if (b === 0x0a) lines++;
  return lines >= 3 && message[message.length - 1] === 0x0a;
}

function cosignatureVerifier(
  name: string,
  publicKey: Uint8Array,
  hashes: HashProvider,
  provider: CryptoProvider | undefined,
): NoteVerifier {
  const keyId = noteKeyId(name, concatBytes(new Uint8Array([NOTE_SIGNATURE_TYPE.cosignatureV1]), publicKey), hashes);
  const check = ed25519NoteCheck(publicKey, provider);
  return Object.freeze({
    name,
    keyId,
    verify: async (message: Uint8Array, signature: Uint8Array) => {
      if (signature.length !== COSIGNATURE_SIZE || !isCheckpointText(message)) return false;
      const timestamp = readUint64(signature, 0);
      if (timestamp === undefined) return false;
      return check(cosignatureMessage(timestamp, message), signature.subarray(8));
    },
  });
}

/** A witness cosigning key (cosignature/v1) with its text forms. */
export interface CosignatureNoteKey {
  readonly name: string;
  readonly publicKey: Uint8Array;
  readonly signer: NoteSigner;
  readonly verifier: NoteVerifier;
  /** `<name>+<hex>+<base64(0x04 ‖ public key)>`. */
  readonly verifierKey: string;
}

/**
 * A witness key that produces cosignature/v1 signatures (tlog-cosignature): 8-byte
 * big-endian timestamp ‖ Ed25519 over "cosignature/v1\ntime <t>\n" ‖ checkpoint text.
 * `now` returns UNIX seconds (injectable for tests and for a monotonic clock).
 *
 * @example const witness = cosignatureNoteKey('witness.hutong.example/w1', seed)
 */
export function cosignatureNoteKey(
  name: string,
  seed: Uint8Array,
  now: () => number = () => Math.floor(Date.now() / 1000),
  hashes: HashProvider = nobleHashProvider,
): CosignatureNoteKey {
  checkKeyName(name);
  const secret = Uint8Array.from(checkSeed(seed));
  const publicKey = ed25519.getPublicKey(secret);
  const verifier = cosignatureVerifier(name, publicKey, hashes, undefined);
  return Object.freeze({
    name,
    publicKey,
    verifier,
    verifierKey: formatVerifierKey(
      name,
      concatBytes(new Uint8Array([NOTE_SIGNATURE_TYPE.cosignatureV1]), publicKey),
      hashes,
    ),
    signer: Object.freeze({
      name,
      keyId: verifier.keyId,
      sign: async (message: Uint8Array) => {
        if (!isCheckpointText(message))
          throw new HutongError('ERR_MERKLE_CHECKPOINT_MALFORMED', {
            field: 'text',
            params: { reason: 'a cosignature covers a checkpoint' },
            zhParams: { reason: '联署签名只能签署检查点' },
          });
        const timestamp = now();
        if (!Number.isSafeInteger(timestamp) || timestamp < 0)
          throw keyError('the clock must give whole UNIX seconds', '时钟必须给出整数 UNIX 秒', 'now');
        return concatBytes(writeUint64(timestamp), ed25519.sign(cosignatureMessage(timestamp, message), secret));
      },
    }),
  });
}

/**
 * The time (UNIX seconds) a cosignature/v1 line states. Only meaningful once the line
 * verified (`openNote` with the witness's verifier).
 *
 * @example cosignatureTimestamp(opened.verifiedBy[1])
 */
export function cosignatureTimestamp(signature: NoteSignature): number {
  const t = signature.signature.length === COSIGNATURE_SIZE ? readUint64(signature.signature, 0) : undefined;
  if (t === undefined) throw keyError('not a cosignature/v1 signature', '不是 cosignature/v1 签名', 'signature');
  return t;
}

// — SM2 lines (Hutong) —

function checkSm2PublicKey(publicKey: unknown): Uint8Array {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== SM2_PUBLIC_KEY_SIZE || publicKey[0] !== 0x04) {
    throw keyError('an SM2 public key is 65 bytes, 04 ‖ X ‖ Y', 'SM2 公钥应为 65 字节：04 ‖ X ‖ Y', 'publicKey');
  }
  return publicKey;
}

function checkSuite(key: { readonly suite: string }): void {
  if (key.suite !== 'sm2-sm3')
    throw new HutongError('ERR_MERKLE_NOTE_KEY_TYPE', { field: 'key', params: { type: key.suite } });
}

/**
 * A note signer for an SM2 line: SM2 with SM3 and the default ID 1234567812345678
 * (GB/T 32918, standards.md §8) over the note text, raw r ‖ s (64 bytes), as the crypto
 * suites sign. `publicKey` is the signing key's 65-byte uncompressed public key.
 *
 * @example const sm2 = sm2NoteSigner('hutong.example/log', suiteKey, rawPublicKey); sm2.verifierKey
 */
export function sm2NoteSigner(
  name: string,
  key: SigningKey,
  publicKey: Uint8Array,
  hashes: HashProvider = nobleHashProvider,
): NoteSigner & { readonly verifierKey: string } {
  checkKeyName(name);
  checkSuite(key);
  const typedKey = concatBytes(SM2_TYPE, checkSm2PublicKey(publicKey));
  return Object.freeze({
    name,
    keyId: noteKeyId(name, typedKey, hashes),
    verifierKey: formatVerifierKey(name, typedKey, hashes),
    sign: (message: Uint8Array) => key.sign(message),
  });
}

/**
 * A note verifier for SM2 lines from a crypto-suite verification key (or a promise of
 * one, as key import may be asynchronous) and its raw 65-byte public key.
 *
 * @example sm2NoteVerifier('hutong.example/log', rawPublicKey, importedKey)
 */
export function sm2NoteVerifier(
  name: string,
  publicKey: Uint8Array,
  key: VerificationKey | Promise<VerificationKey>,
  hashes: HashProvider = nobleHashProvider,
): NoteVerifier {
  checkKeyName(name);
  const typedKey = concatBytes(SM2_TYPE, checkSm2PublicKey(publicKey));
  const prepared = Promise.resolve(key);
  // Keep a rejected import from surfacing as an unhandled rejection before first use.
  prepared.catch(() => undefined);
  // SM2 in pure JS costs about half a millisecond: remember accepted checkpoints, as for Ed25519.
  const check = rememberAccepted(async (message, signature) => (await prepared).verify(message, signature));
  return Object.freeze({
    name,
    keyId: noteKeyId(name, typedKey, hashes),
    verify: async (message: Uint8Array, signature: Uint8Array) => {
      checkSuite(await prepared);
      if (signature.length !== 64) return false;
      return check(message, signature);
    },
  });
}
