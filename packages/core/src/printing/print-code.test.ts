import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey, SUITE_NAMES, type SuiteName } from '../crypto/index.js';
import { HutongError } from '../errors.js';
import { decodeBase45, encodeBase45 } from '../showing/base45.js';
import { type Fixture, fixture, NOW } from '../trust/test-support/fixtures.js';
import {
  codeOfVerificationPath,
  createPrintCode,
  decodePrintCode,
  MAX_PRINT_CODE_LENGTH,
  PRINT_CODE_PREFIX,
  type PrintAnnotation,
  printedFaceDigest,
  printedFaceOf,
  verificationUrl,
} from './print-code.js';
import { verifyPrintCode } from './verify-print-code.js';

const fixtures = new Map<SuiteName, Fixture>();
let f: Fixture;
const at = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);
const RELYING_PARTY = '91350100M000100Y43';

const annotation = (over: Partial<PrintAnnotation> = {}): PrintAnnotation => ({
  useCause: '办理不动产登记',
  relyingPartyCode: RELYING_PARTY as PrintAnnotation['relyingPartyCode'],
  relyingPartyName: '福州市不动产登记中心',
  expiresAt: at(7 * 86_400),
  ...over,
});

beforeAll(async () => {
  for (const suite of SUITE_NAMES) fixtures.set(suite, await fixture(suite));
  f = fixtures.get('ed25519') as Fixture;
});

/** The code with one byte of its payload changed and nothing else (same length, valid base45). */
function flipByte(text: string, index: number): string {
  const bytes = decodeBase45(text, PRINT_CODE_PREFIX.length);
  bytes[index] = (bytes[index] as number) ^ 0x01;
  return PRINT_CODE_PREFIX + encodeBase45(bytes);
}

