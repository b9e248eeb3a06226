/**
 * Test-only: an unsigned licence of one of the test departments, to sign with an issuer's
 * key and check with core's verifier (identifier check character computed by core).
 */
import { formatLicenceId, parseUnsignedLicence, type UnsignedLicence } from '@hutong/core';

export const SAMPLE_TYPE_CODE = '11100000000013338W032';

export function sampleUnsignedLicence(issuerCode: string, serial = '2026000001'): UnsignedLicence {
  const identifier = formatLicenceId({ typeCode: SAMPLE_TYPE_CODE, issuerCode, serial, version: '001' });
  return parseUnsignedLicence({
    format: 'hutong-licence/1',
    metadata: {
      certificateIdentifier: identifier,
      certificateName: '建筑施工特种作业人员操作资格证书',
      certificateTypeCode: SAMPLE_TYPE_CODE,
      certificateNumber: '新A042026000001',
      certificateVersion: '001',
      certificateIssuingAuthorityName: '测试部门',
      certificateIssuingAuthorityCode: issuerCode,
      certificateIssuedDate: '20260101',
      certificateHolderName: '张三',
      certificateHolderCode: '11010519491231002X',
      certificateHolderTypeCode: '111',
      certificateEffectiveDate: '20260101',
      certificateExpiringDate: '20300101',
      certificateAreaCode: '650000',
    },
    face: { holderName: '张三' },
  });
}
