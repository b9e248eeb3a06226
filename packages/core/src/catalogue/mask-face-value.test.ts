import { describe, expect, it } from 'vitest';
import type { FaceField, SensitivityGrade } from './face-field.js';
import { parseLicenceType } from './licence-type.js';
import { FULL_MASK, maskFace, maskFaceValue } from './mask-face-value.js';
import { PNG_DATA_URL, refusal, sampleFace, sampleLicenceTypeDocument } from './test-support/sample-licence-type.js';
import { validateFace } from './validate-face.js';

const type = parseLicenceType(sampleLicenceTypeDocument());

function field(key: string): FaceField {
  const found = type.faceFields.find((f) => f.key === key);
  if (found === undefined) throw new Error(`no field ${key}`);
  return found;
}

describe('maskFaceValue — partial masks people recognise', () => {
  it.each([
    ['idNumber', '11010519491231002X', '110105********002X'],
    ['employerCode', '91350100M000100Y43', '913501********0Y43'],
    ['holderName', '张三', '张*'],
    ['holderName', '张三丰', '张**'],
    ['holderName', '买买提·艾力', '买*****'],
    ['holderName', '𠮷野家', '𠮷**'], // a name beginning outside the BMP keeps its whole first character
    ['holderName', '李', '*'],
    ['phone', '13812341234', '138****1234'],
    ['phone', '0991-1234567', '0991-*****67'],
    ['phone', '09911234567', '0991*****67'],
    ['email', 'zhang.san@example.gov.cn', 'z***@example.gov.cn'],
    ['areaCode', '650102', '65****'],
    ['postalCode', '830000', '830***'],
    ['address', '新疆维吾尔自治区乌鲁木齐市天山区', '新疆维吾尔自**********'],
    [
      'previousLicence',
      '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F',
      '1.2.156.3005.2.11100000000013338W032.11220000013544541J.*******.001.*',
    ],
    ['operationCategory', '建筑电工', '建***'],
  ] as const)('%s %s → %s (clearance 1)', (key, value, masked) => {
    // Every sample field with sensitivity ≥ 2 is masked at clearance 1; grade-1 fields are
    // made grade 4 here so that their format's rule is exercised too.
    const f = field(key);
    const graded: FaceField = f.sensitivity === 1 ? { ...f, sensitivity: 4 } : f;
    expect(maskFaceValue(graded, value, 1)).toBe(masked);
  });

  it('keeps only the year of a date', () => {
    expect(maskFaceValue(field('birthDate'), '19491231', 2)).toBe('1949****');
  });

  it('fully masks values with no safe partial form', () => {
    expect(maskFaceValue(field('gender'), '2', 1)).toBe(FULL_MASK);
    expect(maskFaceValue(field('examScore'), 95, 1)).toBe(FULL_MASK);
    expect(maskFaceValue(field('fee'), '120.50', 1)).toBe(FULL_MASK);
    expect(maskFaceValue(field('photo'), PNG_DATA_URL, 3)).toBe(FULL_MASK);
    expect(maskFaceValue({ ...field('certified'), sensitivity: 2 }, true, 1)).toBe(FULL_MASK);
  });
});

describe('maskFaceValue — clearance against grade', () => {
  const id = field('idNumber'); // sensitivity 3
  it.each([
    [1, '110105********002X'],
    [2, '110105********002X'],
    [3, '11010519491231002X'],
    [4, '11010519491231002X'],
  ] as const)('clearance %i sees %s', (clearance, shown) => {
    expect(maskFaceValue(id, '11010519491231002X', clearance)).toBe(shown);
  });

  it('shows grade-1 (public) fields to everyone and grade-4 fields only at clearance 4', () => {
    expect(maskFaceValue(field('operationCategory'), '建筑电工', 1)).toBe('建筑电工');
    expect(maskFaceValue(field('photo'), PNG_DATA_URL, 4)).toBe(PNG_DATA_URL);
  });

  it.each([0, 5, 2.5, Number.NaN])('refuses clearance %s', (clearance) => {
    const error = refusal(() => maskFaceValue(id, '11010519491231002X', clearance as SensitivityGrade));
    expect({ code: error.code, field: error.field }).toEqual({ code: 'ERR_CATALOGUE_CLEARANCE', field: 'clearance' });
  });
});

describe('maskFace', () => {
  it('masks a whole validated face for a caller’s clearance, in the type’s field order', () => {
    const face = validateFace(
      type,
      { ...sampleFace(), birthDate: '1949-12-31', phone: '13812341234' },
      {
        now: new Date('2026-01-01T00:00:00Z'),
      },
    );
    expect(maskFace(type, face, 1)).toEqual({
      holderName: '张*',
      idNumber: '110105********002X',
      gender: FULL_MASK,
      birthDate: '1949****',
      operationCategory: '建筑电工',
      phone: '138****1234',
    });
    expect(Object.keys(maskFace(type, face, 2))).toEqual([
      'holderName',
      'idNumber',
      'gender',
      'birthDate',
      'operationCategory',
      'phone',
    ]);
    expect(maskFace(type, face, 4)).toEqual(face);
  });
});
