import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import type { CryptoProvider } from '../crypto/provider.js';
import { createWebCryptoProvider } from '../crypto/webcrypto-provider.js';
import { formatCheckpoint } from './checkpoint.js';
import { encodeBase64, utf8 } from './encoding.js';
import { leafHash } from './hash.js';
import { MemoryTree } from './memory-tree.js';
import { signNote } from './note.js';
import { ed25519NoteKey, parseVerifierKey } from './note-keys.js';
import { ed25519NoteCheck, REMEMBERED_NOTE_KEYS, rememberAccepted } from './note-signature-check.js';
import { inclusionProof } from './proofs.js';
import { LOG_RECEIPT_FORMAT, type LogReceipt, verifyLogReceipt } from './receipt.js';

const seed = new Uint8Array(32).fill(3);
const publicKey = ed25519.getPublicKey(seed);
const message = utf8('hutong.example/log\n3\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n');
const signature = ed25519.sign(message, seed);

function flip(bytes: Uint8Array, at: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[at] = (copy[at] as number) ^ 0x01;
  return copy;
}

/** A provider counting what reaches the platform; `importFails` models a WebCrypto without Ed25519. */
function countingProvider(options: { importFails?: boolean; verifyThrows?: boolean } = {}) {
  const inner = createWebCryptoProvider();
  const calls = { imports: 0, verifies: 0 };
  const provider: CryptoProvider = {
    name: 'counting',
    generateKeyPair: (a) => inner.generateKeyPair(a),
    importPrivateKey: (a, k) => inner.importPrivateKey(a, k),
    async importPublicKey(algorithm, key) {
      calls.imports++;
      if (options.importFails === true) throw new Error('NotSupportedError: Ed25519');
      const verifier = await inner.importPublicKey(algorithm, key);
      return {
        async verify(data, sig) {
          calls.verifies++;
          if (options.verifyThrows === true) throw new Error('platform failure');
          return verifier.verify(data, sig);
        },
      };
    },
  };
  return { provider, calls };
}

describe('ed25519NoteCheck: note signatures through the platform provider', () => {
  it('accepts a good signature and refuses any changed byte of the message, the signature or its length', async () => {
    const { provider, calls } = countingProvider();
    const check = ed25519NoteCheck(publicKey, provider);
    expect(await check(message, signature)).toBe(true);
    for (const at of [0, 31, 32, 63]) expect(await check(message, flip(signature, at))).toBe(false);
    for (const at of [0, 20, message.length - 1]) expect(await check(flip(message, at), signature)).toBe(false);
    expect(await check(message, signature.subarray(0, 63))).toBe(false);
    expect(await check(message, new Uint8Array([...signature, 0]))).toBe(false);
    expect(await check(new Uint8Array([...message, 0x0a]), signature)).toBe(false);
    expect(calls.imports).toBe(1);
  });

  it('checks an accepted (message, signature) pair on the platform once, and never remembers a refusal', async () => {
    const { provider, calls } = countingProvider();
    const check = ed25519NoteCheck(publicKey, provider);
    const bad = flip(signature, 5);
    expect(await check(message, bad)).toBe(false);
    expect(await check(message, bad)).toBe(false);
    expect(calls.verifies).toBe(2);
    expect(await check(message, signature)).toBe(true);
    expect(await check(message, signature)).toBe(true);
    expect(calls.verifies).toBe(3);
    // After the acceptance, a tampered copy still goes to the platform and is still refused.
    expect(await check(message, bad)).toBe(false);
    expect(calls.verifies).toBe(4);
  });

  it('shares one prepared key per (provider, public key): a vkey parsed per receipt imports once', async () => {
    const { provider, calls } = countingProvider();
    const key = ed25519NoteKey('hutong.example/log', seed);
    const a = parseVerifierKey(key.verifierKey, { provider });
    const b = parseVerifierKey(key.verifierKey, { provider });
    expect(await a.verify(message, signature)).toBe(true);
    expect(await b.verify(message, signature)).toBe(true);
    expect(calls).toEqual({ imports: 1, verifies: 1 });
    // Another public key is another entry, which the first key's acceptances do not cover.
    const other = parseVerifierKey(ed25519NoteKey('hutong.example/log', new Uint8Array(32).fill(4)).verifierKey, {
      provider,
    });
    expect(await other.verify(message, signature)).toBe(false);
    expect(calls.imports).toBe(2);
  });

  it('falls back to pure JavaScript when the platform cannot import Ed25519, with the same answers', async () => {
    const { provider, calls } = countingProvider({ importFails: true });
    const check = ed25519NoteCheck(publicKey, provider);
    expect(await check(message, signature)).toBe(true);
    expect(await check(message, flip(signature, 40))).toBe(false);
    expect(await check(flip(message, 3), signature)).toBe(false);
    expect(calls.verifies).toBe(0);
  });

  it('answers false, never true, when the platform fails while verifying', async () => {
    const { provider } = countingProvider({ verifyThrows: true });
    expect(await ed25519NoteCheck(publicKey, provider)(message, signature)).toBe(false);
  });

  it('keeps at most REMEMBERED_NOTE_KEYS prepared keys per provider', async () => {
    const { provider, calls } = countingProvider();
    const first = ed25519.getPublicKey(new Uint8Array(32).fill(100));
    ed25519NoteCheck(first, provider);
    for (let i = 0; i < REMEMBERED_NOTE_KEYS; i++) {
      ed25519NoteCheck(ed25519.getPublicKey(Uint8Array.of(i, ...new Uint8Array(31))), provider);
    }
    const before = calls.imports;
    ed25519NoteCheck(first, provider); // evicted: imported again
    expect(calls.imports).toBe(before + 1);
  });
});

