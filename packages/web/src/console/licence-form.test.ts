import { parseLicenceType } from '@hutong/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleLicenceTypeDocument } from '../../../core/src/catalogue/test-support/sample-licence-type.js';
import {
  holderCodeError,
  isIsoDate,
  issueRequestOf,
  type LicenceFormValues,
  licenceFormErrors,
} from './licence-form.js';

const type = parseLicenceType(sampleLicenceTypeDocument());
const MESSAGES = { required: '必填', date: '不是有效的日期' };
const CITIZEN_ID = '11010519491231002X';

const complete: LicenceFormValues = {
  certificateNumber: ' 吉A042012000939 ',
  certificateHolderName: '张三',
  certificateHolderTypeCode: '111',
  certificateHolderCode: CITIZEN_ID,
  certificateEffectiveDate: '2026-01-08',
  face: {
    holderName: '张三',
    idNumber: CITIZEN_ID,
    gender: '2',
    birthDate: '1949-12-31',
    operationCategory: ' 建筑电工 ',
  },
};

describe('the issuance form', () => {
  it('needs every required metadata element and face field, each named', () => {
    const errors = licenceFormErrors(type, {}, 'zh-CN', MESSAGES);
    for (const name of [
      'certificateNumber',
      'certificateHolderName',
      'certificateHolderTypeCode',
      'certificateHolderCode',
      'certificateEffectiveDate',
    ]) {
      expect(errors[name], name).toBe('必填');
    }
    for (const field of type.faceFields.filter((f) => f.required)) {
      expect(errors[`face.${field.key}`], field.key).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('accepts a complete form and sends exactly what the API takes', () => {
    expect(licenceFormErrors(type, complete, 'zh-CN', MESSAGES)).toEqual({});
    expect(issueRequestOf(type, { ...complete, certificateExpiringDate: '' })).toEqual({
      certificateTypeCode: type.certificateTypeCode,
      certificateNumber: '吉A042012000939',
      certificateHolderName: '张三',
      certificateHolderCode: CITIZEN_ID,
      certificateHolderTypeCode: '111',
      certificateEffectiveDate: '2026-01-08',
      face: {
        holderName: '张三',
        idNumber: CITIZEN_ID,
        gender: '2',
        birthDate: '1949-12-31',
        operationCategory: '建筑电工',
      },
    });
  });

  it('checks the holder code by its type as it is typed (check character), in Chinese or English', () => {
    const wrong = `${CITIZEN_ID.slice(0, 17)}3`;
    const zh = holderCodeError('111', wrong, 'zh-CN');
    const en = holderCodeError('111', wrong, 'en');
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(en).toMatch(/check/i);
    expect(
      licenceFormErrors(type, { ...complete, certificateHolderCode: wrong }, 'en', MESSAGES).certificateHolderCode,
    ).toBe(en);
    expect(holderCodeError('111', CITIZEN_ID, 'zh-CN')).toBeUndefined();
    // A USCC is checked as a USCC.
    expect(holderCodeError('001', '91350100M000100Y43', 'en')).toBeUndefined();
    expect(holderCodeError('001', '91350100M000100Y44', 'en')).toBeDefined();
    // Nothing typed yet: nothing to say (the required rule speaks instead).
    expect(holderCodeError('111', '', 'en')).toBeUndefined();
  });

  it('puts each face problem beside its field (a citizen ID field with a wrong check character)', () => {
    const errors = licenceFormErrors(
      type,
      { ...complete, face: { ...complete.face, idNumber: `${CITIZEN_ID.slice(0, 17)}3` } },
      'zh-CN',
      MESSAGES,
    );
    expect(Object.keys(errors)).toEqual(['face.idNumber']);
  });

  it('refuses impossible dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('20240229')).toBe(false);
    expect(licenceFormErrors(type, { ...complete, certificateEffectiveDate: '2023-02-30' }, 'zh-CN', MESSAGES)).toEqual(
      {
        certificateEffectiveDate: '不是有效的日期',
      },
    );
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01'), max: new Date('2199-12-31'), noInvalidDate: true }),
        (date) => {
          expect(isIsoDate(date.toISOString().slice(0, 10))).toBe(true);
        },
      ),
    );
  });
});
