import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalBytes } from '../canonical/canonicalize.js';
import { HutongError } from '../errors.js';
import { formatCheckpoint } from './checkpoint.js';
import { encodeBase64 } from './encoding.js';
import { leafHash } from './hash.js';
import { MemoryTree } from './memory-tree.js';
import { parseNote, signNote } from './note.js';
import { cosignatureNoteKey, ed25519NoteKey } from './note-keys.js';
import { inclusionProof } from './proofs.js';
import {
  LOG_RECEIPT_FORMAT,
  type LogReceipt,
  logCommitment,
  logFieldKey,
  parseLogEntry,
  verifyLogReceipt,
} from './receipt.js';

const ORIGIN = 'hutong.example/hutong-log';
const logKey = ed25519NoteKey(ORIGIN, new Uint8Array(32).fill(7));
const otherKey = ed25519NoteKey(ORIGIN, new Uint8Array(32).fill(8));
const witness = cosignatureNoteKey('witness.example/w1', new Uint8Array(32).fill(9), () => 1_800_000_000);
const ID = '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F';

function entryOf(i: number, target = `${ID}#${i}`): Uint8Array {
  return canonicalBytes({
    v: 1,
    event: 'licence.issued',
    at: '2026-11-29T12:00:00.000Z',
    target,
    audit: i + 1,
    public: { typeCode: '11100000000013338W032', version: '001' },
    private: { actor: 'A'.repeat(43) },
  });
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

async function logOf(n: number, special?: { index: number; entry: Uint8Array }) {
  const tree = new MemoryTree();
  const entries: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const entry = special?.index === i ? special.entry : entryOf(i);
    entries.push(entry);
    tree.append(leafHash(entry));
  }
  const note = await signNote(formatCheckpoint({ origin: ORIGIN, size: n, rootHash: tree.rootHash() }), [
    logKey.signer,
  ]);
  const receipt = (index: number): LogReceipt => ({
    format: LOG_RECEIPT_FORMAT,
    index,
    entry: encodeBase64(entries[index] as Uint8Array),
    inclusionProof: inclusionProof(n, index, tree).map(encodeBase64),
    checkpoint: note,
  });
  return { tree, note, receipt };
}

