/**
 * Signed notes against published examples, so interoperability is proven rather than
 * assumed:
 * - golang.org/x/mod/sumdb/note note_test.go (keys PeterNeumann and EnochRoot, the
 *   signed Peter Neumann quote, and its malformed-note cases);
 * - a real sum.golang.org checkpoint quoted in the Sigsum project's documentation
 *   (git.glasklar.is/sigsum, "Use vX.Y.Z tags only for official releases"), verified
 *   with the Go checksum database's published key.
 */
import { createPublicKey, sign as nodeSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { parseCheckpoint } from './checkpoint.js';
import { type NoteVerifier, openNote, parseNote, signNote } from './note.js';
import { ed25519NoteKey, generateEd25519NoteKey, noteKeyId, parseSignerKey, parseVerifierKey } from './note-keys.js';

const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG =
  '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG =
  '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

const SUMDB_VKEY = 'sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8';
const SUMDB_CHECKPOINT =
  'go.sum database tree\n49189689\nftjbAOzaupaIvaPo/G+Dk63nxOZ2s1OPOKIaPtXs7S4=\n\n' +
  '— sum.golang.org Az3grlKZssqRoMNPpZfKt0TphbbcF+pzXqElURJKRNFKfaUAgqeI5k2AORH0QAhg/ebRwyIqD/OqP4oLtLnNumvOBAM=\n';

async function code(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof HutongError) return e.code;
    throw e;
  }
  throw new Error('expected a HutongError');
}

const peter = parseVerifierKey(PETER_VKEY);
const enoch = parseVerifierKey(ENOCH_VKEY);

