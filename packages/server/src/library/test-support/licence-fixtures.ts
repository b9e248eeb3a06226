/**
 * Test-only fixtures for the licence domains: a real catalogue entry (parsed by core) and
 * inputs that pass or fail issuance. Codes are valid GB 32100 / GB 11643 codes.
 */
import { type AreaCode, type LicenceType, parseAreaCode, parseLicenceType, parseUscc } from '@hutong/core';
import type { IssueLicenceInput, IssuerProfile } from '../../issuance/prepare-licence.js';

/** The issuer of the GB/T 36904 examples (standards.md §4). */
export const ISSUER_CODE = '11220000013544541J';
export const OTHER_ISSUER_CODE = '11430000006122244L';
export const TYPE_CODE = '11100000000013338W032';
/** GB 11643's own example. */
export const CITIZEN_ID = '11010519491231002X';
export const OTHER_CITIZEN_ID = '650102199001011239';

export function sampleTypeDocument(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    certificateTypeCode: TYPE_CODE,
    name: { zh: '建筑施工特种作业人员操作资格证书', en: 'Construction special-operations qualification certificate' },
    definingAuthority: { name: '住房和城乡建设部', code: '11100000000013338W', level: 'national' },
    holderCategory: 'person',
    validity: { kind: 'period', years: 2 },
    issuingAuthorityLevel: ['provincial'],
    faceFields: [
      {
        key: 'holderName',
        label: { zh: '姓名', en: 'Name' },
        type: 'string',
        required: true,
        maxLength: 50,
        sensitivity: 2,
      },
      {
        key: 'idNumber',
        label: { zh: '身份证号', en: 'Citizen ID number' },
        type: 'string',
        format: 'citizen-id',
        required: true,
        sensitivity: 3,
      },
      {
        key: 'operationCategory',
        label: { zh: '操作类别', en: 'Operation category' },
        type: 'string',
        required: true,
        maxLength: 20,
        sensitivity: 1,
      },
    ],
    templateId: 'construction-operator',
    version: 1,
    status: 'published',
    ...overrides,
  };
}

export function sampleType(overrides: Record<string, unknown> = {}): LicenceType {
  return parseLicenceType(sampleTypeDocument(overrides));
}

export function sampleIssuer(code: string = ISSUER_CODE): IssuerProfile {
  return { code: parseUscc(code), name: '吉林省住房和城乡建设厅', areaCode: parseAreaCode('220000') as AreaCode };
}

export function sampleInput(overrides: Partial<Record<keyof IssueLicenceInput, unknown>> = {}): IssueLicenceInput {
  return {
    certificateTypeCode: TYPE_CODE,
    certificateNumber: '吉A042012000939',
    certificateHolderName: '张三',
    certificateHolderCode: CITIZEN_ID,
    certificateHolderTypeCode: '111',
    certificateIssuedDate: '2026-01-08',
    certificateEffectiveDate: '2026-01-08',
    face: { holderName: '张三', idNumber: CITIZEN_ID, operationCategory: '建筑电工' },
    ...overrides,
  } as IssueLicenceInput;
}
