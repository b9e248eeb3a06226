import { HutongError, isFaceValidationError, parseUnsignedLicence } from '@hutong/core';
import { describe, expect, it } from 'vitest';
import { isServerError } from '../errors.js';
import {
  CITIZEN_ID,
  ISSUER_CODE,
  sampleInput,
  sampleIssuer,
  sampleType,
  TYPE_CODE,
} from '../library/test-support/licence-fixtures.js';
import { assembleLicence, prepareLicence } from './prepare-licence.js';

const NOW = new Date('2026-11-29T12:00:00Z');

function failure(run: () => unknown): { code: string; field: string | undefined } {
  try {
    run();
  } catch (error) {
    if (error instanceof HutongError || isServerError(error)) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('prepareLicence', () => {
  it('normalises dates and computes a fixed period’s expiring date (GB/T 36903 example: + period)', () => {
    const prepared = prepareLicence(sampleInput(), sampleType(), sampleIssuer(), { now: NOW });
    expect(prepared.metadata).toEqual({
      certificateName: '建筑施工特种作业人员操作资格证书',
      certificateNumber: '吉A042012000939',
      certificateIssuedDate: '20260108',
      certificateHolderName: '张三',
      certificateHolderCode: CITIZEN_ID,
      certificateHolderTypeCode: '111',
      certificateEffectiveDate: '20260108',
      certificateExpiringDate: '20280108',
      certificateAreaCode: '220000',
    });
    expect(prepared.warnings).toEqual([]);
  });

  it('defaults the issue date to today in China (UTC+8)', () => {
    const late = new Date('2026-11-29T20:00:00Z');
    const { certificateIssuedDate: _omit, ...input } = sampleInput();
    expect(prepareLicence(input, sampleType(), sampleIssuer(), { now: late }).metadata.certificateIssuedDate).toBe(
      '20261130',
    );
  });

  it('assembles a licence core accepts, with a GB/T 36904 identifier', () => {
    const prepared = prepareLicence(sampleInput(), sampleType(), sampleIssuer(), { now: NOW });
    const unsigned = assembleLicence(prepared, '202600000001', {
      uri: 'http://127.0.0.1/api/v1/status-lists/x/1',
      index: 9,
    });
    expect(parseUnsignedLicence(unsigned)).toEqual(unsigned);
    expect(unsigned.metadata.certificateIdentifier).toMatch(
      new RegExp(`^1\\.2\\.156\\.3005\\.2\\.${TYPE_CODE}\\.${ISSUER_CODE}\\.202600000001\\.001\\.[0-9A-Z]$`),
    );
  });

  it.each([
    [
      'a wrong citizen ID check character',
      { certificateHolderCode: '110105194912310021' },
      'ERR_CITIZEN_ID_CHECK',
      'certificateHolderCode',
    ],
    [
      'an unknown holder code type',
      { certificateHolderTypeCode: '112' },
      'ERR_HOLDER_CODE_TYPE_UNKNOWN',
      'certificateHolderTypeCode',
    ],
    [
      'an organisation holding a person’s licence',
      { certificateHolderTypeCode: '001', certificateHolderCode: '91350100M000100Y43' },
      'ERR_ISSUANCE_HOLDER_CATEGORY',
      'certificateHolderTypeCode',
    ],
    [
      'dates out of order',
      { certificateExpiringDate: '2025-01-01' },
      'ERR_ISSUANCE_DATE_ORDER',
      'certificateExpiringDate',
    ],
    ['an impossible date', { certificateEffectiveDate: '2026-02-30' }, 'ERR_ISSUANCE_DATE', 'certificateEffectiveDate'],
    [
      'an expiring date off the type’s period',
      { certificateExpiringDate: '2027-01-08' },
      'ERR_CATALOGUE_VALIDITY_PERIOD',
      'certificateExpiringDate',
    ],
    ['a bad area code', { certificateAreaCode: '99' }, 'ERR_AREA_CODE_SHAPE', 'certificateAreaCode'],
  ])('refuses %s', (_name, overrides, code, field) => {
    expect(failure(() => prepareLicence(sampleInput(overrides), sampleType(), sampleIssuer(), { now: NOW }))).toEqual({
      code,
      field,
    });
  });

  it('reports every face problem at once', () => {
    try {
      prepareLicence(
        sampleInput({ face: { idNumber: '110105194912310021', extra: 'x' } }),
        sampleType(),
        sampleIssuer(),
        { now: NOW },
      );
      expect.unreachable();
    } catch (error) {
      expect(isFaceValidationError(error)).toBe(true);
      if (!isFaceValidationError(error)) return;
      expect(error.issues.map((i) => [i.field, i.code]).sort()).toEqual([
        ['extra', 'ERR_CATALOGUE_FACE_UNKNOWN_FIELD'],
        ['holderName', 'ERR_CATALOGUE_FACE_REQUIRED'],
        ['idNumber', 'ERR_CITIZEN_ID_CHECK'],
        ['operationCategory', 'ERR_CATALOGUE_FACE_REQUIRED'],
      ]);
    }
  });

  it('accepts a legacy USCC holder only in legacy mode, as a warning', () => {
    const type = sampleType({ holderCategory: 'organisation' });
    const input = sampleInput({ certificateHolderTypeCode: '001', certificateHolderCode: '91350100M0001TGQXM' });
    expect(failure(() => prepareLicence(input, type, sampleIssuer(), { now: NOW })).code).toBe('ERR_USCC_CHECK');
    const prepared = prepareLicence(input, type, sampleIssuer(), { now: NOW, legacy: true });
    expect(prepared.warnings.map((w) => [w.code, w.field])).toEqual([['WARN_USCC_CHECK', 'certificateHolderCode']]);
  });

  it('leaves a long-term licence without an expiring date, and refuses one given', () => {
    const type = sampleType({ validity: { kind: 'long-term' } });
    expect(prepareLicence(sampleInput(), type, sampleIssuer(), { now: NOW }).metadata.certificateExpiringDate).toBe(
      undefined,
    );
    expect(
      failure(() =>
        prepareLicence(sampleInput({ certificateExpiringDate: '20300101' }), type, sampleIssuer(), { now: NOW }),
      ).code,
    ).toBe('ERR_CATALOGUE_VALIDITY_LONG_TERM');
  });
});