describe('verifier and signer keys (golang.org/x/mod/sumdb/note)', () => {
  it('parses the published keys and their key IDs', () => {
    expect(peter.name).toBe('PeterNeumann');
    expect(peter.keyId).toBe(0xc74f20a3);
    expect(peter.type).toBe('ed25519');
    expect(enoch.keyId).toBe(0xaf0cfe78);
    expect(parseVerifierKey(SUMDB_VKEY).keyId).toBe(0x033de0ae);
  });

  it('derives the same vkey from the signer key (seed → public key → key ID)', () => {
    const { name, seed } = parseSignerKey(PETER_SKEY);
    const key = ed25519NoteKey(name, seed);
    expect(key.verifierKey).toBe(PETER_VKEY);
    expect(key.signerKey).toBe(PETER_SKEY);
  });

  it('signs the Peter Neumann note byte for byte as Go does (Ed25519 is deterministic)', async () => {
    const { name, seed } = parseSignerKey(PETER_SKEY);
    expect(await signNote(TEXT, [ed25519NoteKey(name, seed).signer])).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  it('rejects every truncation and one-character change of the vkey (as Go TestNewVerifier)', async () => {
    const bad: string[] = [];
    for (let i = 0; i <= PETER_VKEY.length; i++) {
      for (let j = i + 1; j <= PETER_VKEY.length; j++)
        if (i !== 0 || j !== PETER_VKEY.length) bad.push(PETER_VKEY.slice(i, j));
    }
    for (let i = 0; i < PETER_VKEY.length; i++) {
      bad.push(PETER_VKEY.slice(0, i) + String.fromCharCode(PETER_VKEY.charCodeAt(i) + 1) + PETER_VKEY.slice(i + 1));
    }
    for (const k of bad) expect(await code(() => parseVerifierKey(k)), k).toMatch(/^ERR_MERKLE_NOTE_KEY_/);
    // Wrong key length and unknown algorithm, each with a key ID recomputed to match.
    expect(
      await code(() => parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==')),
    ).toBe('ERR_MERKLE_NOTE_KEY_MALFORMED');
    expect(
      await code(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')),
    ).toBe('ERR_MERKLE_NOTE_KEY_TYPE');
  });

  it('rejects every truncation and one-character change of the signer key', async () => {
    for (let i = 0; i <= PETER_SKEY.length; i++) {
      for (let j = i + 1; j <= PETER_SKEY.length; j++) {
        if (i === 0 && j === PETER_SKEY.length) continue;
        expect(await code(() => parseSignerKey(PETER_SKEY.slice(i, j)))).toMatch(/^ERR_MERKLE_NOTE_KEY_/);
      }
    }
    for (let i = 0; i < PETER_SKEY.length; i++) {
      const k = PETER_SKEY.slice(0, i) + String.fromCharCode(PETER_SKEY.charCodeAt(i) + 1) + PETER_SKEY.slice(i + 1);
      expect(await code(() => parseSignerKey(k)), k).toMatch(/^ERR_MERKLE_NOTE_KEY_/);
    }
    expect(await code(() => parseSignerKey(42))).toBe('ERR_MERKLE_NOTE_KEY_MALFORMED');
  });

  it('agrees with an independent Ed25519 (OpenSSL through node:crypto) on generated keys', async () => {
    const key = generateEd25519NoteKey('hutong.example/log');
    const text = 'hutong.example/log\n1\nbjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=\n';
    const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(key.publicKey)]);
    const pkcs8 = Buffer.concat([
      Buffer.from('302e020100300506032b657004220420', 'hex'),
      Buffer.from(parseSignerKey(key.signerKey).seed),
    ]);
    const openssl = nodeSign(null, Buffer.from(text), { key: pkcs8, format: 'der', type: 'pkcs8' });
    expect(createPublicKey({ key: spki, format: 'der', type: 'spki' }).asymmetricKeyType).toBe('ed25519');
    const note = await signNote(text, [key.signer]);
    const line = note.split('\n').at(-2) as string;
    expect(Buffer.from(line.split(' ')[2] as string, 'base64').subarray(4)).toEqual(openssl);
  });
});

describe('openNote (golang.org/x/mod/sumdb/note TestOpen)', () => {
  it('verifies one signature and keeps the unknown one as unverified', async () => {
    const n = await openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter]);
    expect(n.text).toBe(TEXT);
    expect(n.verifiedBy.map((s) => [s.name, s.keyId])).toEqual([['PeterNeumann', 0xc74f20a3]]);
    expect(n.unverified.map((s) => [s.name, s.keyId])).toEqual([['EnochRoot', 0xaf0cfe78]]);
  });

  it('verifies both when both keys are known', async () => {
    const n = await openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter, enoch]);
    expect(n.verifiedBy.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(n.unverified).toEqual([]);
  });

  it('rejects a note no known key signed', async () => {
    expect(await code(openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, []))).toBe('ERR_MERKLE_NOTE_UNVERIFIED');
  });

  it('rejects ambiguous verifiers only when a line uses them', async () => {
    expect(await code(openNote(`${TEXT}\n${ENOCH_SIG}`, [enoch, peter, enoch]))).toBe('ERR_MERKLE_NOTE_AMBIGUOUS_KEY');
    await expect(openNote(`${TEXT}\n${PETER_SIG}`, [enoch, peter, enoch])).resolves.toBeDefined();
  });

  it('rejects more than 100 signatures', async () => {
    expect(await code(openNote(`${TEXT}\n${PETER_SIG.repeat(101)}`, [peter]))).toBe('ERR_MERKLE_NOTE_TOO_LARGE');
  });

  it('rejects a bad signature from a known key', async () => {
    const broken = `${PETER_SIG.slice(0, 60)}ABCD${PETER_SIG.slice(60)}`;
    expect(await code(openNote(`${TEXT}\n${broken}`, [peter]))).toBe('ERR_MERKLE_NOTE_BAD_SIGNATURE');
  });

  it('drops repeated lines: a key verified once, identical unknown lines once', async () => {
    const enochAbcd = `${ENOCH_SIG.slice(0, 60)}ABCD${ENOCH_SIG.slice(60)}`;
    const n = await openNote(`${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}${enochAbcd}`, [peter]);
    expect(n.verifiedBy).toHaveLength(1);
    expect(n.unverified.map((s) => s.base64.slice(0, 20))).toEqual(['rwz+eBzmZa0SO3NbfRGz', 'rwz+eBzmZa0SO3NbfRGz']);
    expect(n.unverified[1]?.base64).toContain('ABCD');
  });

  it('rejects malformed notes (Go badMsgs)', async () => {
    const bad = [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\u0001${TEXT}\n${PETER_SIG}`,
      `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
    ];
    for (const msg of bad)
      expect(await code(openNote(msg, [peter])), JSON.stringify(msg)).toBe('ERR_MERKLE_NOTE_MALFORMED');
    // Invalid UTF-8 (Go's "\xff" case) arrives as bytes.
    const bytes = new Uint8Array([0xff, ...new TextEncoder().encode(`${TEXT}\n${PETER_SIG}`)]);
    expect(await code(openNote(bytes, [peter]))).toBe('ERR_MERKLE_NOTE_MALFORMED');
    expect(await code(openNote(`\uD800${TEXT}\n${PETER_SIG}`, [peter]))).toBe('ERR_MERKLE_NOTE_MALFORMED');
    expect(await code(openNote(42, [peter]))).toBe('ERR_MERKLE_NOTE_MALFORMED');
    expect(await code(openNote('x'.repeat((1 << 20) + 1), [peter]))).toBe('ERR_MERKLE_NOTE_TOO_LARGE');
  });

  it('rejects non-canonical base64 in a signature line', async () => {
    // Same bytes, but with a stray non-zero padding bit: a second spelling of one line.
    const line = PETER_SIG.trimEnd();
    const last = line.at(-2) as string;
    const tweaked = `${line.slice(0, -2)}${String.fromCharCode(last.charCodeAt(0) + 1)}=\n`;
    expect(await code(openNote(`${TEXT}\n${tweaked}`, [peter]))).toBe('ERR_MERKLE_NOTE_MALFORMED');
  });

  it('matches verifiers by name and key ID together', async () => {
    const renamed = PETER_SIG.replace('PeterNeumann', 'CarmenSandiego');
    expect(await code(openNote(`${TEXT}\n${renamed}`, [peter]))).toBe('ERR_MERKLE_NOTE_UNVERIFIED');
    // A verifier that claims the name and ID but holds another key: the signature fails.
    const impostor: NoteVerifier = { name: 'PeterNeumann', keyId: 0xc74f20a3, verify: enoch.verify };
    expect(await code(openNote(`${TEXT}\n${PETER_SIG}`, [impostor]))).toBe('ERR_MERKLE_NOTE_BAD_SIGNATURE');
  });

  it('keeps existing signatures when signing again, replacing the signer’s own', async () => {
    const { name, seed } = parseSignerKey(PETER_SKEY);
    const key = ed25519NoteKey(name, seed);
    const parsed = parseNote(`${TEXT}\n${ENOCH_SIG}`);
    const resigned = await signNote(TEXT, [key.signer], parsed.signatures);
    expect(resigned).toBe(`${TEXT}\n${ENOCH_SIG}${PETER_SIG}`);
    const again = await signNote(TEXT, [key.signer], parseNote(resigned).signatures);
    expect(again).toBe(resigned);
  });

  it('refuses to sign text without a final newline or with control characters', async () => {
    const key = generateEd25519NoteKey('k');
    expect(await code(signNote('abc', [key.signer]))).toBe('ERR_MERKLE_NOTE_MALFORMED');
    expect(await code(signNote('a\tb\n', [key.signer]))).toBe('ERR_MERKLE_NOTE_MALFORMED');
    expect(await code(() => ed25519NoteKey('a+b', new Uint8Array(32)))).toBe('ERR_MERKLE_NOTE_KEY_NAME');
    expect(await code(() => ed25519NoteKey('a b', new Uint8Array(32)))).toBe('ERR_MERKLE_NOTE_KEY_NAME');
    expect(await code(() => ed25519NoteKey('ok', new Uint8Array(31)))).toBe('ERR_MERKLE_NOTE_KEY_MALFORMED');
  });

  it('keeps text with empty lines whole: the last empty line separates (the C2SP Quasimodo example)', async () => {
    const key = generateEd25519NoteKey('quasimodo.example/salvatore');
    const poem = 'Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned è subito sera.\n';
    const n = await openNote(await signNote(poem, [key.signer]), [key.verifier]);
    expect(n.text).toBe(poem);
  });
});

describe('a production checkpoint: sum.golang.org', () => {
  it('verifies with the Go checksum database key and parses as a checkpoint', async () => {
    const n = await openNote(SUMDB_CHECKPOINT, [parseVerifierKey(SUMDB_VKEY)]);
    const c = parseCheckpoint(n.text);
    expect(c.origin).toBe('go.sum database tree');
    expect(c.size).toBe(49189689);
    expect(Buffer.from(c.rootHash).toString('base64')).toBe('ftjbAOzaupaIvaPo/G+Dk63nxOZ2s1OPOKIaPtXs7S4=');
  });

  it('fails when one character of the signed text changes', async () => {
    const tampered = SUMDB_CHECKPOINT.replace('49189689', '49189690');
    expect(await code(openNote(tampered, [parseVerifierKey(SUMDB_VKEY)]))).toBe('ERR_MERKLE_NOTE_BAD_SIGNATURE');
  });

  it('computes the key ID per signed-note: SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)[:4]', () => {
    const key = parseVerifierKey(SUMDB_VKEY);
    expect(noteKeyId('sum.golang.org', new Uint8Array([0x01, ...key.publicKey]))).toBe(0x033de0ae);
  });
});
