import { generateSigningKey, type SigningKey, signLicence, verifyLicenceSignature } from '@hutong/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeCryptoProvider } from '../crypto/node-crypto-provider.js';
import { licenceAnswerText } from '../issuance/batch-response-bytes.js';
import { assembleLicence, prepareLicence } from '../issuance/prepare-licence.js';
import { licenceDocumentDigest } from '../library/licence-document-digest.js';
import { sampleInput, sampleIssuer, sampleType } from '../library/test-support/licence-fixtures.js';
import { unpackJsonText } from '../store/packed-json.js';
import { createSigningPool, defaultSigningWorkers, type SigningPool } from './signing-pool.js';

/** Starting the threads from TypeScript sources (tsx) on a loaded machine takes longer than Vitest's default. */
const THREAD_START_TIMEOUT = 180_000;
describe('the import signing pool', () => {
  let pool: SigningPool;
  let ed25519: SigningKey;
  let sm2: SigningKey;

  beforeAll(async () => {
    pool = await createSigningPool({ size: 2 });
    ed25519 = await generateSigningKey('ed25519', { provider: nodeCryptoProvider });
    sm2 = await generateSigningKey('sm2-sm3');
  });
  afterAll(async () => {
    await pool.close();
  });

  it('has one thread per spare core, at least one', () => {
    expect(defaultSigningWorkers()).toBeGreaterThanOrEqual(1);
    expect(pool.size).toBe(2);
  });

  it.each(['ed25519', 'sm2-sm3'] as const)(
    'signs on its threads with the same %s key (the signatures verify)',
    async (suite) => {
      const key = suite === 'ed25519' ? ed25519 : sm2;
      const pooled = await pool.adopt(key);
      expect(pooled.keyId).toBe(key.keyId);
      expect(pooled.suite).toBe(suite);
      const messages = Array.from({ length: 50 }, (_, i) => new TextEncoder().encode(`licence ${i}`));
      // All in one turn, as issuance signs a chunk: one message per thread.
      const signatures = await Promise.all(messages.map((m) => pooled.sign(m)));
      for (const [i, signature] of signatures.entries()) {
        expect(signature).toHaveLength(64);
        expect(await key.publicKey.verify(messages[i] as Uint8Array, signature)).toBe(true);
        // A signature is bound to its own message.
        expect(await key.publicKey.verify(messages[(i + 1) % messages.length] as Uint8Array, signature)).toBe(false);
      }
    },
    // The first adopt waits for the threads to load the worker from TypeScript sources (tsx,
    // tests only): tens of seconds on the shared 2-core machine at load 15–20.
    THREAD_START_TIMEOUT,
  );

  it.each(['ed25519', 'sm2-sm3'] as const)(
    'signs whole licences on its threads with a %s key: what core signLicence makes, and its refusals',
    async (suite) => {
      const key = suite === 'ed25519' ? ed25519 : sm2;
      const pooled = await pool.adopt(key);
      const created = new Date('2026-11-29T04:00:00Z');
      const unsignedOf = (overrides: Record<string, unknown>, serial: number) =>
        assembleLicence(
          prepareLicence(sampleInput(overrides), sampleType(), sampleIssuer(), { now: created }),
          `2026${String(serial).padStart(8, '0')}`,
          { uri: 'https://licences.xj.gov.cn/api/v1/status-lists/x/1', index: serial },
        );
      const unsigned = Array.from({ length: 20 }, (_, i) => unsignedOf({ certificateNumber: `W-${i}` }, i + 1));
      const options = { created, legacyHolderCode: true };
      const licences = await Promise.all(unsigned.map((u) => pooled.signLicence(u, options)));
      for (const [i, licence] of licences.entries()) {
        expect(await verifyLicenceSignature(licence, key.publicKey)).toBe(true);
        const here = await signLicence(unsigned[i] as (typeof unsigned)[number], key, options);
        // Ed25519 is deterministic: the thread's licence is exactly the main thread's. SM2 signs with a random k.
        if (suite === 'ed25519') expect(licence).toEqual(here);
        else
          expect({ ...licence, proof: { ...licence.proof, signatureValue: '' } }).toEqual({
            ...here,
            proof: { ...here.proof, signatureValue: '' },
          });
      }
      // A licence core refuses is refused with core's precise error, its neighbours signed.
      const [bad, good] = await Promise.allSettled([
        pooled.signLicence(unsignedOf({ certificateHolderName: ' 带空格 ' }, 99), options),
        pooled.signLicence(unsignedOf({ certificateNumber: 'W-100' }, 100), options),
      ]);
      expect(bad.status === 'rejected' && [bad.reason.code, bad.reason.field]).toEqual([
        'ERR_LICENCE_TEXT_UNTRIMMED',
        'metadata.certificateHolderName',
      ]);
      expect(good.status).toBe('fulfilled');

      // With the stored document made on the thread: the licence's JSON text, packed as the store
      // keeps it, and the digest of its RFC 8785 form (licences.document_digest).
      const packed = await Promise.all(unsigned.map((u) => pooled.signPackedLicence(u, options)));
      for (const [i, { licence, packedDocument, documentDigest, answerText }] of packed.entries()) {
        expect(await verifyLicenceSignature(licence, key.publicKey)).toBe(true);
        // The licence is the unsigned one sent with the thread's proof: core's own licence, member order included.
        const here = await signLicence(unsigned[i] as (typeof unsigned)[number], key, options);
        expect(JSON.stringify({ ...licence, proof: { ...licence.proof, signatureValue: '' } })).toBe(
          JSON.stringify({ ...here, proof: { ...here.proof, signatureValue: '' } }),
        );
        expect(unpackJsonText(packedDocument)).toBe(JSON.stringify(licence));
        // The batch answer's text (one transferred buffer per reply, sliced per licence): the same licence.
        expect(Buffer.from(answerText).toString('utf8')).toBe(licenceAnswerText(licence));
        expect(JSON.parse(Buffer.from(answerText).toString('utf8'))).toEqual(licence);
        expect(Buffer.from(documentDigest).toString('hex')).toBe(
          Buffer.from(licenceDocumentDigest(licence)).toString('hex'),
        );
      }
      const refused = pooled.signPackedLicence(unsignedOf({ certificateHolderName: ' 带空格 ' }, 101), options);
      await expect(refused).rejects.toMatchObject({ code: 'ERR_LICENCE_TEXT_UNTRIMMED' });
      // A licence whose face is a class instance (a structured clone would make it plain) is not sent
      // to a thread: core's parser refuses it, here.
      class Face {
        holderName = '张三';
      }
      const notPlain = { ...unsignedOf({ certificateNumber: 'W-102' }, 102), face: new Face() };
      await expect(pooled.signPackedLicence(notPlain as never, options)).rejects.toMatchObject({
        code: 'ERR_LICENCE_NOT_OBJECT',
      });
    },
  );

  it('answers each licence of a batch the threads share with its own result, refusals anywhere in it', async () => {
    // Both threads are sent the whole batch and take licences from one counter
    // (signing-protocol.ts): each reply names the positions its thread took, so the answers
    // must land on their own licences whichever thread signed them.
    const pooled = await pool.adopt(ed25519);
    const created = new Date('2026-11-29T04:00:00Z');
    const unsigned = Array.from({ length: 97 }, (_, i) =>
      assembleLicence(
        prepareLicence(
          sampleInput(i % 7 === 3 ? { certificateHolderName: ' 带空格 ' } : { certificateNumber: `S-${i}` }),
          sampleType(),
          sampleIssuer(),
          { now: created },
        ),
        `2026${String(i + 1).padStart(8, '0')}`,
        { uri: 'https://licences.xj.gov.cn/api/v1/status-lists/x/1', index: i },
      ),
    );
    const options = { created, legacyHolderCode: true };
    const results = await Promise.allSettled(unsigned.map((u) => pooled.signPackedLicence(u, options)));
    for (const [i, result] of results.entries()) {
      if (i % 7 === 3) {
        expect(result.status === 'rejected' && result.reason.code).toBe('ERR_LICENCE_TEXT_UNTRIMMED');
        continue;
      }
      if (result.status !== 'fulfilled') throw result.reason;
      const { licence, packedDocument, answerText } = result.value;
      expect(licence.metadata.certificateNumber).toBe(`S-${i}`);
      expect(await verifyLicenceSignature(licence, ed25519.publicKey)).toBe(true);
      expect(unpackJsonText(packedDocument)).toBe(JSON.stringify(licence));
      expect(Buffer.from(answerText).toString('utf8')).toBe(licenceAnswerText(licence));
    }
  });

  it('keeps two keys apart', async () => {
    const [a, b] = await Promise.all([pool.adopt(ed25519), pool.adopt(sm2)]);
    const message = new TextEncoder().encode('两把钥匙');
    const [sa, sb] = await Promise.all([a?.sign(message), b?.sign(message)]);
    expect(await ed25519.publicKey.verify(message, sa as Uint8Array)).toBe(true);
    expect(await sm2.publicKey.verify(message, sb as Uint8Array)).toBe(true);
  });

  it('refuses a size that is not a thread count', async () => {
    await expect(createSigningPool({ size: 0 })).rejects.toMatchObject({ code: 'ERR_IMPORT_OPTIONS' });
    await expect(createSigningPool({ size: 1.5 })).rejects.toMatchObject({ code: 'ERR_IMPORT_OPTIONS' });
  });

  it('fails pending and later signatures once closed', async () => {
    const own = await createSigningPool({ size: 1 });
    const key = await own.adopt(ed25519);
    const pending = key.sign(new Uint8Array([1, 2, 3])).then(
      () => 'signed',
      (error: unknown) => error,
    );
    await own.close();
    expect(await pending).toMatchObject({ code: 'ERR_IMPORT_WORKER_FAILED' });
    await expect(key.sign(new Uint8Array([4]))).rejects.toMatchObject({ code: 'ERR_IMPORT_WORKER_FAILED' });
  });
});
