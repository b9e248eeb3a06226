/**
 * How note signatures are checked: Ed25519 through the platform `CryptoProvider` (the same
 * path as licence signatures: WebCrypto in browsers, OpenSSL through `node:crypto` on the
 * server and in the CLI), with a pure-JS fallback, and a bounded memory of the signatures
 * already accepted.
 *
 * Why a memory: a verifier checks many receipts that prove into the same few checkpoints
 * (a node signs one checkpoint per integration batch). A signature check is a pure
 * function of (public key, message, signature), so the same bytes always get the same
 * answer; remembering the exact bytes of an accepted one, as a verifier remembers the
 * trust list and the status list it already checked, lets every later receipt cost only
 * its inclusion proof. Only acceptances are remembered, and only under the exact bytes
 * (the whole message and signature, not a digest of them): a changed byte anywhere is a
 * different key and gets a full check, so the memory can never turn a bad note good.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import type { CryptoProvider, NativeVerifier } from '../crypto/provider.js';
import { webCryptoProvider } from '../crypto/webcrypto-provider.js';

/** Answers false for any bad signature; never throws for one. */
export type SignatureCheck = (message: Uint8Array, signature: Uint8Array) => Promise<boolean>;

/** Accepted (message, signature) pairs remembered per key: a log signs ~1 checkpoint a second. */
export const REMEMBERED_SIGNATURES_PER_KEY = 256;
/** Prepared Ed25519 note keys remembered per provider (a verifier trusts a handful of logs and witnesses). */
export const REMEMBERED_NOTE_KEYS = 64;

const ED25519_SIGNATURE_SIZE = 64;

/** Latin-1 string of the bytes: an exact, injective map key (one char per byte). */
function byteString(bytes: Uint8Array): string {
  let out = '';
  // Chunks keep String.fromCharCode's argument count far below engine limits.
  for (let i = 0; i < bytes.length; i += 4096) {
    out += String.fromCharCode.apply(null, bytes.subarray(i, i + 4096) as unknown as number[]);
  }
  return out;
}

/**
 * Wraps a signature check with a bounded memory of the (message, signature) pairs it
 * accepted, keyed by their exact bytes. Rejections are never remembered.
 *
 * @example const check = rememberAccepted(async (m, s) => key.verify(m, s));
 */
export function rememberAccepted(check: SignatureCheck, capacity = REMEMBERED_SIGNATURES_PER_KEY): SignatureCheck {
  const accepted = new Map<string, true>();
  return async (message, signature) => {
    // The signature length is part of the key so that (message, signature) splits one way only.
    const key = `${signature.length}:${byteString(signature)}${byteString(message)}`;
    if (accepted.has(key)) return true;
    const ok = await check(message, signature);
    if (ok) {
      if (accepted.size >= capacity) accepted.delete(accepted.keys().next().value as string);
      accepted.set(key, true);
    }
    return ok;
  };
}

/**
 * RFC 8032 verification in pure JavaScript, strict encodings (`zip215: false`): the
 * fallback for a platform whose WebCrypto lacks Ed25519 (older browsers, kiosk WebViews).
 */
function nobleVerify(publicKey: Uint8Array): SignatureCheck {
  return async (message, signature) => {
    try {
      return ed25519.verify(signature, message, publicKey, { zip215: false });
    } catch {
      return false;
    }
  };
}

/**
 * Imports the key into the provider; if the platform cannot (no Ed25519 in its WebCrypto),
 * falls back to pure JS. A failure of the platform while verifying is a "no", never a "yes".
 */
function providerCheck(provider: CryptoProvider, publicKey: Uint8Array): SignatureCheck {
  const prepared: Promise<NativeVerifier | undefined> = provider.importPublicKey({ name: 'Ed25519' }, publicKey).then(
    (verifier) => verifier,
    () => undefined,
  );
  const fallback = nobleVerify(publicKey);
  return async (message, signature) => {
    const verifier = await prepared;
    if (verifier === undefined) return fallback(message, signature);
    try {
      return (await verifier.verify(message, signature)) === true;
    } catch {
      return false;
    }
  };
}

const preparedKeys = new WeakMap<CryptoProvider, Map<string, SignatureCheck>>();

/**
 * The Ed25519 check of a note key (log checkpoint key or witness cosignature key), shared by
 * every verifier parsed from the same public key and provider, so that a vkey parsed per
 * receipt (as a browser page does) still imports its key once and remembers the checkpoints
 * it accepted. RFC 8032 §5.1.7: signatures other than 64 bytes are refused before the
 * platform sees them.
 *
 * @example await ed25519NoteCheck(publicKey)(utf8(noteText), signature)
 */
export function ed25519NoteCheck(publicKey: Uint8Array, provider: CryptoProvider = webCryptoProvider): SignatureCheck {
  let keys = preparedKeys.get(provider);
  if (keys === undefined) {
    keys = new Map();
    preparedKeys.set(provider, keys);
  }
  const id = byteString(publicKey);
  let check = keys.get(id);
  if (check === undefined) {
    const remembered = rememberAccepted(providerCheck(provider, Uint8Array.from(publicKey)));
    check = async (message, signature) =>
      signature.length === ED25519_SIGNATURE_SIZE ? remembered(message, signature) : false;
    if (keys.size >= REMEMBERED_NOTE_KEYS) keys.delete(keys.keys().next().value as string);
    keys.set(id, check);
  }
  return check;
}
