import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import type { SigningKey, VerificationKey } from '../crypto/types.js';
import { HutongError } from '../errors.js';
import { formatCheckpoint, openCheckpoint, parseCheckpoint } from './checkpoint.js';
import { CheckpointSigner } from './checkpoint-signer.js';
import { emptyRoot, leafHash } from './hash.js';
import { MemoryTree } from './memory-tree.js';
import { openNote, parseNote, signNote } from './note.js';
import {
  cosignatureMessage,
  cosignatureNoteKey,
  cosignatureTimestamp,
  ed25519NoteKey,
  formatVerifierKey,
  parseVerifierKey,
  SM2_NOTE_KEY_TYPE,
  sm2NoteSigner,
  sm2NoteVerifier,
} from './note-keys.js';
import { consistencyProof } from './proofs.js';

const ORIGIN = 'hutong.example/log';
const seed = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const logKey = ed25519NoteKey(ORIGIN, seed(1));
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

function treeOf(n: number, tag = 'entry'): MemoryTree {
  const t = new MemoryTree();
  for (let i = 0; i < n; i++) t.append(leafHash(enc(`${tag} ${i}`)));
  return t;
}

async function code(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof HutongError) return e.code;
    throw e;
  }
  throw new Error('expected a HutongError');
}

/**
 * SM2 keys for the tests, from sm-crypto-v2 (a real SM2 implementation, the one core
 * depends on): the same shape the crypto suites give, raw r ‖ s signatures, default ID.
 */
function sm2Keys(): { signing: SigningKey; verification: VerificationKey; publicKey: Uint8Array } {
  const pair = sm2.generateKeyPairHex();
  const verification: VerificationKey = {
    suite: 'sm2-sm3',
    keyId: 'test-sm2',
    verify: async (data, signature) =>
      sm2.doVerifySignature(data, Buffer.from(signature).toString('hex'), pair.publicKey, { hash: true, der: false }),
  };
  const signing: SigningKey = {
    suite: 'sm2-sm3',
    keyId: 'test-sm2',
    publicKey: verification,
    sign: async (data) =>
      new Uint8Array(Buffer.from(sm2.doSignature(data, pair.privateKey, { hash: true, der: false }), 'hex')),
  };
  return { signing, verification, publicKey: new Uint8Array(Buffer.from(pair.publicKey, 'hex')) };
}

