import { beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKey, type SigningKey } from '../crypto/index.js';
import { HutongError } from '../errors.js';
import { formatLicenceId, licenceIdParts } from '../identifiers/index.js';
import type { Licence } from './licence.js';
import { newLicenceVersion } from './new-licence-version.js';
import { parseUnsignedLicence } from './parse-licence.js';
import { signLicence } from './sign-licence.js';
import { SAMPLE_IDENTIFIER, sampleUnsignedLicence } from './test-support/sample-licence.js';
import { verifyLicenceSignature } from './verify-licence-signature.js';

let key: SigningKey;
let first: Licence;

beforeAll(async () => {
  key = await generateSigningKey('ed25519');
  first = await signLicence(sampleUnsignedLicence(), key, { created: new Date('2021-01-08T02:00:00Z') });
});

describe('newLicenceVersion', () => {
  it('renews: version + 1, new check character, names the predecessor, applies the changes', () => {
    const renewal = newLicenceVersion(first, {
      metadata: { certificateIssuedDate: '20240105' as never, certificateExpiringDate: '20270108' as never },
    });
    expect(renewal.metadata.certificateIdentifier).toBe(
      '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.002.D',
    );
    expect(renewal.metadata.certificateVersion).toBe('002');
    expect(renewal.metadata.previousCertificateIdentifier).toBe(SAMPLE_IDENTIFIER);
    expect(renewal.metadata.certificateExpiringDate).toBe('20270108');
    expect(renewal.metadata.certificateIssuedDate).toBe('20240105');
    expect(renewal.face).toEqual(first.face);
    expect('proof' in renewal).toBe(false);
    // Each version gets its own status entry; the old one is not carried over.
    expect(renewal.statusReference).toBeUndefined();
    expect(parseUnsignedLicence(renewal)).toEqual(renewal);
  });

  it('chains: version 3 names version 2, and every version signs and verifies', async () => {
    const second = await signLicence(newLicenceVersion(first, { now: new Date('2024-01-05T00:00:00Z') }), key);
    const third = newLicenceVersion(second, { face: { ...second.face, operationCategory: '建筑架子工' } });
    expect(third.metadata.certificateVersion).toBe('003');
    expect(third.metadata.previousCertificateIdentifier).toBe(second.metadata.certificateIdentifier);
    expect(third.face.operationCategory).toBe('建筑架子工');
    expect(await verifyLicenceSignature(await signLicence(third, key), key.publicKey)).toBe(true);
  });

  it('issues today in China (UTC+8) unless told otherwise', () => {
    // 20:00 UTC on 4 January is already 5 January in Beijing.
    const renewal = newLicenceVersion(first, { now: new Date('2024-01-04T20:00:00Z') });
    expect(renewal.metadata.certificateIssuedDate).toBe('20240105');
  });

  it('makes a licence long-term with null, and gives a status entry when asked', () => {
    const renewal = newLicenceVersion(first, {
      metadata: { certificateExpiringDate: null },
      statusReference: { uri: 'https://node.example.cn/status/11220000013544541J/2', index: 9 },
    });
    expect('certificateExpiringDate' in renewal.metadata).toBe(false);
    expect(renewal.statusReference).toEqual({ uri: 'https://node.example.cn/status/11220000013544541J/2', index: 9 });
  });

  it.each([
    'certificateIdentifier',
    'certificateTypeCode',
    'certificateIssuingAuthorityCode',
    'certificateVersion',
    'certificateHolderCode',
    'certificateHolderTypeCode',
    'previousCertificateIdentifier',
  ])('refuses to change %s', (name) => {
    try {
      newLicenceVersion(first, { metadata: { [name]: 'x' } as never });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(HutongError);
      expect((error as HutongError).code).toBe('ERR_LICENCE_VERSION_LOCKED');
      expect((error as HutongError).field).toBe(`metadata.${name}`);
    }
  });

  it('checks the result like any licence', () => {
    expect(() => newLicenceVersion(first, { metadata: { certificateEffectiveDate: '20300101' as never } })).toThrow(
      expect.objectContaining({ code: 'ERR_LICENCE_DATE_ORDER' }),
    );
  });

  it('stops at version 999', () => {
    const last = {
      ...first,
      metadata: {
        ...first.metadata,
        certificateIdentifier: formatLicenceId({
          ...licenceIdParts(first.metadata.certificateIdentifier),
          version: '999',
        }),
      },
    };
    expect(() => newLicenceVersion(last)).toThrow(
      expect.objectContaining({ code: 'ERR_LICENCE_ID_VERSION_EXHAUSTED' }),
    );
  });
});
