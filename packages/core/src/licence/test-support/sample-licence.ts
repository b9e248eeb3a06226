/**
 * A well-formed unsigned licence for tests, built from the identifiers verified in
 * shared/design/standards.md §3–5. Test-only.
 */
import { encodeBase64url } from '../base64url.js';
import type { UnsignedLicence } from '../licence.js';
import { parseUnsignedLicence } from '../parse-licence.js';

export const SAMPLE_IDENTIFIER = '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F';
export const SAMPLE_ISSUER = '11220000013544541J';
export const SAMPLE_TYPE = '11100000000013338W032';

/** The JSON a client would send: plain data, not yet parsed. */
export function sampleLicenceJson(): Record<string, unknown> {
  return {
    format: 'hutong-licence/1',
    metadata: {
      certificateIdentifier: SAMPLE_IDENTIFIER,
      certificateName: '建筑施工特种作业人员操作资格证书',
      certificateTypeCode: SAMPLE_TYPE,
      certificateNumber: '吉A042012000939',
      certificateVersion: '001',
      certificateIssuingAuthorityName: '吉林省住房和城乡建设厅',
      certificateIssuingAuthorityCode: SAMPLE_ISSUER,
      certificateIssuedDate: '20210108',
      certificateHolderName: '张三',
      certificateHolderCode: '11010519491231002X',
      certificateHolderTypeCode: '111',
      certificateEffectiveDate: '20210108',
      certificateExpiringDate: '20240108',
      certificateAreaCode: '220000',
    },
    face: {
      holderName: '张三',
      idNumber: '11010519491231002X',
      gender: '2',
      operationCategory: '建筑电工',
    },
    statusReference: { uri: 'https://node.example.cn/status/11220000013544541J/1', index: 4217 },
  };
}

/** RFC 7638 §3.1's example thumbprint; parsing checks its shape, not its key. */
export const SAMPLE_KEY_ID = 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs';

/** The sample with a well-formed (not verified) proof: parsing never touches a key. */
export function sampleSignedLicenceJson(): Record<string, unknown> {
  return {
    ...sampleLicenceJson(),
    proof: {
      suite: 'ed25519',
      verificationMethod: `${SAMPLE_ISSUER}#${SAMPLE_KEY_ID}`,
      created: '2021-01-08T02:00:00Z',
      signatureValue: encodeBase64url(new Uint8Array(64).fill(7)),
    },
  };
}

export function sampleUnsignedLicence(): UnsignedLicence {
  return parseUnsignedLicence(sampleLicenceJson());
}
