import { describe, expect, it } from 'vitest';
import { HutongError } from '../errors.js';
import { FaceValidationError, isFaceValidationError } from './face-validation-error.js';
import { parseLicenceType } from './licence-type.js';
import {
  JPEG_DATA_URL,
  PNG_DATA_URL,
  refusal,
  sampleFace,
  sampleLicenceTypeDocument,
} from './test-support/sample-licence-type.js';
import { checkFace, validateFace } from './validate-face.js';

const type = parseLicenceType(sampleLicenceTypeDocument());
// A fixed clock: birth dates "in the future" are judged against it, not against the test run.
const now = new Date('2026-06-01T00:00:00Z');

function issuesOf(face: unknown): Array<{ field: string; code: string }> {
  const error = refusal(() => validateFace(type, face, { now }));
  expect(error).toBeInstanceOf(FaceValidationError);
  expect(error.code).toBe('ERR_CATALOGUE_FACE_INVALID');
  return (error as FaceValidationError).issues.map((i) => ({ field: i.field, code: i.code }));
}

describe('validateFace — accepted faces', () => {
  it('returns the required fields of a minimal face', () => {
    expect(validateFace(type, sampleFace(), { now })).toEqual(sampleFace());
  });

  it('normalises: dates to yyyyMMdd, text trimmed (ideographic space too), CRLF to LF, integers from digit strings', () => {
    const face = validateFace(
      type,
      {
        ...sampleFace(),
        holderName: '\u3000张三 ',
        birthDate: '1949-12-31',
        remarks: '第一行\r\n第二行',
        examScore: ' 95 ',
        fee: '120.50',
        certified: false,
      },
      { now },
    );
    expect(face).toEqual({
      holderName: '张三',
      idNumber: '11010519491231002X',
      gender: '2',
      birthDate: '19491231',
      operationCategory: '建筑电工',
      remarks: '第一行\n第二行',
      examScore: 95,
      fee: '120.50',
      certified: false,
    });
  });

  it('keeps decimals as strings (RFC 8785 numbers are doubles) and -0 as 0', () => {
    const face = validateFace(type, { ...sampleFace(), fee: 0.1, examScore: -0 }, { now });
    expect(face.fee).toBe('0.1');
    expect(Object.is(face.examScore, 0)).toBe(true);
    expect(validateFace(type, { ...sampleFace(), fee: '-0' }, { now }).fee).toBe('0');
  });

  it('treats null, empty and blank optional fields as absent', () => {
    const face = validateFace(type, { ...sampleFace(), birthDate: null, remarks: '  ', phone: '' }, { now });
    expect(face).toEqual(sampleFace());
  });

  it('accepts every format in its valid form', () => {
    const face = validateFace(
      type,
      {
        ...sampleFace(),
        phone: '13812341234',
        email: 'zhang.san@example.gov.cn',
        employerCode: '91350100M000100Y43',
        areaCode: '650000',
        postalCode: '830000',
        address: '新疆维吾爾自治区乌鲁木齐市天山区',
        previousLicence: '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F',
        photo: PNG_DATA_URL,
      },
      { now },
    );
    expect(face.previousLicence).toBe('1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F');
    expect(validateFace(type, { ...sampleFace(), phone: '0991-1234567' }, { now }).phone).toBe('0991-1234567');
    expect(validateFace(type, { ...sampleFace(), photo: JPEG_DATA_URL }, { now }).photo).toBe(JPEG_DATA_URL);
    const digest = 'sha256-LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE=';
    expect(validateFace(type, { ...sampleFace(), photo: digest }, { now }).photo).toBe(digest);
  });

  it('builds a fresh object: the input is not modified', () => {
    const input = { ...sampleFace(), birthDate: '1949-12-31' };
    validateFace(type, input, { now });
    expect(input.birthDate).toBe('1949-12-31');
  });
});