describe('verifyLogReceipt: RFC 9162 inclusion into a C2SP-signed checkpoint, offline', () => {
  it('accepts every receipt of a 37-entry log with the vkey text and with a verifier', async () => {
    const log = await logOf(37);
    for (let i = 0; i < 37; i++) {
      const verified = await verifyLogReceipt(log.receipt(i), logKey.verifierKey, { target: `${ID}#${i}` });
      expect(verified).toMatchObject({ origin: ORIGIN, index: i, treeSize: 37, signedBy: [ORIGIN] });
      expect(verified.entry.audit).toBe(i + 1);
    }
    await expect(verifyLogReceipt(log.receipt(5), logKey.verifier)).resolves.toMatchObject({ index: 5 });
  });

  it('refuses the wrong key, another origin, a moved index, an edited entry and a garbage proof', async () => {
    const log = await logOf(20);
    const good = log.receipt(9);
    // Another key of the same name has another key ID: its line is not there at all.
    expect(await code(verifyLogReceipt(good, otherKey.verifierKey))).toBe('ERR_MERKLE_NOTE_UNVERIFIED');
    expect(await code(verifyLogReceipt(good, logKey.verifierKey, { origin: 'other.example/log' }))).toBe(
      'ERR_MERKLE_CHECKPOINT_ORIGIN',
    );
    expect(await code(verifyLogReceipt({ ...good, index: 8 }, logKey.verifierKey))).toBe('ERR_MERKLE_ROOT_MISMATCH');
    expect(await code(verifyLogReceipt({ ...good, index: 20 }, logKey.verifierKey))).toBe(
      'ERR_MERKLE_INDEX_OUT_OF_RANGE',
    );
    const edited = { ...good, entry: encodeBase64(entryOf(9, `${ID}#10`)) };
    expect(await code(verifyLogReceipt(edited, logKey.verifierKey))).toBe('ERR_MERKLE_ROOT_MISMATCH');
    const flipped = [...good.inclusionProof];
    flipped[0] = encodeBase64(new Uint8Array(32).fill(1));
    expect(await code(verifyLogReceipt({ ...good, inclusionProof: flipped }, logKey.verifierKey))).toBe(
      'ERR_MERKLE_ROOT_MISMATCH',
    );
    expect(
      await code(verifyLogReceipt({ ...good, inclusionProof: good.inclusionProof.slice(1) }, logKey.verifierKey)),
    ).toBe('ERR_MERKLE_PROOF_LENGTH');
    // A checkpoint whose text was changed after signing.
    const tampered = good.checkpoint.replace('\n20\n', '\n21\n');
    expect(await code(verifyLogReceipt({ ...good, checkpoint: tampered }, logKey.verifierKey))).toBe(
      'ERR_MERKLE_NOTE_BAD_SIGNATURE',
    );
  });

  it('names a log once in signedBy when two of its keys signed the checkpoint (Ed25519 and SM2 lines)', async () => {
    const log = await logOf(5);
    const parsed = parseNote(log.note);
    // A second key under the log's own name, as the SM2 line is: both lines verify.
    const twice = await signNote(parsed.text, [otherKey.signer], parsed.signatures);
    expect(parseNote(twice).signatures).toHaveLength(2);
    const verified = await verifyLogReceipt({ ...log.receipt(3), checkpoint: twice }, [
      logKey.verifier,
      otherKey.verifier,
    ]);
    expect(verified.signedBy).toEqual([ORIGIN]);
    const cosigned = await signNote(parsed.text, [otherKey.signer, witness.signer], parsed.signatures);
    const all = await verifyLogReceipt(
      { ...log.receipt(3), checkpoint: cosigned },
      [logKey.verifier, otherKey.verifier],
      {
        witnesses: [witness.verifier],
      },
    );
    expect(all.signedBy).toEqual([ORIGIN, 'witness.example/w1']);
  });

  it('checks the target it is asked about', async () => {
    const log = await logOf(4);
    expect(await code(verifyLogReceipt(log.receipt(2), logKey.verifierKey, { target: `${ID}#3` }))).toBe(
      'ERR_MERKLE_RECEIPT_MISMATCH',
    );
  });

  it('requires the cosignatures of the witnesses it names', async () => {
    const log = await logOf(6);
    const receipt = log.receipt(1);
    expect(await code(verifyLogReceipt(receipt, logKey.verifierKey, { witnesses: [witness.verifier] }))).toBe(
      'ERR_MERKLE_RECEIPT_COSIGNATURE_MISSING',
    );
    const parsed = parseNote(log.note);
    const cosigned = await signNote(parsed.text, [witness.signer], parsed.signatures);
    const verified = await verifyLogReceipt({ ...receipt, checkpoint: cosigned }, logKey.verifierKey, {
      witnesses: [witness.verifier],
    });
    expect(verified.signedBy).toEqual([ORIGIN, 'witness.example/w1']);
  });

  it('refuses malformed receipts with typed errors, never a TypeError', async () => {
    const log = await logOf(3);
    const good = log.receipt(0) as unknown as Record<string, unknown>;
    const cases: Array<[unknown, string]> = [
      [null, 'ERR_MERKLE_RECEIPT_MALFORMED'],
      ['receipt', 'ERR_MERKLE_RECEIPT_MALFORMED'],
      [{ ...good, format: 'x' }, 'ERR_MERKLE_RECEIPT_MALFORMED'],
      [{ ...good, index: -1 }, 'ERR_MERKLE_RECEIPT_MALFORMED'],
      [{ ...good, index: 1.5 }, 'ERR_MERKLE_RECEIPT_MALFORMED'],
      [{ ...good, entry: 'not base64!' }, 'ERR_MERKLE_RECEIPT_MALFORMED'],
      [{ ...good, inclusionProof: 'x' }, 'ERR_MERKLE_RECEIPT_MALFORMED'],
      [{ ...good, inclusionProof: [42] }, 'ERR_MERKLE_RECEIPT_MALFORMED'],
      [{ ...good, inclusionProof: ['AAAA'] }, 'ERR_MERKLE_RECEIPT_MALFORMED'],
      [{ ...good, checkpoint: 7 }, 'ERR_MERKLE_RECEIPT_MALFORMED'],
      [{ ...good, checkpoint: 'garbage' }, 'ERR_MERKLE_NOTE_MALFORMED'],
      [{ ...good, entry: encodeBase64(new TextEncoder().encode('{"v":1}')) }, 'ERR_MERKLE_LOG_ENTRY_MALFORMED'],
    ];
    for (const [receipt, expected] of cases)
      expect(await code(verifyLogReceipt(receipt, logKey.verifierKey))).toBe(expected);
    expect(await code(verifyLogReceipt(good, 'not a vkey'))).toBe('ERR_MERKLE_NOTE_KEY_MALFORMED');
  });

  it('never throws anything but a HutongError on arbitrary receipts (property)', async () => {
    const log = await logOf(5);
    const good = log.receipt(3) as unknown as Record<string, unknown>;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('format', 'index', 'entry', 'inclusionProof', 'checkpoint'),
        fc.anything(),
        async (k, v) => {
          try {
            await verifyLogReceipt({ ...good, [k]: v }, logKey.verifierKey);
          } catch (e) {
            expect(e).toBeInstanceOf(HutongError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('parseLogEntry: the public entry format', () => {
  it('accepts a canonical entry and refuses non-canonical spellings, unknown members and bad commitments', async () => {
    const bytes = entryOf(0);
    expect(parseLogEntry(bytes).event).toBe('licence.issued');
    const text = new TextDecoder().decode(bytes);
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(await code(() => parseLogEntry(enc(` ${text}`)))).toBe('ERR_MERKLE_LOG_ENTRY_MALFORMED');
    expect(await code(() => parseLogEntry(enc(text.replace('"v":1', '"v":1,"x":1'))))).toBe(
      'ERR_MERKLE_LOG_ENTRY_MALFORMED',
    );
    expect(await code(() => parseLogEntry(enc(text.replace('AAAA', 'AA+A'))))).toBe('ERR_MERKLE_LOG_ENTRY_MALFORMED');
    expect(await code(() => parseLogEntry(enc(text.replace('"v":1', '"v":2'))))).toBe('ERR_MERKLE_LOG_ENTRY_MALFORMED');
    expect(await code(() => parseLogEntry(new Uint8Array([0xff, 0xfe])))).toBe('ERR_MERKLE_LOG_ENTRY_MALFORMED');
    expect(await code(() => parseLogEntry(new Uint8Array(70_000)))).toBe('ERR_MERKLE_LOG_ENTRY_MALFORMED');
    expect(await code(() => parseLogEntry('{}'))).toBe('ERR_MERKLE_LOG_ENTRY_MALFORMED');
  });
});

describe('logFieldKey / logCommitment: salted SHA-256 commitments', () => {
  it('equal node:crypto SHA-256 over the documented inputs', () => {
    const salt = new Uint8Array(32).map((_, i) => i);
    const key = logFieldKey(salt, 'details.holder');
    const expectedKey = createHash('sha256')
      .update('hutong-log/1 field\n')
      .update(salt)
      .update('details.holder')
      .digest();
    expect(Buffer.from(key).equals(expectedKey)).toBe(true);
    const value = { holderCode: 'x', n: 1 };
    const expected = createHash('sha256').update(key).update(canonicalBytes(value)).digest('base64url');
    expect(logCommitment(key, value)).toBe(expected);
  });

  it('differ per field and per salt, and refuse short salts and keys', async () => {
    const a = new Uint8Array(32).fill(1);
    const b = new Uint8Array(32).fill(2);
    expect(logCommitment(logFieldKey(a, 'actor'), 'client:1')).not.toBe(
      logCommitment(logFieldKey(a, 'useCause'), 'client:1'),
    );
    expect(logCommitment(logFieldKey(a, 'actor'), 'client:1')).not.toBe(
      logCommitment(logFieldKey(b, 'actor'), 'client:1'),
    );
    expect(await code(() => logFieldKey(new Uint8Array(8), 'actor'))).toBe('ERR_MERKLE_LOG_ENTRY_MALFORMED');
    expect(await code(() => logCommitment(new Uint8Array(31), 'x'))).toBe('ERR_MERKLE_LOG_ENTRY_MALFORMED');
  });
});