describe('checkpoint text (C2SP tlog-checkpoint)', () => {
  it('formats and parses the spec example', () => {
    const text = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
    const c = parseCheckpoint(text);
    expect(c).toMatchObject({ origin: 'example.com/behind-the-sofa', size: 20852163, extensions: [] });
    expect(formatCheckpoint(c)).toBe(text);
    const withExt = formatCheckpoint({ ...c, extensions: ['extension one'] });
    expect(parseCheckpoint(withExt).extensions).toEqual(['extension one']);
  });

  it.each([
    ['no final newline', 'o\n1\nbjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=', 'text'],
    ['two lines', 'o\n1\n', 'text'],
    ['empty origin', '\n1\nbjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=\n', 'origin'],
    ['leading zero size', 'o\n01\nbjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=\n', 'size'],
    ['negative size', 'o\n-1\nbjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=\n', 'size'],
    ['size beyond 2^53', 'o\n18446744073709551615\nbjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=\n', 'size'],
    ['short root', 'o\n1\nV3JvbmdSb290\n', 'rootHash'],
    ['unpadded root', 'o\n1\nbjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0\n', 'rootHash'],
    ['empty extension', 'o\n1\nbjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=\n\n', 'extensions[0]'],
    ['tab in origin', 'o\tx\n1\nbjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=\n', 'origin'],
  ])('rejects %s', (_name, text, field) => {
    try {
      parseCheckpoint(text);
      expect.unreachable();
    } catch (e) {
      expect((e as HutongError).code).toBe('ERR_MERKLE_CHECKPOINT_MALFORMED');
      expect((e as HutongError).field).toBe(field);
    }
  });

  it('opens a signed checkpoint and refuses a wrong origin or another log’s key', async () => {
    const tree = treeOf(5);
    const note = await signNote(formatCheckpoint({ origin: ORIGIN, size: 5, rootHash: tree.rootHash() }), [
      logKey.signer,
    ]);
    const { checkpoint } = await openCheckpoint(note, ORIGIN, [logKey.verifier]);
    expect(checkpoint.size).toBe(5);
    expect(await code(openCheckpoint(note, 'other.example/log', [logKey.verifier]))).toBe(
      'ERR_MERKLE_CHECKPOINT_ORIGIN',
    );
    const other = ed25519NoteKey('other.example/log', seed(2));
    expect(await code(openCheckpoint(note, ORIGIN, [other.verifier]))).toBe('ERR_MERKLE_NOTE_UNVERIFIED');
    // Signed only by a witness the caller trusts, not by the log: not a log checkpoint.
    const witness = cosignatureNoteKey('witness.example/w1', seed(3), () => 1700000000);
    const cosignedOnly = await signNote(formatCheckpoint({ origin: ORIGIN, size: 5, rootHash: tree.rootHash() }), [
      witness.signer,
    ]);
    expect(await code(openCheckpoint(cosignedOnly, ORIGIN, [logKey.verifier], [witness.verifier]))).toBe(
      'ERR_MERKLE_CHECKPOINT_NOT_SIGNED_BY_LOG',
    );
    const bad = note.replace(/ (\S)(\S+)\n$/, (_m, c: string, rest: string) => ` ${c === 'A' ? 'B' : 'A'}${rest}\n`);
    expect(await code(openCheckpoint(bad, ORIGIN, [logKey.verifier]))).toMatch(
      /ERR_MERKLE_NOTE_(BAD_SIGNATURE|UNVERIFIED)/,
    );
  });
});

describe('cosignatures (C2SP tlog-cosignature, cosignature/v1)', () => {
  const witness = cosignatureNoteKey('witness.example.com/w1', seed(7), () => 1679315147);
  const text = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

  it('signs the spec’s message: header, time line, checkpoint text', () => {
    expect(new TextDecoder().decode(cosignatureMessage(1679315147, text))).toBe(
      'cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
    );
  });

  it('produces timestamp ‖ Ed25519 that an independent Ed25519 (OpenSSL) accepts', async () => {
    const note = await signNote(text, [witness.signer]);
    const sig = parseNote(note).signatures[0];
    expect(sig?.signature.length).toBe(72);
    expect(cosignatureTimestamp(sig as never)).toBe(1679315147);
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(witness.publicKey)]);
    const ok = nodeVerify(
      null,
      cosignatureMessage(1679315147, text),
      createPublicKey({ key: spki, format: 'der', type: 'spki' }),
      (sig as { signature: Uint8Array }).signature.subarray(8),
    );
    expect(ok).toBe(true);
  });

  it('uses key type 0x04 in its key ID and vkey, distinct from the same key as 0x01', () => {
    const parsed = parseVerifierKey(witness.verifierKey);
    expect(parsed.type).toBe('cosignature/v1');
    expect(Buffer.from(witness.verifierKey.split('+')[2] as string, 'base64')[0]).toBe(0x04);
    expect(ed25519NoteKey('witness.example.com/w1', seed(7)).verifier.keyId).not.toBe(witness.verifier.keyId);
  });

  it('verifies through openNote, and fails on a changed timestamp or checkpoint', async () => {
    const logNote = await signNote(text, [logKey.signer]);
    const cosigned = await signNote(text, [witness.signer], parseNote(logNote).signatures);
    const opened = await openNote(cosigned, [parseVerifierKey(witness.verifierKey)]);
    expect(opened.verifiedBy.map((s) => s.name)).toEqual(['witness.example.com/w1']);
    const line = cosigned.trimEnd().split('\n').at(-1) as string;
    const raw = Buffer.from(line.split(' ')[2] as string, 'base64');
    raw[11] = (raw[11] as number) ^ 1; // the timestamp's last byte
    const retimed = cosigned.replace(line, `${line.split(' ').slice(0, 2).join(' ')} ${raw.toString('base64')}`);
    expect(await code(openNote(retimed, [witness.verifier]))).toBe('ERR_MERKLE_NOTE_BAD_SIGNATURE');
    expect(await code(openNote(cosigned.replace('20852163', '20852164'), [witness.verifier]))).toBe(
      'ERR_MERKLE_NOTE_BAD_SIGNATURE',
    );
  });

  it('refuses to cosign something that is not a checkpoint', async () => {
    expect(await code(signNote('just one line\n', [witness.signer]))).toBe('ERR_MERKLE_CHECKPOINT_MALFORMED');
  });
});

