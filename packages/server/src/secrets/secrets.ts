/**
 * The node's master key and the purpose keys derived from it (server-conventions.md, "The app
 * context"). The master key never enters the database: it lives in `<dataDir>/secrets/master.key`
 * (created with mode 0600 at the first start) or in `HUTONG_MASTER_KEY`. A stolen database dump
 * therefore holds no usable signing key, TOTP secret or session, and holder codes in audit
 * records cannot be reversed by hashing candidate ID numbers.
 *
 * Rotation: put the new key in place (file or env) and the old one in
 * `HUTONG_MASTER_KEY_PREVIOUS` (comma-separated); values sealed under the old key still open
 * (`openSealed` finds the key by its id) and are re-sealed under the new one when written again.
 */
import { createHash, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServerError } from '../errors.js';

/** What each derived key is for. One purpose, one key: a leak of one never opens another. */
export const SECRET_PURPOSES = [
  /** AES-256-GCM of issuers' private signing keys at rest (keys/). */
  'key-encryption',
  /** AES-256-GCM of staff TOTP secrets at rest (auth/). */
  'totp-encryption',
  /** HMAC-SHA256 of holder codes for the library's holder index (library/). */
  'holder-index',
  /** HMAC-SHA256 of personal data in audit details (audit/, `hashPersonalData`). */
  'personal-data',
  /** HMAC-SHA256 binding the CSRF token to the session (auth/). */
  'session',
  /** AES-256-GCM of webhook subscriptions' HMAC keys at rest (notifications/, migration 0021). */
  'webhook-encryption',
  /**
   * HKDF of the demo node's staff passwords and client secrets (demo/): stable per data
   * directory, never written in the code, and of no use on a node without `--demo`.
   */
  'demo-credentials',
] as const;
export type SecretPurpose = (typeof SECRET_PURPOSES)[number];

/** The node's key material, resolved once at start and handed to every use case via `AppContext`. */
export interface Secrets {
  /** A short public fingerprint of the master key: names the key a sealed value was made with. */
  readonly masterKeyId: string;
  /** The 32-byte key for one purpose (HKDF-SHA256, RFC 5869). */
  purposeKey(purpose: SecretPurpose): Uint8Array;
  /** Secrets of earlier master keys, newest first: only for opening values sealed before a rotation. */
  readonly previous: readonly Secrets[];
}

/** The environment variable that holds the master key (wins over the file). */
export const MASTER_KEY_ENV = 'HUTONG_MASTER_KEY';
/** Earlier master keys, comma-separated, kept during a rotation. */
export const PREVIOUS_MASTER_KEYS_ENV = 'HUTONG_MASTER_KEY_PREVIOUS';
/** Where the master key file lives inside the data directory. */
export const MASTER_KEY_FILE = join('secrets', 'master.key');
/**
 * A file-held rotation in progress (`rotateMasterKeyFile`): the new key, written before any
 * row is re-sealed under it, so that a crash at any point leaves every row openable.
 */
export const STAGED_MASTER_KEY_FILE = join('secrets', 'master.key.next');
/** Earlier file-held master keys, one per line (written by `rotateMasterKeyFile`). */
export const PREVIOUS_MASTER_KEYS_FILE = join('secrets', 'master.key.previous');

const MASTER_KEY_BYTES = 32;
/** RFC 5869 §3.1: a fixed, application-specific salt is fine when the input key is uniformly random. */
const HKDF_SALT = 'hutong/secrets/v1';

/**
 * Derives the secrets of a master key (32 bytes).
 *
 * @example
 * const secrets = createSecrets(crypto.getRandomValues(new Uint8Array(32)));
 * secrets.purposeKey('personal-data').length // 32
 */
