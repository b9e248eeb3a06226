/**
 * A demo catalogue for show-code sizing and tests: ten licence types people show on their
 * phones, with the face fields their paper versions print. It stands in for the server's
 * demo catalogue until that exists (the report function takes any list of types).
 *
 * Codes: the construction-ops type is the one of standards.md §4; the other defining
 * authorities carry synthetic codes whose GB 32100 and GB 11714 check characters are
 * computed (they pass `parseUscc`), not the real authorities' codes. Test-only.
 */
import { type LicenceType, parseLicenceType } from '../../catalogue/index.js';
import { sampleLicenceTypeDocument } from '../../catalogue/test-support/sample-licence-type.js';

type Json = Record<string, unknown>;

function field(key: string, zh: string, en: string, type: string, sensitivity: number, extra: Json = {}): Json {
  return { key, label: { zh, en }, type, required: true, sensitivity, ...extra };
}

const optional = { required: false };
const SEX = {
  enum: [
    { value: '1', label: { zh: '男', en: 'Male' } },
    { value: '2', label: { zh: '女', en: 'Female' } },
  ],
};

function type(
  code: string,
  zh: string,
  en: string,
  authority: string,
  holderCategory: 'person' | 'organisation',
  validity: Json,
  faceFields: Json[],
): Json {
  return {
    certificateTypeCode: code,
    name: { zh, en },
    definingAuthority: { name: authority, code: code.slice(0, 18), level: 'national' },
    holderCategory,
    validity,
    issuingAuthorityLevel: ['provincial', 'prefecture', 'county'],
    faceFields,
    templateId: `demo-${code.slice(-3)}.v1`,
    version: 1,
    status: 'published',
  };
}