describe('SM2 signature lines (Hutong: 0xff + OID 1.2.156.10197.1.501)', () => {
  it('signs a checkpoint with Ed25519 and SM2 lines; each verifies with its own key', async () => {
    const keys = sm2Keys();
    const signer = sm2NoteSigner(ORIGIN, keys.signing, keys.publicKey);
    const tree = treeOf(3);
    const text = formatCheckpoint({ origin: ORIGIN, size: 3, rootHash: tree.rootHash() });
    const note = await signNote(text, [logKey.signer, signer]);
    expect(note.split('\n').filter((l) => l.startsWith('— '))).toHaveLength(2);
    // The vkey carries 0xff, the DER OID and the 65-byte public key.
    const vkey = parseVerifierKey(signer.verifierKey, { sm2: () => keys.verification });
    expect(vkey.type).toBe('sm2-sm3');
    expect(signer.verifierKey).toBe(
      formatVerifierKey(ORIGIN, new Uint8Array([...SM2_NOTE_KEY_TYPE, ...keys.publicKey])),
    );
    const sm2Only = await openNote(note, [vkey]);
    expect(sm2Only.verifiedBy.map((s) => s.keyId)).toEqual([signer.keyId]);
    expect(sm2Only.unverified.map((s) => s.keyId)).toEqual([logKey.verifier.keyId]);
    // A C2SP client that only knows the Ed25519 key ignores the SM2 line.
    const edOnly = await openNote(note, [logKey.verifier]);
    expect(edOnly.unverified).toHaveLength(1);
    // Another SM2 key under the same name cannot stand in.
    const other = sm2Keys();
    const impostor = sm2NoteVerifier(ORIGIN, keys.publicKey, other.verification);
    expect(await code(openNote(note, [impostor]))).toBe('ERR_MERKLE_NOTE_BAD_SIGNATURE');
  });

  it('refuses an SM2 vkey without an importer and a non-SM2 suite key', async () => {
    const keys = sm2Keys();
    const signer = sm2NoteSigner(ORIGIN, keys.signing, keys.publicKey);
    expect(await code(() => parseVerifierKey(signer.verifierKey))).toBe('ERR_MERKLE_NOTE_KEY_TYPE');
    const ed: SigningKey = { ...keys.signing, suite: 'ed25519' };
    expect(await code(() => sm2NoteSigner(ORIGIN, ed, keys.publicKey))).toBe('ERR_MERKLE_NOTE_KEY_TYPE');
    expect(await code(() => sm2NoteSigner(ORIGIN, keys.signing, keys.publicKey.subarray(1)))).toBe(
      'ERR_MERKLE_NOTE_KEY_MALFORMED',
    );
  });
});