export function createSecrets(masterKey: Uint8Array, previous: readonly Uint8Array[] = []): Secrets {
  if (masterKey.length !== MASTER_KEY_BYTES) {
    throw new ServerError('ERR_SECRETS_MASTER_KEY_INVALID', { field: 'masterKey', params: { source: 'argument' } });
  }
  const master = Uint8Array.from(masterKey);
  const derived = new Map<SecretPurpose, Uint8Array>();
  const masterKeyId = createHash('sha256')
    .update(new Uint8Array(hkdfSync('sha256', master, HKDF_SALT, 'master-key-id', 32)))
    .digest('hex')
    .slice(0, 16);
  return Object.freeze({
    masterKeyId,
    purposeKey(purpose: SecretPurpose): Uint8Array {
      let key = derived.get(purpose);
      if (key === undefined) {
        key = new Uint8Array(hkdfSync('sha256', master, HKDF_SALT, `purpose:${purpose}`, 32));
        derived.set(purpose, key);
      }
      // A copy: a caller that zeroes or edits its buffer never changes the next caller's key.
      return key.slice();
    },
    previous: Object.freeze(previous.map((key) => createSecrets(key))),
  });
}

/** Accepts base64url, base64 or hex text of exactly 32 bytes (whitespace around it ignored). */
export function decodeMasterKey(text: string, source: string): Uint8Array {
  const value = text.trim();
  let bytes: Buffer | undefined;
  if (/^[0-9a-fA-F]{64}$/.test(value)) bytes = Buffer.from(value, 'hex');
  else if (/^[A-Za-z0-9_-]{43}$/.test(value)) bytes = Buffer.from(value, 'base64url');
  else if (/^[A-Za-z0-9+/]{43}=$/.test(value)) bytes = Buffer.from(value, 'base64');
  if (bytes === undefined || bytes.length !== MASTER_KEY_BYTES) {
    throw new ServerError('ERR_SECRETS_MASTER_KEY_INVALID', { field: 'masterKey', params: { source } });
  }
  return new Uint8Array(bytes);
}

export interface LoadSecretsOptions {
  /** The node's data directory (the key file is `<dataDir>/secrets/master.key`). */
  readonly dataDir: string;
  /** The environment to read `HUTONG_MASTER_KEY` / `HUTONG_MASTER_KEY_PREVIOUS` from. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

function readOrCreateKeyFile(file: string): Uint8Array {
  try {
    if (!existsSync(file)) {
      mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
      // `wx`: if another process created it a moment ago, keep theirs (read below).
      try {
        writeFileSync(file, `${randomBytes(MASTER_KEY_BYTES).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      chmodSync(file, 0o600);
    }
    return decodeMasterKey(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if (error instanceof ServerError) throw error;
    throw new ServerError('ERR_SECRETS_MASTER_KEY_UNREADABLE', { field: 'dataDir', params: { file }, cause: error });
  }
}

/**
 * Loads the master key: `HUTONG_MASTER_KEY` if set, else `<dataDir>/secrets/master.key`,
 * created (32 random bytes, base64url, mode 0600) when missing.
 *
 * @example const secrets = loadSecrets({ dataDir: './data', env: process.env });
 */
export function loadSecrets(options: LoadSecretsOptions): Secrets {
  const env = options.env ?? {};
  const fromEnv = env[MASTER_KEY_ENV];
  const master =
    fromEnv !== undefined && fromEnv.trim() !== ''
      ? decodeMasterKey(fromEnv, MASTER_KEY_ENV)
      : readOrCreateKeyFile(join(options.dataDir, MASTER_KEY_FILE));
  const previous = (env[PREVIOUS_MASTER_KEYS_ENV] ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => decodeMasterKey(part, PREVIOUS_MASTER_KEYS_ENV));
  // File-held rotation (rotate-master-key-file.ts): a staged key that rows may already be
  // sealed under (the process stopped between the re-sealing commit and the file swap),
  // and the keys it replaced.
  previous.push(...readKeyLines(join(options.dataDir, STAGED_MASTER_KEY_FILE)));
  previous.push(...readKeyLines(join(options.dataDir, PREVIOUS_MASTER_KEYS_FILE)));
  return createSecrets(master, previous);
}

/** The keys of a file with one master key per line; none when the file does not exist. */
function readKeyLines(file: string): Uint8Array[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ServerError('ERR_SECRETS_MASTER_KEY_UNREADABLE', { field: 'dataDir', params: { file }, cause: error });
  }
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => decodeMasterKey(line, file));
}
