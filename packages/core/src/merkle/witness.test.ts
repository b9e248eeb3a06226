import { describe, expect, it } from 'vitest';
import { formatCheckpoint } from './checkpoint.js';
import { leafHash } from './hash.js';
import { MemoryTree } from './memory-tree.js';
import { openNote, signNote } from './note.js';
import { cosignatureNoteKey, cosignatureTimestamp, ed25519NoteKey } from './note-keys.js';
import { consistencyProof } from './proofs.js';
import {
  type CosignedTreeHead,
  formatAddCheckpointRequest,
  parseAddCheckpointRequest,
  type WitnessedLog,
  witnessAddCheckpoint,
} from './witness.js';

const ORIGIN = 'hutong.example/log';
const seed = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const logKey = ed25519NoteKey(ORIGIN, seed(1));
const witnessKey = cosignatureNoteKey('witness.hutong.example/w1', seed(2), () => 1750000000);
const logs: WitnessedLog[] = [{ origin: ORIGIN, verifiers: [logKey.verifier] }];

function treeOf(n: number, tag = 'entry'): MemoryTree {
  const t = new MemoryTree();
  for (let i = 0; i < n; i++) t.append(leafHash(new TextEncoder().encode(`${tag} ${i}`)));
  return t;
}

async function checkpointNote(tree: MemoryTree, size = tree.size, key = logKey, origin = ORIGIN): Promise<string> {
  const t = size === tree.size ? tree : treeOf(size);
  return signNote(formatCheckpoint({ origin, size, rootHash: t.rootHash() }), [key.signer]);
}

async function refusal(
  state: CosignedTreeHead | undefined,
  body: { oldSize: number; proof: Uint8Array[]; checkpointNote: string },
) {
  const outcome = await witnessAddCheckpoint(state, body, logs, [witnessKey.signer]);
  if (outcome.ok) throw new Error('expected a refusal');
  return outcome;
}