describe('CheckpointSigner: never signs a checkpoint inconsistent with one it signed', () => {
  it('signs a growing log with consistency proofs, and persists before signing', async () => {
    const saved: unknown[] = [];
    const signer = new CheckpointSigner({
      origin: ORIGIN,
      signers: [logKey.signer],
      persist: (s) => void saved.push(s),
    });
    const tree = treeOf(10);
    const n1 = await signer.sign({ size: 4, rootHash: treeOf(4).rootHash() });
    expect((await openCheckpoint(n1, ORIGIN, [logKey.verifier])).checkpoint.size).toBe(4);
    const n2 = await signer.sign({ size: 10, rootHash: tree.rootHash() }, consistencyProof(4, 10, tree));
    expect(parseCheckpoint(parseNote(n2).text).size).toBe(10);
    // Re-signing the same head is fine (a fresh signature on the same statement).
    await signer.sign({ size: 10, rootHash: tree.rootHash() });
    expect(saved).toHaveLength(3);
    expect(signer.state?.size).toBe(10);
  });

  it('refuses a smaller size, a second root for a size, and growth without a valid proof', async () => {
    const tree = treeOf(10);
    const forked = treeOf(10, 'forked');
    const signer = new CheckpointSigner({ origin: ORIGIN, signers: [logKey.signer] });
    await signer.sign({ size: 6, rootHash: treeOf(6).rootHash() });
    expect(await code(signer.sign({ size: 5, rootHash: treeOf(5).rootHash() }))).toBe('ERR_MERKLE_CHECKPOINT_ROLLBACK');
    expect(await code(signer.sign({ size: 6, rootHash: treeOf(6, 'forked').rootHash() }))).toBe(
      'ERR_MERKLE_CHECKPOINT_FORK',
    );
    expect(await code(signer.sign({ size: 10, rootHash: tree.rootHash() }))).toBe('ERR_MERKLE_CHECKPOINT_INCONSISTENT');
    // A proof for the forked tree does not connect the signed head to it.
    expect(await code(signer.sign({ size: 10, rootHash: forked.rootHash() }, consistencyProof(6, 10, forked)))).toBe(
      'ERR_MERKLE_CHECKPOINT_INCONSISTENT',
    );
    // Still at 6, and the honest extension is accepted.
    expect(signer.state?.size).toBe(6);
    await signer.sign({ size: 10, rootHash: tree.rootHash() }, consistencyProof(6, 10, tree));
    expect(signer.state?.size).toBe(10);
  });

  it('resumes from saved state and keeps refusing after a restart', async () => {
    const first = new CheckpointSigner({ origin: ORIGIN, signers: [logKey.signer] });
    await first.sign({ size: 8, rootHash: treeOf(8).rootHash() });
    const restarted = new CheckpointSigner({ origin: ORIGIN, signers: [logKey.signer], state: first.state });
    expect(await code(restarted.sign({ size: 8, rootHash: treeOf(8, 'other').rootHash() }))).toBe(
      'ERR_MERKLE_CHECKPOINT_FORK',
    );
    expect(
      () => new CheckpointSigner({ origin: ORIGIN, signers: [logKey.signer], state: { size: -1, rootHash: 'x' } }),
    ).toThrow(HutongError);
  });

  it('serialises concurrent requests so two cannot pass the same check', async () => {
    const tree = treeOf(9);
    const signer = new CheckpointSigner({ origin: ORIGIN, signers: [logKey.signer] });
    await signer.sign({ size: 3, rootHash: treeOf(3).rootHash() });
    const forked = treeOf(9, 'forked');
    const results = await Promise.allSettled([
      signer.sign({ size: 9, rootHash: tree.rootHash() }, consistencyProof(3, 9, tree)),
      signer.sign({ size: 9, rootHash: forked.rootHash() }, consistencyProof(3, 9, forked)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
  });

  it('signs the empty tree only with the empty root, and anything consistent after it', async () => {
    const signer = new CheckpointSigner({ origin: ORIGIN, signers: [logKey.signer] });
    expect(await code(signer.sign({ size: 0, rootHash: treeOf(1).rootHash() }))).toBe('ERR_MERKLE_CHECKPOINT_FORK');
    await signer.sign({ size: 0, rootHash: emptyRoot() });
    await signer.sign({ size: 3, rootHash: treeOf(3).rootHash() });
    expect(signer.state?.size).toBe(3);
  });
});