describe('rememberAccepted', () => {
  it('remembers at most `capacity` acceptances, oldest out first', async () => {
    let calls = 0;
    const check = rememberAccepted(async () => {
      calls++;
      return true;
    }, 2);
    const m = (i: number) => Uint8Array.of(i);
    const s = new Uint8Array(64);
    await check(m(1), s);
    await check(m(2), s);
    await check(m(1), s);
    expect(calls).toBe(2);
    await check(m(3), s); // evicts m(1)
    await check(m(1), s);
    expect(calls).toBe(4);
  });

  it('keys by the exact split of message and signature: moving a byte across the boundary is another pair', async () => {
    const seen: string[] = [];
    const check = rememberAccepted(async (msg, sig) => {
      seen.push(`${msg.length}/${sig.length}`);
      return true;
    });
    await check(Uint8Array.of(1, 2), Uint8Array.of(3));
    await check(Uint8Array.of(1), Uint8Array.of(2, 3));
    expect(seen).toEqual(['2/1', '1/2']);
  });
});

describe('verifyLogReceipt after a checkpoint was accepted once', () => {
  const ORIGIN = 'hutong.example/remembering-log';
  const key = ed25519NoteKey(ORIGIN, new Uint8Array(32).fill(11));

  async function receipts() {
    const tree = new MemoryTree();
    const entries = [0, 1, 2, 3].map((i) =>
      utf8(
        `{"at":"2026-11-29T12:00:00.000Z","event":"licence.issued","private":{},"public":{},"target":"L${i}","v":1}`,
      ),
    );
    for (const e of entries) tree.append(leafHash(e));
    const note = await signNote(formatCheckpoint({ origin: ORIGIN, size: 4, rootHash: tree.rootHash() }), [key.signer]);
    return (index: number, checkpoint = note): LogReceipt => ({
      format: LOG_RECEIPT_FORMAT,
      index,
      entry: encodeBase64(entries[index] as Uint8Array),
      inclusionProof: inclusionProof(4, index, tree).map(encodeBase64),
      checkpoint,
    });
  }

  it('still refuses a tampered checkpoint, signature line or inclusion proof', async () => {
    const receipt = await receipts();
    for (let i = 0; i < 4; i++) {
      await expect(verifyLogReceipt(receipt(i), key.verifierKey, { target: `L${i}` })).resolves.toMatchObject({
        index: i,
      });
    }
    const good = receipt(0).checkpoint;
    const lines = good.split('\n');
    // Another root (one base64 character changed) under the same signature line.
    const root = lines[2] as string;
    const otherRoot = [lines[0], lines[1], `${root[0] === 'A' ? 'B' : 'A'}${root.slice(1)}`, ...lines.slice(3)].join(
      '\n',
    );
    await expect(verifyLogReceipt(receipt(0, otherRoot), key.verifierKey)).rejects.toMatchObject({
      code: 'ERR_MERKLE_NOTE_BAD_SIGNATURE',
    });
    // Another tree size, same signature.
    const otherSize = [lines[0], '5', ...lines.slice(2)].join('\n');
    await expect(verifyLogReceipt(receipt(0, otherSize), key.verifierKey)).rejects.toMatchObject({
      code: 'ERR_MERKLE_NOTE_BAD_SIGNATURE',
    });
    // The signature line with one bit changed.
    const at = lines.findIndex((l) => l.startsWith('— '));
    const sigLine = lines[at] as string;
    const space = sigLine.lastIndexOf(' ');
    const sigBytes = Uint8Array.from(atob(sigLine.slice(space + 1)), (c) => c.charCodeAt(0));
    const badSig = `${sigLine.slice(0, space + 1)}${encodeBase64(flip(sigBytes, 30))}`;
    const badNote = [...lines.slice(0, at), badSig, ...lines.slice(at + 1)].join('\n');
    expect(badNote).not.toBe(good);
    await expect(verifyLogReceipt(receipt(0, badNote), key.verifierKey)).rejects.toMatchObject({
      code: 'ERR_MERKLE_NOTE_BAD_SIGNATURE',
    });
    // A proof for another index, under the remembered checkpoint.
    const swapped = { ...receipt(1), inclusionProof: receipt(2).inclusionProof };
    await expect(verifyLogReceipt(swapped, key.verifierKey)).rejects.toMatchObject({
      code: 'ERR_MERKLE_ROOT_MISMATCH',
    });
  });
});