/** The catalogue documents (JSON-shaped, as an operator would import them). */
export function demoCatalogueDocuments(): Json[] {
  return [
    sampleLicenceTypeDocument(),
    type(
      '11100000MB0356226H001',
      '营业执照',
      'Business licence',
      '国家市场监督管理总局',
      'organisation',
      { kind: 'long-term' },
      [
        field('entityName', '名称', 'Name', 'string', 1, { maxLength: 100 }),
        field('creditCode', '统一社会信用代码', 'USCC', 'string', 1, { format: 'uscc' }),
        field('entityType', '类型', 'Type', 'string', 1, { maxLength: 30 }),
        field('legalRepresentative', '法定代表人', 'Legal representative', 'string', 2, { format: 'person-name' }),
        field('registeredCapital', '注册资本', 'Registered capital', 'string', 1, { maxLength: 30 }),
        field('establishedDate', '成立日期', 'Established', 'date', 1),
        field('domicile', '住所', 'Domicile', 'string', 1, { format: 'address' }),
        field('businessScope', '经营范围', 'Business scope', 'string', 1, { ...optional, maxLength: 2000 }),
      ],
    ),
    type(
      '11100000MB0356226H002',
      '食品经营许可证',
      'Food business permit',
      '国家市场监督管理总局',
      'organisation',
      { kind: 'period', years: 5 },
      [
        field('operatorName', '经营者名称', 'Operator', 'string', 1, { maxLength: 100 }),
        field('creditCode', '社会信用代码', 'USCC', 'string', 1, { format: 'uscc' }),
        field('legalRepresentative', '法定代表人（负责人）', 'Legal representative', 'string', 2, {
          format: 'person-name',
        }),
        field('premises', '经营场所', 'Premises', 'string', 1, { format: 'address' }),
        field('mainBusiness', '主体业态', 'Main business', 'string', 1, { maxLength: 30 }),
        field('businessItems', '经营项目', 'Items', 'string', 1, { maxLength: 500 }),
        field('supervisor', '日常监督管理人员', 'Supervisor', 'string', 2, { ...optional, format: 'person-name' }),
      ],
    ),
    type('11100000MB1A0B01X2001', '居住证', 'Residence permit', '公安部', 'person', { kind: 'period', years: 1 }, [
      field('holderName', '姓名', 'Name', 'string', 2, { format: 'person-name', maxLength: 50 }),
      field('gender', '性别', 'Sex', 'enum', 2, SEX),
      field('birthDate', '出生', 'Date of birth', 'date', 3),
      field('idNumber', '公民身份号码', 'Citizen ID number', 'string', 3, { format: 'citizen-id' }),
      field('residence', '居住地址', 'Residence', 'string', 3, { format: 'address' }),
      field('issuingOffice', '签发机关', 'Issued by', 'string', 1, { maxLength: 50 }),
      field('photo', '照片', 'Photo', 'image', 4),
    ]),
    type(
      '11100000MB0C90211U001',
      '健康证明',
      'Health certificate',
      '国家卫生健康委员会',
      'person',
      { kind: 'period', years: 1 },
      [
        field('holderName', '姓名', 'Name', 'string', 2, { format: 'person-name', maxLength: 50 }),
        field('gender', '性别', 'Sex', 'enum', 2, SEX),
        field('age', '年龄', 'Age', 'integer', 2),
        field('idNumber', '身份证号', 'Citizen ID number', 'string', 3, { format: 'citizen-id' }),
        field('occupation', '从业类别', 'Occupation', 'string', 1, { maxLength: 20 }),
        field('examinationDate', '体检日期', 'Examined on', 'date', 2),
        field('conclusion', '体检结论', 'Conclusion', 'string', 4, { maxLength: 20 }),
        field('photo', '照片', 'Photo', 'image', 4),
      ],
    ),
    type(
      '11100000000018577D001',
      '教师资格证书',
      'Teacher qualification certificate',
      '教育部',
      'person',
      { kind: 'long-term' },
      [
        field('holderName', '姓名', 'Name', 'string', 2, { format: 'person-name', maxLength: 50 }),
        field('gender', '性别', 'Sex', 'enum', 2, SEX),
        field('birthDate', '出生日期', 'Date of birth', 'date', 3),
        field('idNumber', '身份证件号码', 'Citizen ID number', 'string', 3, { format: 'citizen-id' }),
        field('qualification', '资格种类', 'Qualification', 'string', 1, { maxLength: 30 }),
        field('subject', '任教学科', 'Subject', 'string', 1, { maxLength: 20 }),
        field('photo', '照片', 'Photo', 'image', 4, optional),
      ],
    ),
    type(
      '11100000MB1D2F030E001',
      '残疾人证',
      'Disability certificate',
      '中国残疾人联合会',
      'person',
      { kind: 'period', years: 10 },
      [
        field('holderName', '姓名', 'Name', 'string', 2, { format: 'person-name', maxLength: 50 }),
        field('gender', '性别', 'Sex', 'enum', 2, SEX),
        field('idNumber', '身份证号', 'Citizen ID number', 'string', 3, { format: 'citizen-id' }),
        field('disabilityCategory', '残疾类别', 'Category', 'string', 4, { maxLength: 10 }),
        field('disabilityLevel', '残疾等级', 'Level', 'string', 4, { maxLength: 10 }),
        field('guardian', '监护人', 'Guardian', 'string', 3, { ...optional, format: 'person-name' }),
        field('address', '住址', 'Address', 'string', 3, { format: 'address' }),
        field('photo', '照片', 'Photo', 'image', 4),
      ],
    ),
    type(
      '11100000MB2A6E1787001',
      '机动车驾驶证',
      'Driving licence',
      '公安部交通管理局',
      'person',
      { kind: 'period', years: 6 },
      [
        field('holderName', '姓名', 'Name', 'string', 2, { format: 'person-name', maxLength: 50 }),
        field('gender', '性别', 'Sex', 'enum', 2, SEX),
        field('nationality', '国籍', 'Nationality', 'string', 1, { maxLength: 20 }),
        field('address', '住址', 'Address', 'string', 3, { format: 'address' }),
        field('birthDate', '出生日期', 'Date of birth', 'date', 3),
        field('firstIssueDate', '初次领证日期', 'First issued', 'date', 1),
        field('vehicleClass', '准驾车型', 'Vehicle class', 'string', 1, { maxLength: 10 }),
        field('photo', '照片', 'Photo', 'image', 4),
      ],
    ),
    type(
      '11100000MB0E12047U001',
      '不动产权证书',
      'Real estate title certificate',
      '自然资源部',
      'person',
      { kind: 'long-term' },
      [
        field('owner', '权利人', 'Owner', 'string', 2, { format: 'person-name', maxLength: 100 }),
        field('coOwnership', '共有情况', 'Co-ownership', 'string', 1, { maxLength: 20 }),
        field('location', '坐落', 'Location', 'string', 2, { format: 'address' }),
        field('unitNumber', '不动产单元号', 'Unit number', 'string', 1, { maxLength: 28 }),
        field('rightType', '权利类型', 'Right type', 'string', 1, { maxLength: 40 }),
        field('usage', '用途', 'Usage', 'string', 1, { maxLength: 20 }),
        field('area', '面积', 'Area (m²)', 'decimal', 1),
        field('termOfUse', '使用期限', 'Term of use', 'string', 1, { ...optional, maxLength: 40 }),
      ],
    ),
    type(
      '11100000MB1F330947001',
      '出生医学证明',
      'Medical birth certificate',
      '国家卫生健康委员会',
      'person',
      { kind: 'long-term' },
      [
        field('childName', '新生儿姓名', 'Child', 'string', 2, { format: 'person-name', maxLength: 50 }),
        field('gender', '性别', 'Sex', 'enum', 2, SEX),
        field('birthDate', '出生日期', 'Date of birth', 'date', 3),
        field('birthPlace', '出生地点', 'Place of birth', 'string', 2, { format: 'address' }),
        field('motherName', '母亲姓名', 'Mother', 'string', 2, { format: 'person-name' }),
        field('motherIdNumber', '母亲身份证件号码', "Mother's ID number", 'string', 3, { format: 'citizen-id' }),
        field('fatherName', '父亲姓名', 'Father', 'string', 2, { ...optional, format: 'person-name' }),
        field('institution', '接生机构', 'Institution', 'string', 1, { maxLength: 50 }),
      ],
    ),
  ];
}

/** The demo catalogue, parsed. */
export function demoCatalogue(): LicenceType[] {
  return demoCatalogueDocuments().map((document) => parseLicenceType(document));
}
