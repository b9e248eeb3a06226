/**
 * A realistic catalogue entry (GB/T 36902 fields + Hutong's face schema) for tests: the
 * construction special-operations certificate whose type code appears in the GB/T 36904
 * identifiers of standards.md §4. Test-only: excluded from the build.
 */
import { HutongError } from '../../errors.js';

/** A fresh JSON-shaped licence type document (mutate freely). */
export function sampleLicenceTypeDocument(): Record<string, unknown> {
  return {
    certificateTypeCode: '11100000000013338W032',
    name: { zh: '建筑施工特种作业人员操作资格证书', en: 'Construction special-operations qualification certificate' },
    definingAuthority: { name: '住房和城乡建设部', code: '11100000000013338W', level: 'national' },
    relatedMatter: { name: '建筑施工特种作业人员操作资格核准', code: '000117012000' },
    holderCategory: 'person',
    validity: { kind: 'period', years: 2 },
    issuingAuthorityLevel: ['provincial'],
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
        label: { zh: '身份证号', en: 'Citizen ID number' },
        type: 'string',
        format: 'citizen-id',
        required: true,
        sensitivity: 3,
      },
      {
        key: 'gender',
        label: { zh: '性别', en: 'Sex' },
        type: 'enum',
        enum: [
          { value: '1', label: { zh: '男', en: 'Male' } },
          { value: '2', label: { zh: '女', en: 'Female' } },
        ],
        required: true,
        sensitivity: 2,
      },
      {
        key: 'birthDate',
        label: { zh: '出生日期', en: 'Date of birth' },
        type: 'date',
        required: false,
        sensitivity: 3,
      },
      { key: 'photo', label: { zh: '照片', en: 'Photo' }, type: 'image', required: false, sensitivity: 4 },
      {
        key: 'operationCategory',
        label: { zh: '操作类别', en: 'Operation category' },
        type: 'string',
        required: true,
        maxLength: 20,
        sensitivity: 1,
      },
      {
        key: 'phone',
        label: { zh: '联系电话', en: 'Phone' },
        type: 'string',
        format: 'phone',
        required: false,
        sensitivity: 3,
      },
      {
        key: 'email',
        label: { zh: '电子邮箱', en: 'Email' },
        type: 'string',
        format: 'email',
        required: false,
        sensitivity: 3,
      },
      {
        key: 'employerCode',
        label: { zh: '聘用单位统一社会信用代码', en: 'Employer USCC' },
        type: 'string',
        format: 'uscc',
        required: false,
        sensitivity: 1,
      },
      {
        key: 'areaCode',
        label: { zh: '发证地区', en: 'Area' },
        type: 'string',
        format: 'area-code',
        required: false,
        sensitivity: 1,
      },
      {
        key: 'postalCode',
        label: { zh: '邮政编码', en: 'Postal code' },
        type: 'string',
        format: 'postal-code',
        required: false,
        sensitivity: 2,
      },
      {
        key: 'address',
        label: { zh: '住址', en: 'Address' },
        type: 'string',
        format: 'address',
        required: false,
        sensitivity: 3,
      },
      {
        key: 'previousLicence',
        label: { zh: '原证照标识', en: 'Previous licence' },
        type: 'string',
        format: 'licence-id',
        required: false,
        sensitivity: 1,
      },
      {
        key: 'examScore',
        label: { zh: '考核成绩', en: 'Exam score' },
        type: 'integer',
        required: false,
        sensitivity: 2,
      },
      { key: 'fee', label: { zh: '收费金额', en: 'Fee' }, type: 'decimal', required: false, sensitivity: 2 },
      {
        key: 'certified',
        label: { zh: '是否持证上岗', en: 'Certified' },
        type: 'boolean',
        required: false,
        sensitivity: 1,
      },
      { key: 'remarks', label: { zh: '备注', en: 'Remarks' }, type: 'string', required: false, sensitivity: 1 },
    ],
    templateId: 'construction-special-ops.v1',
    suites: ['sm2-sm3'],
    version: 1,
    status: 'published',
  };
}

/** A face that satisfies the sample type, with only the required fields. */
export function sampleFace(): Record<string, unknown> {
  return { holderName: '张三', idNumber: '11010519491231002X', gender: '2', operationCategory: '建筑电工' };
}

// A 1×1 PNG and the start of a JPEG, as data URLs (only the signature bytes are checked).
export const PNG_DATA_URL =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
export const JPEG_DATA_URL = 'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwc=';

/** Runs `run` and returns the HutongError it throws; fails when it returns or throws anything else. */
export function refusal(run: () => unknown): HutongError {
  try {
    run();
  } catch (error) {
    if (error instanceof HutongError) return error;
    throw error;
  }
  throw new Error('expected a HutongError, but the value was accepted');
}
