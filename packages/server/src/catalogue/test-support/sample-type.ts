/**
 * Test-only: licence type documents as a catalogue administrator sends them (no `version`,
 * no `status`), with codes valid under GB/T 36904 and GB 32100.
 */

/** 公安部's USCC (defining authority) + sequence 001: the resident ID card's type code in these tests. */
export const ID_CARD_TYPE = '11100000000013338W001';
export const DRIVING_LICENCE_TYPE = '11100000000013338W002';
export const DEFINING_AUTHORITY = '11100000000013338W';

export function typeDocument(code = ID_CARD_TYPE, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    certificateTypeCode: code,
    name: { zh: '居民身份证', en: 'Resident identity card' },
    definingAuthority: { name: '公安部', code: DEFINING_AUTHORITY, level: 'national' },
    relatedMatter: { name: '居民身份证申领', code: '000104001000' },
    holderCategory: 'person',
    validity: { kind: 'period', years: 10 },
    issuingAuthorityLevel: ['county'],
    faceFields: [
      {
        key: 'holderName',
        label: { zh: '姓名', en: 'Name' },
        type: 'string',
        format: 'person-name',
        required: true,
        maxLength: 50,
        sensitivity: 2,
      },
      {
        key: 'idNumber',
        label: { zh: '公民身份号码', en: 'Citizen ID number' },
        type: 'string',
        format: 'citizen-id',
        required: true,
        sensitivity: 3,
      },
      { key: 'birthDate', label: { zh: '出生', en: 'Date of birth' }, type: 'date', required: true, sensitivity: 2 },
    ],
    templateId: 'resident-id-card',
    ...overrides,
  };
}