describe('validateFace — every problem, in one error', () => {
  it('collects all field errors, not just the first', () => {
    const issues = issuesOf({
      holderName: '张三'.repeat(26), // 52 > maxLength 50
      idNumber: '110105194912310021', // wrong check character
      gender: '3',
      birthDate: '1949-02-30',
      operationCategory: 42,
      phone: '1381234123',
      email: 'not-an-email',
      employerCode: '91350100M000100Y44',
      areaCode: '990000',
      postalCode: '8300',
      previousLicence: '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.E',
      examScore: 1.5,
      fee: '1e3',
      certified: 'yes',
      photo: 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=',
      nickname: 'x',
    });
    expect(issues).toEqual([
      { field: 'nickname', code: 'ERR_CATALOGUE_FACE_UNKNOWN_FIELD' },
      { field: 'holderName', code: 'ERR_CATALOGUE_FACE_TOO_LONG' },
      { field: 'idNumber', code: 'ERR_CITIZEN_ID_CHECK' },
      { field: 'gender', code: 'ERR_CATALOGUE_FACE_ENUM' },
      { field: 'birthDate', code: 'ERR_CATALOGUE_FACE_DATE' },
      { field: 'photo', code: 'ERR_CATALOGUE_FACE_IMAGE' },
      { field: 'operationCategory', code: 'ERR_CATALOGUE_FACE_TYPE' },
      { field: 'phone', code: 'ERR_CATALOGUE_FACE_FORMAT' },
      { field: 'email', code: 'ERR_CATALOGUE_FACE_FORMAT' },
      { field: 'employerCode', code: 'ERR_USCC_CHECK' },
      { field: 'areaCode', code: 'ERR_AREA_CODE_PROVINCE' },
      { field: 'postalCode', code: 'ERR_CATALOGUE_FACE_FORMAT' },
      { field: 'previousLicence', code: 'ERR_LICENCE_ID_CHECK' },
      { field: 'examScore', code: 'ERR_CATALOGUE_FACE_TYPE' },
      { field: 'fee', code: 'ERR_CATALOGUE_FACE_TYPE' },
      { field: 'certified', code: 'ERR_CATALOGUE_FACE_TYPE' },
    ]);
  });

  it('reports every missing required field', () => {
    expect(issuesOf({})).toEqual([
      { field: 'holderName', code: 'ERR_CATALOGUE_FACE_REQUIRED' },
      { field: 'idNumber', code: 'ERR_CATALOGUE_FACE_REQUIRED' },
      { field: 'gender', code: 'ERR_CATALOGUE_FACE_REQUIRED' },
      { field: 'operationCategory', code: 'ERR_CATALOGUE_FACE_REQUIRED' },
    ]);
  });

  it.each([
    ['a string', '张三'],
    ['an array', [sampleFace()]],
    ['null', null],
    ['a Map', new Map(Object.entries(sampleFace()))],
    [
      'an object with a getter',
      Object.defineProperty({ ...sampleFace() }, 'gender', { get: () => '1', enumerable: true }),
    ],
  ])('refuses a face that is %s as one issue at $', (_name, face) => {
    expect(issuesOf(face)).toEqual([{ field: '$', code: 'ERR_CATALOGUE_FACE_NOT_OBJECT' }]);
  });

  it.each([
    ['a lowercase x in a citizen ID', { idNumber: '11010519491231002x' }, 'idNumber', 'ERR_CITIZEN_ID_LOWERCASE_X'],
    [
      'a birth date after the clock',
      { idNumber: '110105202701010012' },
      'idNumber',
      'ERR_CITIZEN_ID_BIRTH_DATE_FUTURE',
    ],
    ['a number for a citizen ID', { idNumber: 11010519491231 }, 'idNumber', 'ERR_CATALOGUE_FACE_TYPE'],
    ['a NUL in a name', { holderName: '张\u0000三' }, 'holderName', 'ERR_CATALOGUE_FACE_TEXT'],
    [
      'a line feed in a name (formatted text is one line)',
      { holderName: '张\n三' },
      'holderName',
      'ERR_CATALOGUE_FACE_TEXT',
    ],
    ['a lone CR in free text', { remarks: 'a\rb' }, 'remarks', 'ERR_CATALOGUE_FACE_TEXT'],
    ['a lone surrogate', { remarks: 'a\udc00' }, 'remarks', 'ERR_CATALOGUE_FACE_TEXT'],
    ['free text over 4096 code units', { remarks: 'a'.repeat(4097) }, 'remarks', 'ERR_CATALOGUE_FACE_TOO_LONG'],
    [
      'a category over its maxLength',
      { operationCategory: '类'.repeat(21) },
      'operationCategory',
      'ERR_CATALOGUE_FACE_TOO_LONG',
    ],
    ['a number for an enum', { gender: 1 }, 'gender', 'ERR_CATALOGUE_FACE_ENUM'],
    ['an enum label instead of its value', { gender: '女' }, 'gender', 'ERR_CATALOGUE_FACE_ENUM'],
    ['a date as a number', { birthDate: 19491231 }, 'birthDate', 'ERR_CATALOGUE_FACE_DATE'],
    ['a date with slashes', { birthDate: '1949/12/31' }, 'birthDate', 'ERR_CATALOGUE_FACE_DATE'],
    ['an unsafe integer', { examScore: 2 ** 53 }, 'examScore', 'ERR_CATALOGUE_FACE_TYPE'],
    ['an integer with a leading zero', { examScore: '095' }, 'examScore', 'ERR_CATALOGUE_FACE_TYPE'],
    ['an infinite decimal', { fee: Number.POSITIVE_INFINITY }, 'fee', 'ERR_CATALOGUE_FACE_TYPE'],
    ['a decimal with a trailing dot', { fee: '12.' }, 'fee', 'ERR_CATALOGUE_FACE_TYPE'],
    ['a decimal of 41 characters', { fee: '1'.repeat(41) }, 'fee', 'ERR_CATALOGUE_FACE_TYPE'],
    ['a boolean as a number', { certified: 1 }, 'certified', 'ERR_CATALOGUE_FACE_TYPE'],
    ['a boolean as a string', { certified: 'true' }, 'certified', 'ERR_CATALOGUE_FACE_TYPE'],
    [
      'a PNG data URL that is really a GIF',
      { photo: 'data:image/png;base64,R0lGODlhAQABAAAAACw=' },
      'photo',
      'ERR_CATALOGUE_FACE_IMAGE',
    ],
    ['an image URL', { photo: 'https://example.com/a.png' }, 'photo', 'ERR_CATALOGUE_FACE_IMAGE'],
    ['base64 with a bad length', { photo: 'data:image/jpeg;base64,/9j/4AA' }, 'photo', 'ERR_CATALOGUE_FACE_IMAGE'],
    [
      'a digest of the wrong length',
      { photo: 'sha256-LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSI=' },
      'photo',
      'ERR_CATALOGUE_FACE_IMAGE',
    ],
    [
      'a digest with non-zero padding bits',
      { photo: 'sha256-LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIF=' },
      'photo',
      'ERR_CATALOGUE_FACE_IMAGE',
    ],
    [
      'an image over 2 MiB',
      { photo: `data:image/png;base64,iVBORw0KGgo${'A'.repeat(2_800_000)}` },
      'photo',
      'ERR_CATALOGUE_FACE_IMAGE',
    ],
    ['a phone number with spaces', { phone: '138 1234 1234' }, 'phone', 'ERR_CATALOGUE_FACE_FORMAT'],
    ['a mobile number starting 12', { phone: '12812341234' }, 'phone', 'ERR_CATALOGUE_FACE_FORMAT'],
    ['an email without a domain dot-part', { email: 'a@' }, 'email', 'ERR_CATALOGUE_FACE_FORMAT'],
    [
      'an email over 254 characters',
      { email: `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}` },
      'email',
      'ERR_CATALOGUE_FACE_FORMAT',
    ],
    ['a USCC with O', { employerCode: '91350100M00010OY43' }, 'employerCode', 'ERR_USCC_CHARSET'],
    ['an area code of 5 digits', { areaCode: '65000' }, 'areaCode', 'ERR_AREA_CODE_SHAPE'],
    [
      'a licence identifier with the wrong root',
      { previousLicence: '1.2.156.3003.2.11100000000013338W032.11220000013544541J.2430599.001.F' },
      'previousLicence',
      'ERR_LICENCE_ID_ROOT',
    ],
  ])('refuses %s', (_name, changes, field, code) => {
    expect(issuesOf({ ...sampleFace(), ...changes })).toEqual([{ field, code }]);
  });

  it('gives each issue a message in both languages naming the field by its label', () => {
    const error = refusal(() => validateFace(type, { ...sampleFace(), holderName: undefined, gender: '9' }, { now }));
    expect(isFaceValidationError(error)).toBe(true);
    const e = error as FaceValidationError;
    expect(e.params).toEqual({ count: 2, fields: 'holderName, gender' });
    expect(e.message).toBe('The face has 2 invalid field(s): holderName, gender');
    expect(e.localize('zh-CN')).toBe('照面信息有 2 处错误：holderName, gender');
    expect(e.localizeIssues('zh-CN')).toEqual([
      { field: 'holderName', code: 'ERR_CATALOGUE_FACE_REQUIRED', message: '姓名为必填项' },
      { field: 'gender', code: 'ERR_CATALOGUE_FACE_ENUM', message: '性别只能取以下值之一：1, 2' },
    ]);
    expect(e.toJSON('en')).toEqual({
      code: 'ERR_CATALOGUE_FACE_INVALID',
      message: 'The face has 2 invalid field(s): holderName, gender',
      issues: [
        { field: 'holderName', code: 'ERR_CATALOGUE_FACE_REQUIRED', message: 'Name is required' },
        { field: 'gender', code: 'ERR_CATALOGUE_FACE_ENUM', message: 'Sex must be one of: 1, 2' },
      ],
    });
  });

  it('keeps the identifiers module’s error as the issue’s cause, with its segment', () => {
    const error = refusal(() => validateFace(type, { ...sampleFace(), idNumber: '110105194912310021' }, { now }));
    const issue = (error as FaceValidationError).issues[0];
    expect(issue?.params.segment).toBe('check');
    expect(issue?.cause).toBeInstanceOf(HutongError);
  });
});

describe('checkFace — legacy stock', () => {
  it('flags, never drops, a pilot USCC whose check fails', () => {
    const { face, warnings } = checkFace(
      type,
      { ...sampleFace(), employerCode: '91350100M0001TGQXM' },
      { now, legacy: true },
    );
    expect(face.employerCode).toBe('91350100M0001TGQXM');
    expect(warnings).toEqual([
      expect.objectContaining({ field: 'employerCode', code: 'WARN_USCC_CHECK', segment: 'check' }),
    ]);
  });

  it('refuses the same code without legacy mode', () => {
    expect(issuesOf({ ...sampleFace(), employerCode: '91350100M0001TGQXM' })).toEqual([
      { field: 'employerCode', code: 'ERR_USCC_CHECK' },
    ]);
  });

  it('still refuses what legacy mode does not excuse', () => {
    const error = refusal(() =>
      checkFace(type, { ...sampleFace(), employerCode: '91350100M00010OY43' }, { now, legacy: true }),
    );
    expect((error as FaceValidationError).issues.map((i) => i.code)).toEqual(['ERR_USCC_CHARSET']);
  });
});