describe('print codes (docs/design/printed-licence.md)', () => {
  it.each(SUITE_NAMES)(
    '%s: a fresh code verifies with every check ok, and decodes to what was printed',
    async (suite) => {
      const fx = fixtures.get(suite) as Fixture;
      const code = await createPrintCode({ licence: fx.licence, type: fx.type }, fx.showingKey, { now: NOW });
      expect(code.text.startsWith('HP1:')).toBe(true);
      expect(code.text.length).toBeLessThanOrEqual(MAX_PRINT_CODE_LENGTH);
      const verdict = await verifyPrintCode(code.text, fx.prepared, { now: at(86_400 * 3), face: code.face });
      expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
      expect(verdict.valid).toBe(true);
      expect(verdict.kind).toBe('printed-licence');
      expect(verdict.checks.map((c) => c.name)).toEqual([
        'format',
        'signature',
        'node-trusted',
        'issuer-trusted',
        'type-allowed',
        'status-list',
        'face-digest',
      ]);
      const decoded = decodePrintCode(code.text);
      expect(decoded.identifier).toBe(fx.licence.metadata.certificateIdentifier);
      expect(decoded.version).toBe(fx.licence.metadata.certificateVersion);
      expect(decoded.issuerCode).toBe(fx.licence.metadata.certificateIssuingAuthorityCode);
      expect(decoded.printedAt.toISOString()).toBe(NOW.toISOString());
      expect(decoded.faceDigest).toBe(code.faceDigest);
      expect(decoded.annotation).toBeUndefined();
    },
  );

  it('the printed face is the metadata and the non-image face fields in full; its digest changes with any value', () => {
    const face = printedFaceOf(f.licence, f.type);
    expect(face.metadata.certificateHolderName).toBe(f.licence.metadata.certificateHolderName);
    expect(face.metadata.certificateHolderCode).toBe(f.licence.metadata.certificateHolderCode);
    for (const field of f.type.faceFields) {
      if (field.type === 'image') expect(face.face[field.key]).toBeUndefined();
    }
    const digest = printedFaceDigest(face);
    expect(digest.length).toBe(16);
    const key = Object.keys(face.face)[0] as string;
    const changed = { ...face, face: { ...face.face, [key]: `${String(face.face[key])}X` } };
    expect(printedFaceDigest(changed)).not.toEqual(digest);
    const renamed = { ...face, metadata: { ...face.metadata, certificateHolderName: '李四' } };
    expect(printedFaceDigest(renamed)).not.toEqual(digest);
  });

  it('a tampered face (one value changed on the paper) fails face-digest with ERR_PRINTING_FACE_MISMATCH', async () => {
    const code = await createPrintCode({ licence: f.licence, type: f.type }, f.showingKey, { now: NOW });
    const tampered = { ...code.face, metadata: { ...code.face.metadata, certificateHolderName: '张伪造' } };
    const verdict = await verifyPrintCode(code.text, f.prepared, { now: at(60), face: tampered });
    expect(verdict.valid).toBe(false);
    expect(verdict.checks.find((c) => c.name === 'face-digest')).toMatchObject({
      ok: false,
      code: 'ERR_PRINTING_FACE_MISMATCH',
    });
    expect(verdict.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['face-digest']);
  });

  it('a face that is not a printed face fails face-digest naming the problem', async () => {
    const code = await createPrintCode({ licence: f.licence, type: f.type }, f.showingKey, { now: NOW });
    const verdict = await verifyPrintCode(code.text, f.prepared, {
      now: at(60),
      face: { metadata: { certificateHolderName: 7 }, face: {} } as never,
    });
    expect(verdict.checks.find((c) => c.name === 'face-digest')).toMatchObject({
      ok: false,
      code: 'ERR_PRINTING_FACE_INVALID',
      field: 'face.metadata.certificateHolderName',
    });
  });

  it('every single-byte change of the payload is refused (format or signature), never valid', async () => {
    const code = await createPrintCode({ licence: f.licence, type: f.type, annotation: annotation() }, f.showingKey, {
      now: NOW,
    });
    const length = decodeBase45(code.text, PRINT_CODE_PREFIX.length).length - 64;
    for (let i = 0; i < length; i++) {
      const verdict = await verifyPrintCode(flipByte(code.text, i), f.prepared, { now: at(60) });
      expect(verdict.valid, `byte ${i}`).toBe(false);
      const failed = verdict.checks.filter((c) => !c.ok).map((c) => c.name);
      expect(
        failed.includes('format') || failed.includes('signature') || failed.includes('node-trusted'),
        `byte ${i}: ${failed}`,
      ).toBe(true);
    }
  });

  it('a code signed by another key under the genuine hint fails signature; a show code key hint unknown fails node-trusted', async () => {
    const attacker = await generateSigningKey('ed25519');
    const forged = await createPrintCode(
      { licence: f.licence, type: f.type },
      { ...attacker, keyId: f.showingKey.keyId },
      { now: NOW },
    );
    const verdict = await verifyPrintCode(forged.text, f.prepared, { now: at(60) });
    expect(verdict.checks.find((c) => c.name === 'signature')).toMatchObject({
      ok: false,
      code: 'ERR_PRINTING_SIGNATURE_INVALID',
    });
    const stranger = await createPrintCode({ licence: f.licence, type: f.type }, attacker, { now: NOW });
    const unknown = await verifyPrintCode(stranger.text, f.prepared, { now: at(60) });
    expect(unknown.checks.find((c) => c.name === 'signature')).toMatchObject({
      ok: false,
      code: 'ERR_PRINTING_SKIPPED_NO_KEY',
    });
    expect(unknown.checks.find((c) => c.name === 'node-trusted')).toMatchObject({
      ok: false,
      code: 'ERR_PRINTING_KEY_UNKNOWN',
    });
  });

  it('a show-code signature cannot pass for a print code (separate domain prefixes)', async () => {
    // The same bytes signed as a show code would be: a signature over another domain fails.
    const code = await createPrintCode({ licence: f.licence, type: f.type }, f.showingKey, { now: NOW });
    const bytes = decodeBase45(code.text, PRINT_CODE_PREFIX.length);
    const payload = bytes.subarray(0, bytes.length - 64);
    const showDomain = new TextEncoder().encode('hutong-show-code/1\u0000');
    const signed = new Uint8Array(showDomain.length + payload.length);
    signed.set(showDomain);
    signed.set(payload, showDomain.length);
    const signature = await f.showingKey.sign(signed);
    const all = new Uint8Array(payload.length + 64);
    all.set(payload);
    all.set(signature, payload.length);
    const verdict = await verifyPrintCode(PRINT_CODE_PREFIX + encodeBase45(all), f.prepared, { now: at(60) });
    expect(verdict.checks.find((c) => c.name === 'signature')).toMatchObject({ ok: false });
  });

  it('an annotated copy carries its annotation, verifies until its expiry and is refused from then on', async () => {
    const a = annotation({ expiresAt: at(3600) });
    const code = await createPrintCode({ licence: f.licence, type: f.type, annotation: a }, f.showingKey, { now: NOW });
    expect(decodePrintCode(code.text).annotation).toEqual(a);
    const before = await verifyPrintCode(code.text, f.prepared, { now: at(3599) });
    expect(before.valid).toBe(true);
    expect(before.printCode?.annotation).toMatchObject({ relyingPartyName: a.relyingPartyName, useCause: a.useCause });
    const after = await verifyPrintCode(code.text, f.prepared, { now: at(3600) });
    expect(after.valid).toBe(false);
    expect(after.checks.find((c) => c.name === 'annotation-current')).toMatchObject({
      ok: false,
      code: 'ERR_PRINTING_ANNOTATION_EXPIRED',
    });
  });

  it('bad annotations are refused before signing, naming the field', async () => {
    const cases: Array<[Partial<PrintAnnotation>, string]> = [
      [{ useCause: '' }, 'annotation.useCause'],
      [{ useCause: ' 前后空格 ' }, 'annotation.useCause'],
      [{ relyingPartyName: '名'.repeat(65) }, 'annotation.relyingPartyName'],
      [{ relyingPartyCode: '91350100M000100Y44' as never }, 'annotation.relyingPartyCode'],
      [{ expiresAt: NOW }, 'annotation.expiresAt'],
    ];
    for (const [over, field] of cases) {
      const error = await createPrintCode(
        { licence: f.licence, type: f.type, annotation: annotation(over) },
        f.showingKey,
        {
          now: NOW,
        },
      ).catch((e: unknown) => e);
      expect(error, field).toBeInstanceOf(HutongError);
      expect((error as HutongError).code).toBe('ERR_PRINTING_INPUT');
      expect((error as HutongError).field).toBe(field);
    }
  });

  it('a code printed in the future (beyond clock skew) or after the trust list expired is refused at node-trusted', async () => {
    const code = await createPrintCode({ licence: f.licence, type: f.type }, f.showingKey, { now: at(3600) });
    const early = await verifyPrintCode(code.text, f.prepared, { now: NOW });
    expect(early.checks.find((c) => c.name === 'node-trusted')).toMatchObject({
      ok: false,
      code: 'ERR_PRINTING_NOT_YET_PRINTED',
    });
    const late = await verifyPrintCode(code.text, f.prepared, { now: at(86_400 * 365) });
    expect(late.checks.find((c) => c.name === 'node-trusted')).toMatchObject({
      ok: false,
      code: 'ERR_TRUST_LIST_EXPIRED',
    });
  });

  it('the decoder refuses anything malformed with an ERR_PRINTING_* error (fuzzed)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.uint8Array({ maxLength: 300 }).map((b) => PRINT_CODE_PREFIX + encodeBase45(b)),
        ),
        (text) => {
          try {
            decodePrintCode(text);
          } catch (error) {
            expect(error).toBeInstanceOf(HutongError);
            expect((error as HutongError).code.startsWith('ERR_PRINTING_')).toBe(true);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('an unreadable code gets a verdict (never a throw) with format failed and every other check skipped', async () => {
    for (const text of [42, 'HT1:ABC', 'HP1:A', `HP1:${'0'.repeat(1000)}`]) {
      const verdict = await verifyPrintCode(text, f.prepared, { now: NOW });
      expect(verdict.valid).toBe(false);
      expect(verdict.checks[0]).toMatchObject({ name: 'format', ok: false });
      expect(verdict.checks.slice(1).every((c) => c.code === 'ERR_PRINTING_SKIPPED_FORMAT')).toBe(true);
    }
  });

  it('verification URLs percent-encode only what a path cannot carry and decode back exactly', async () => {
    const code = await createPrintCode({ licence: f.licence, type: f.type, annotation: annotation() }, f.showingKey, {
      now: NOW,
    });
    const url = verificationUrl('https://hutong.example.cn/', code.text);
    expect(url.startsWith('https://hutong.example.cn/v/HP1:')).toBe(true);
    expect(url.slice('https://hutong.example.cn/v/'.length)).toMatch(/^[0-9A-Z$%*+\-.:]+$/);
    expect(codeOfVerificationPath(new URL(url).pathname)).toBe(code.text);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), (bytes) => {
        const text = PRINT_CODE_PREFIX + encodeBase45(bytes);
        expect(codeOfVerificationPath(new URL(verificationUrl('http://h', text)).pathname)).toBe(text);
      }),
    );
  });
});
