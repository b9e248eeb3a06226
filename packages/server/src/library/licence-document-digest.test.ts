import { createHash } from 'node:crypto';
import { canonicalBytes, generateSigningKey, parseUnsignedLicence, signLicenceCanonical } from '@hutong/core';
import { describe, expect, it } from 'vitest';
import { sampleLicenceJson } from '../../../core/src/licence/test-support/sample-licence.js';
import { nodeCryptoProvider } from '../crypto/node-crypto-provider.js';
import {
  licenceDocumentDigest,
  licenceDocumentDigestOfCanonical,
  sameDocumentDigest,
} from './licence-document-digest.js';

describe('licence document digest', () => {
  it('is SHA-256 of the UTF-8 RFC 8785 bytes, proof included, from the licence or from signLicenceCanonical’s text', async () => {
    const key = await generateSigningKey('ed25519', { provider: nodeCryptoProvider });
    const unsigned = parseUnsignedLicence({
      ...sampleLicenceJson(),
      face: { holderName: '张三', idNumber: '11010519491231002X', address: '吉林省长春市\n朝阳区 "一号"' },
    });
    const { licence, canonical } = await signLicenceCanonical(unsigned, key, {
      created: new Date('2026-11-29T12:00:00Z'),
    });
    const expected = new Uint8Array(createHash('sha256').update(canonicalBytes(licence)).digest());
    expect(licenceDocumentDigest(licence)).toEqual(expected);
    expect(licenceDocumentDigestOfCanonical(canonical)).toEqual(expected);
    expect(sameDocumentDigest(expected, licenceDocumentDigest(licence))).toBe(true);
    const { proof: _proof, ...withoutProof } = licence;
    expect(sameDocumentDigest(expected, licenceDocumentDigestOfCanonical(JSON.stringify(withoutProof)))).toBe(false);
  });
});