describe('witnessAddCheckpoint (C2SP tlog-witness add-checkpoint)', () => {
  it('cosigns a first checkpoint (old size 0), then a consistent extension', async () => {
    const tree = treeOf(20);
    const first = await checkpointNote(tree, 8);
    const o1 = await witnessAddCheckpoint(undefined, { oldSize: 0, proof: [], checkpointNote: first }, logs, [
      witnessKey.signer,
    ]);
    expect(o1.ok).toBe(true);
    if (!o1.ok) return;
    expect(o1.newState.size).toBe(8);
    // The response body appends to the checkpoint and verifies as a cosignature/v1 line.
    const opened = await openNote(first + o1.cosignatures, [witnessKey.verifier]);
    expect(cosignatureTimestamp(opened.verifiedBy[0] as never)).toBe(1750000000);

    const second = await checkpointNote(tree);
    const o2 = await witnessAddCheckpoint(
      o1.newState,
      { oldSize: 8, proof: consistencyProof(8, 20, tree), checkpointNote: second },
      logs,
      [witnessKey.signer],
    );
    expect(o2.ok && o2.newState.size).toBe(20);
  });

  it('re-cosigns the same tree head (old size = size, same root)', async () => {
    const tree = treeOf(5);
    const state = { size: 5, rootHash: tree.rootHash() };
    const o = await witnessAddCheckpoint(
      state,
      { oldSize: 5, proof: [], checkpointNote: await checkpointNote(tree) },
      logs,
      [witnessKey.signer],
    );
    expect(o.ok).toBe(true);
  });

  it('404: unknown log', async () => {
    const stranger = ed25519NoteKey('stranger.example/log', seed(9));
    const note = await checkpointNote(treeOf(3), 3, stranger, 'stranger.example/log');
    expect((await refusal(undefined, { oldSize: 0, proof: [], checkpointNote: note })).error.code).toBe(
      'ERR_MERKLE_WITNESS_UNKNOWN_LOG',
    );
  });

  it('403: not signed by the log’s key, or a bad log signature', async () => {
    const impostor = ed25519NoteKey(ORIGIN, seed(8));
    const note = await checkpointNote(treeOf(3), 3, impostor);
    expect((await refusal(undefined, { oldSize: 0, proof: [], checkpointNote: note })).error.code).toBe(
      'ERR_MERKLE_WITNESS_NOT_SIGNED',
    );
    const honest = await checkpointNote(treeOf(3));
    const tampered = honest.replace('\n3\n', '\n4\n');
    expect((await refusal(undefined, { oldSize: 0, proof: [], checkpointNote: tampered })).error.code).toBe(
      'ERR_MERKLE_WITNESS_NOT_SIGNED',
    );
  });

  it('400: old size above the checkpoint size, a proof from size 0, malformed checkpoint', async () => {
    const tree = treeOf(4);
    const note = await checkpointNote(tree);
    expect((await refusal(undefined, { oldSize: 5, proof: [], checkpointNote: note })).error.code).toBe(
      'ERR_MERKLE_WITNESS_REQUEST_MALFORMED',
    );
    expect((await refusal(undefined, { oldSize: 0, proof: [tree.rootHash()], checkpointNote: note })).error.code).toBe(
      'ERR_MERKLE_WITNESS_REQUEST_MALFORMED',
    );
    expect((await refusal(undefined, { oldSize: 0, proof: [], checkpointNote: 'garbage' })).error.code).toBe(
      'ERR_MERKLE_WITNESS_REQUEST_MALFORMED',
    );
  });

  it('409: the old size is not the latest cosigned size (with the size for the body)', async () => {
    const tree = treeOf(12);
    const state = { size: 7, rootHash: treeOf(7).rootHash() };
    const r = await refusal(state, {
      oldSize: 6,
      proof: consistencyProof(6, 12, tree),
      checkpointNote: await checkpointNote(tree),
    });
    expect(r.error.code).toBe('ERR_MERKLE_WITNESS_OLD_SIZE');
    expect(r.latestSize).toBe(7);
    // A client that knows nothing asks with old size 0 and learns the size.
    const r0 = await refusal(state, { oldSize: 0, proof: [], checkpointNote: await checkpointNote(tree) });
    expect(r0.latestSize).toBe(7);
  });

  it('409 with fork evidence: same size, another root', async () => {
    const cosigned = { size: 6, rootHash: treeOf(6).rootHash() };
    const forkNote = await checkpointNote(treeOf(6, 'forked'));
    const r = await refusal(cosigned, { oldSize: 6, proof: [], checkpointNote: forkNote });
    expect(r.error.code).toBe('ERR_MERKLE_WITNESS_CONFLICT');
    expect(r.evidence?.checkpointNote).toBe(forkNote);
  });

  it('422 with fork evidence: a log forked at any point fails the consistency check', async () => {
    const cosigned = { size: 6, rootHash: treeOf(6).rootHash() };
    for (const forkAt of [0, 3, 5]) {
      // The same log except entry `forkAt`, grown to 11 entries.
      const forked = new MemoryTree();
      for (let i = 0; i < 11; i++)
        forked.append(leafHash(new TextEncoder().encode(i === forkAt ? 'evil' : `entry ${i}`)));
      const r = await refusal(cosigned, {
        oldSize: 6,
        proof: consistencyProof(6, 11, forked),
        checkpointNote: await checkpointNote(forked),
      });
      expect(r.error.code).toBe('ERR_MERKLE_WITNESS_PROOF');
      expect(r.evidence?.cosigned.size).toBe(6);
    }
  });
});

describe('add-checkpoint request bodies', () => {
  it('round-trips the spec’s shape', async () => {
    const tree = treeOf(20);
    const note = await checkpointNote(tree);
    const proof = consistencyProof(8, 20, tree);
    const body = formatAddCheckpointRequest({ oldSize: 8, proof, checkpointNote: note });
    expect(body.startsWith('old 8\n')).toBe(true);
    const parsed = parseAddCheckpointRequest(body);
    expect(parsed.oldSize).toBe(8);
    expect(parsed.proof).toEqual(proof);
    expect(parsed.checkpointNote).toBe(note);
    expect(parsed.origin).toBe(ORIGIN);
  });

  it.each([
    ['no blank line', 'old 1\n'],
    ['missing old line', 'new 1\n\nx'],
    ['leading zero', 'old 01\n\nx'],
    [
      'bad proof line',
      'old 1\nnot-base64\n\nhutong.example/log\n1\nbjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=\n\n— k AAAAAAA=\n',
    ],
    ['64 proof lines', `old 1\n${'bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=\n'.repeat(64)}\nx`],
    ['unsigned checkpoint', 'old 0\n\nhutong.example/log\n1\nbjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=\n'],
    ['not text', 42],
  ])('rejects %s', (_name, body) => {
    expect(() => parseAddCheckpointRequest(body)).toThrow(
      expect.objectContaining({ code: 'ERR_MERKLE_WITNESS_REQUEST_MALFORMED' }),
    );
  });
});
