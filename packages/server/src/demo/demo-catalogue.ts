/**
 * The demo catalogue (电子证照目录, GB/T 36902) for region 650000: thirteen licence types
 * people and companies in 新疆 use every day, each with the face fields its paper original
 * prints (照面信息), a validity rule, a holder category, its defining ministry, the
 * responsibility list (who issues it, by when, how much paper stock) and the scenario list
 * (where it is accepted).
 *
 * Data grading (GB/T 43697, `SensitivityGrade`): 1 public (dates, issuing offices, business
 * registrations), 2 internal (names, sex, ethnicity, birth dates), 3 sensitive (ID numbers,
 * home addresses, card numbers), 4 most sensitive (photos, health data such as gestation and
 * birth weight, PIPL art. 28). Service-matter codes are illustrative, not the national list's.
 */
import type { ValidityRule } from '@hutong/core';
import { DEMO_DEPARTMENTS, DEMO_MINISTRIES, type DemoDepartmentKey, type DemoMinistry } from './demo-organisations.js';

type Json = Record<string, unknown>;

interface FieldOptions {
  readonly format?: string;
  readonly maxLength?: number;
  readonly required?: boolean;
  readonly enum?: ReadonlyArray<{
    readonly value: string;
    readonly label: { readonly zh: string; readonly en: string };
  }>;
}

function field(
  key: string,
  zh: string,
  en: string,
  type: string,
  sensitivity: number,
  options: FieldOptions = {},
): Json {
  const { required = true, ...rest } = options;
  return { key, label: { zh, en }, type, required, sensitivity, ...rest };
}

/** GB/T 2261.1 sex codes: 1 male, 2 female (the values the face carries). */
const SEX = {
  enum: [
    { value: '1', label: { zh: '男', en: 'Male' } },
    { value: '2', label: { zh: '女', en: 'Female' } },
  ],
} as const;

const holderName = (sensitivity = 2) =>
  field('holderName', '姓名', 'Name', 'string', sensitivity, { format: 'person-name', maxLength: 50 });
const gender = () => field('gender', '性别', 'Sex', 'enum', 2, SEX);
const idNumber = (zh = '公民身份号码') =>
  field('idNumber', zh, 'Citizen ID number', 'string', 3, { format: 'citizen-id' });
const photo = () => field('photo', '照片', 'Photo', 'image', 4, { required: false });

/** A demo licence type: the catalogue document and who issues it. */
export interface DemoLicenceType {
  readonly key: DemoTypeKey;
  readonly code: string;
  /** The document as an administrator sends it (`createLicenceType`: no version, no status). */
  readonly document: Json;
  readonly issuer: DemoDepartmentKey;
  /** Paper licences of this type in the region's stock (responsibility list); absent = unknown. */
  readonly paperCount?: number;
  /** Month and day of the responsibility deadline, in the seed's year (`MMdd`), and years ahead. */
  readonly deadline: { readonly yearsAhead: number; readonly monthDay: string };
  readonly scenarios: ReadonlyArray<{
    readonly matterCode?: string;
    readonly venue?: string;
    readonly description: string;
  }>;
}

export const DEMO_TYPE_KEYS = [
  'idCard',
  'householdRegister',
  'drivingLicence',
  'businessLicence',
  'foodPermit',
  'marriageCertificate',
  'realEstateCertificate',
  'degreeCertificate',
  'teacherQualification',
  'vocationalQualification',
  'socialSecurityCard',
  'birthCertificate',
  'medicalInsuranceVoucher',
] as const;
export type DemoTypeKey = (typeof DEMO_TYPE_KEYS)[number];

function typeDocument(
  authority: DemoMinistry,
  sequence: string,
  name: { zh: string; en: string },
  matter: { name: string; code: string },
  holderCategory: 'person' | 'organisation' | 'both',
  validity: ValidityRule,
  faceFields: Json[],
  templateId: string,
): Json {
  return {
    certificateTypeCode: `${authority.code}${sequence}`,
    name,
    definingAuthority: { name: authority.name, code: authority.code, level: 'national' },
    relatedMatter: matter,
    holderCategory,
    validity,
    issuingAuthorityLevel: ['provincial', 'prefecture', 'county'],
    faceFields,
    templateId,
  };
}

function demoType(
  key: DemoTypeKey,
  issuer: DemoDepartmentKey,
  document: Json,
  extra: Pick<DemoLicenceType, 'deadline' | 'scenarios'> & { readonly paperCount?: number },
): DemoLicenceType {
  return { key, code: String(document.certificateTypeCode), document, issuer, ...extra };
}

const M = DEMO_MINISTRIES;

/** The thirteen demo types, keyed. */
export const DEMO_TYPES: Readonly<Record<DemoTypeKey, DemoLicenceType>> = {
  idCard: demoType(
    'idCard',
    'publicSecurity',
    typeDocument(
      M.publicSecurity,
      '001',
      { zh: '居民身份证', en: 'Resident identity card' },
      { name: '居民身份证申领、换领、补领', code: '000104001000' },
      'person',
      // 居民身份证法 art. 5: 5, 10 or 20 years by age (long-term from 46, issued here as 20).
      { kind: 'range', min: { years: 5 }, max: { years: 20 } },
      [
        holderName(),
        gender(),
        field('ethnicity', '民族', 'Ethnicity', 'string', 2, { maxLength: 10 }),
        field('birthDate', '出生', 'Date of birth', 'date', 2),
        field('address', '住址', 'Address', 'string', 3, { format: 'address', maxLength: 100 }),
        idNumber(),
        field('issuingOffice', '签发机关', 'Issuing office', 'string', 1, { maxLength: 50 }),
        photo(),
      ],
      'resident-id-card.v1',
    ),
    {
      paperCount: 18_500_000,
      deadline: { yearsAhead: 0, monthDay: '1231' },
      scenarios: [
        { venue: '酒店住宿登记', description: '入住登记时核验电子身份证照，替代实体身份证。' },
        { venue: '银行柜面开户', description: '开立个人银行账户时以电子身份证照核验身份。' },
        { matterCode: '000104002000', description: '户籍业务办理时免予提交身份证复印件。' },
      ],
    },
  ),
  householdRegister: demoType(
    'householdRegister',
    'publicSecurity',
    typeDocument(
      M.publicSecurity,
      '002',
      { zh: '居民户口簿', en: 'Household register' },
      { name: '户口登记', code: '000104003000' },
      'person',
      { kind: 'long-term' },
      [
        field('householdNumber', '户号', 'Household number', 'string', 2, { maxLength: 20 }),
        field('householdType', '户别', 'Household type', 'enum', 1, {
          enum: [
            { value: '1', label: { zh: '家庭户', en: 'Family household' } },
            { value: '2', label: { zh: '集体户', en: 'Collective household' } },
          ],
        }),
        field('headName', '户主姓名', 'Head of household', 'string', 2, { format: 'person-name', maxLength: 50 }),
        field('headIdNumber', '户主公民身份号码', "Head's citizen ID number", 'string', 3, { format: 'citizen-id' }),
        field('address', '住址', 'Address', 'string', 3, { format: 'address', maxLength: 100 }),
        field('memberCount', '户内人数', 'Members', 'integer', 2),
        field('registrationOffice', '户口登记机关', 'Registration office', 'string', 1, { maxLength: 50 }),
      ],
      'household-register.v1',
    ),
    {
      paperCount: 7_200_000,
      deadline: { yearsAhead: 0, monthDay: '1231' },
      scenarios: [
        { matterCode: '000107001000', description: '义务教育入学登记时核验户籍信息。' },
        { venue: '不动产登记窗口', description: '办理继承、赠与登记时核验家庭成员关系。' },
      ],
    },
  ),
  drivingLicence: demoType(
    'drivingLicence',
    'publicSecurity',
    typeDocument(
      M.publicSecurity,
      '003',
      { zh: '机动车驾驶证', en: 'Motor vehicle driving licence' },
      { name: '机动车驾驶证核发、审验', code: '000104105000' },
      'person',
      // 机动车驾驶证申领和使用规定 art. 15: 6 years first, then 10, then long-term.
      { kind: 'range', min: { years: 6 }, max: { years: 10 } },
      [
        holderName(),
        gender(),
        field('nationality', '国籍', 'Nationality', 'string', 1, { maxLength: 20 }),
        field('address', '住址', 'Address', 'string', 3, { format: 'address', maxLength: 100 }),
        field('birthDate', '出生日期', 'Date of birth', 'date', 2),
        field('firstIssueDate', '初次领证日期', 'First issued', 'date', 1),
        field('vehicleClass', '准驾车型', 'Vehicle class', 'enum', 1, {
          enum: [
            { value: 'A1', label: { zh: 'A1 大型客车', en: 'A1 large bus' } },
            { value: 'A2', label: { zh: 'A2 重型牵引挂车', en: 'A2 heavy tractor-trailer' } },
            { value: 'B1', label: { zh: 'B1 中型客车', en: 'B1 medium bus' } },
            { value: 'B2', label: { zh: 'B2 大型货车', en: 'B2 large truck' } },
            { value: 'C1', label: { zh: 'C1 小型汽车', en: 'C1 car' } },
            { value: 'C2', label: { zh: 'C2 小型自动挡汽车', en: 'C2 automatic car' } },
          ],
        }),
        idNumber('证号'),
        field('fileNumber', '档案编号', 'File number', 'string', 2, { maxLength: 20 }),
        photo(),
      ],
      'driving-licence.v1',
    ),
    {
      paperCount: 6_800_000,
      deadline: { yearsAhead: 0, monthDay: '1231' },
      scenarios: [
        { venue: '道路交通执法现场检查', description: '民警现场检查时出示电子驾驶证，与纸质驾驶证同等效力。' },
        { venue: '汽车租赁门店', description: '租车时核验驾驶资格与准驾车型。' },
      ],
    },
  ),
  businessLicence: demoType(
    'businessLicence',
    'marketRegulation',
    typeDocument(
      M.marketRegulation,
      '001',
      { zh: '营业执照', en: 'Business licence' },
      { name: '企业设立登记', code: '000111001000' },
      'organisation',
      { kind: 'long-term' },
      [
        field('entityName', '名称', 'Name', 'string', 1, { maxLength: 100 }),
        field('creditCode', '统一社会信用代码', 'Unified social credit code', 'string', 1, { format: 'uscc' }),
        field('entityType', '类型', 'Type', 'string', 1, { maxLength: 40 }),
        field('legalRepresentative', '法定代表人', 'Legal representative', 'string', 2, {
          format: 'person-name',
          maxLength: 50,
        }),
        field('registeredCapital', '注册资本（万元）', 'Registered capital (10k yuan)', 'decimal', 1),
        field('establishedDate', '成立日期', 'Established', 'date', 1),
        field('domicile', '住所', 'Domicile', 'string', 1, { format: 'address', maxLength: 100 }),
        field('businessScope', '经营范围', 'Business scope', 'string', 1, { maxLength: 2000, required: false }),
        field('registrationAuthority', '登记机关', 'Registration authority', 'string', 1, { maxLength: 50 }),
      ],
      'business-licence.v1',
    ),
    {
      paperCount: 2_150_000,
      deadline: { yearsAhead: 0, monthDay: '0930' },
      scenarios: [
        { venue: '银行对公账户开立', description: '企业开户时以电子营业执照替代纸质执照及复印件。' },
        { matterCode: '000111002000', description: '企业变更登记时在线核验执照信息。' },
        { venue: '政府采购投标', description: '投标资格审查时核验电子营业执照。' },
      ],
    },
  ),
  foodPermit: demoType(
    'foodPermit',
    'marketRegulation',
    typeDocument(
      M.marketRegulation,
      '002',
      { zh: '食品经营许可证', en: 'Food business permit' },
      { name: '食品经营许可', code: '000111017000' },
      'organisation',
      // 食品经营许可和备案管理办法 art. 31: valid for 5 years.
      { kind: 'period', years: 5 },
      [
        field('operatorName', '经营者名称', 'Operator', 'string', 1, { maxLength: 100 }),
        field('creditCode', '社会信用代码', 'Unified social credit code', 'string', 1, { format: 'uscc' }),
        field('legalRepresentative', '法定代表人（负责人）', 'Legal representative', 'string', 2, {
          format: 'person-name',
          maxLength: 50,
        }),
        field('premises', '经营场所', 'Premises', 'string', 1, { format: 'address', maxLength: 100 }),
        field('mainBusiness', '主体业态', 'Main business', 'string', 1, { maxLength: 30 }),
        field('businessItems', '经营项目', 'Items', 'string', 1, { maxLength: 500 }),
        field('dailySupervisor', '日常监督管理人员', 'Supervisor', 'string', 2, {
          format: 'person-name',
          maxLength: 50,
          required: false,
        }),
      ],
      'food-business-permit.v1',
    ),
    {
      paperCount: 310_000,
      deadline: { yearsAhead: 0, monthDay: '0930' },
      scenarios: [
        { venue: '网络订餐平台入驻审核', description: '平台审核商户资质时核验电子食品经营许可证。' },
        { venue: '市场监管日常检查', description: '现场检查时查验许可证有效性与经营项目。' },
      ],
    },
  ),
  marriageCertificate: demoType(
    'marriageCertificate',
    'civilAffairs',
    typeDocument(
      M.civilAffairs,
      '001',
      { zh: '结婚证', en: 'Marriage certificate' },
      { name: '内地居民婚姻登记', code: '000113001000' },
      'person',
      { kind: 'long-term' },
      [
        holderName(),
        field('holderIdNumber', '持证人身份证件号', "Holder's citizen ID number", 'string', 3, {
          format: 'citizen-id',
        }),
        field('spouseName', '配偶姓名', 'Spouse', 'string', 2, { format: 'person-name', maxLength: 50 }),
        field('spouseIdNumber', '配偶身份证件号', "Spouse's citizen ID number", 'string', 3, { format: 'citizen-id' }),
        field('registrationDate', '登记日期', 'Registered on', 'date', 1),
        field('registrationOffice', '登记机关', 'Registration office', 'string', 1, { maxLength: 50 }),
      ],
      'marriage-certificate.v1',
    ),
    {
      paperCount: 9_600_000,
      deadline: { yearsAhead: 1, monthDay: '0630' },
      scenarios: [
        { matterCode: '000109005000', description: '办理生育登记时核验婚姻状况。' },
        { matterCode: '000104004000', description: '夫妻投靠落户时核验婚姻关系。' },
      ],
    },
  ),
  realEstateCertificate: demoType(
    'realEstateCertificate',
    'naturalResources',
    typeDocument(
      M.naturalResources,
      '001',
      { zh: '不动产权证书', en: 'Real estate title certificate' },
      { name: '不动产首次登记、转移登记', code: '000120001000' },
      'both',
      { kind: 'long-term' },
      [
        field('obligee', '权利人', 'Obligee', 'string', 2, { maxLength: 100 }),
        field('coOwnership', '共有情况', 'Co-ownership', 'enum', 1, {
          enum: [
            { value: 'sole', label: { zh: '单独所有', en: 'Sole ownership' } },
            { value: 'joint', label: { zh: '共同共有', en: 'Joint ownership' } },
            { value: 'share', label: { zh: '按份共有', en: 'Ownership in shares' } },
          ],
        }),
        field('location', '坐落', 'Location', 'string', 2, { format: 'address', maxLength: 150 }),
        field('unitNumber', '不动产单元号', 'Real estate unit number', 'string', 1, { maxLength: 28 }),
        field('rightType', '权利类型', 'Right', 'string', 1, { maxLength: 50 }),
        field('rightNature', '权利性质', 'Nature of the right', 'string', 1, { maxLength: 30 }),
        field('usage', '用途', 'Use', 'string', 1, { maxLength: 30 }),
        field('area', '面积（平方米）', 'Area (m²)', 'decimal', 1),
        field('landUseEnd', '土地使用期限至', 'Land use until', 'date', 1, { required: false }),
      ],
      'real-estate-certificate.v1',
    ),
    {
      paperCount: 4_300_000,
      deadline: { yearsAhead: 0, monthDay: '1231' },
      scenarios: [
        { venue: '银行抵押贷款审批', description: '审批住房抵押贷款时核验产权及抵押状态。' },
        { matterCode: '000120005000', description: '办理不动产抵押登记时核验权属。' },
        { matterCode: '000107001000', description: '义务教育入学登记时核验住房情况。' },
      ],
    },
  ),
  degreeCertificate: demoType(
    'degreeCertificate',
    'university',
    typeDocument(
      M.education,
      '001',
      { zh: '学位证书', en: 'Degree certificate' },
      { name: '学位授予', code: '000112012000' },
      'person',
      { kind: 'long-term' },
      [
        holderName(),
        gender(),
        field('birthDate', '出生日期', 'Date of birth', 'date', 2),
        idNumber('身份证号'),
        field('degree', '学位', 'Degree', 'enum', 1, {
          enum: [
            { value: 'bachelor', label: { zh: '学士学位', en: "Bachelor's degree" } },
            { value: 'master', label: { zh: '硕士学位', en: "Master's degree" } },
            { value: 'doctor', label: { zh: '博士学位', en: 'Doctoral degree' } },
          ],
        }),
        field('discipline', '学科门类', 'Discipline', 'string', 1, { maxLength: 20 }),
        field('major', '专业', 'Major', 'string', 1, { maxLength: 50 }),
        field('conferredDate', '授予日期', 'Conferred on', 'date', 1),
        field('institution', '学位授予单位', 'Conferred by', 'string', 1, { maxLength: 50 }),
      ],
      'degree-certificate.v1',
    ),
    {
      paperCount: 180_000,
      deadline: { yearsAhead: 1, monthDay: '0630' },
      scenarios: [
        { venue: '招聘入职学历学位核验', description: '用人单位入职审核时在线核验学位。' },
        { matterCode: '000110001000', description: '人才引进落户时核验学位。' },
      ],
    },
  ),
  teacherQualification: demoType(
    'teacherQualification',
    'education',
    typeDocument(
      M.education,
      '002',
      { zh: '教师资格证书', en: 'Teacher qualification certificate' },
      { name: '教师资格认定', code: '000112006000' },
      'person',
      { kind: 'long-term' },
      [
        holderName(),
        gender(),
        field('birthDate', '出生日期', 'Date of birth', 'date', 2),
        idNumber('身份证件号码'),
        field('qualification', '资格种类', 'Qualification', 'string', 1, { maxLength: 30 }),
        field('subject', '任教学科', 'Subject', 'string', 1, { maxLength: 20 }),
        field('certifyingOffice', '认定机构', 'Certified by', 'string', 1, { maxLength: 50 }),
      ],
      'teacher-qualification.v1',
    ),
    {
      paperCount: 420_000,
      deadline: { yearsAhead: 1, monthDay: '0630' },
      scenarios: [{ matterCode: '000112007000', description: '教师招聘资格审核时核验教师资格。' }],
    },
  ),
  vocationalQualification: demoType(
    'vocationalQualification',
    'humanResources',
    typeDocument(
      M.humanResources,
      '001',
      { zh: '职业资格证书', en: 'Vocational qualification certificate' },
      { name: '职业资格评价', code: '000110015000' },
      'person',
      { kind: 'long-term' },
      [
        holderName(),
        gender(),
        idNumber('身份证号'),
        field('occupation', '职业（工种）', 'Occupation', 'string', 1, { maxLength: 50 }),
        field('level', '等级', 'Level', 'enum', 1, {
          enum: [
            { value: '5', label: { zh: '五级/初级工', en: 'Level 5 (junior)' } },
            { value: '4', label: { zh: '四级/中级工', en: 'Level 4 (intermediate)' } },
            { value: '3', label: { zh: '三级/高级工', en: 'Level 3 (senior)' } },
            { value: '2', label: { zh: '二级/技师', en: 'Level 2 (technician)' } },
            { value: '1', label: { zh: '一级/高级技师', en: 'Level 1 (senior technician)' } },
          ],
        }),
        field('appraisalAgency', '评价机构', 'Appraised by', 'string', 1, { maxLength: 50 }),
      ],
      'vocational-qualification.v1',
    ),
    {
      paperCount: 1_200_000,
      deadline: { yearsAhead: 0, monthDay: '1231' },
      scenarios: [{ matterCode: '000110021000', description: '申领职业技能提升补贴时核验证书。' }],
    },
  ),
  socialSecurityCard: demoType(
    'socialSecurityCard',
    'humanResources',
    typeDocument(
      M.humanResources,
      '002',
      { zh: '社会保障卡', en: 'Social security card' },
      { name: '社会保障卡申领', code: '000110030000' },
      'person',
      { kind: 'period', years: 10 },
      [
        holderName(),
        gender(),
        idNumber('社会保障号码'),
        field('cardNumber', '卡号', 'Card number', 'string', 3, { maxLength: 20 }),
        field('issuingArea', '发卡地', 'Issued in', 'string', 1, { format: 'area-code' }),
        field('bank', '服务银行', 'Service bank', 'string', 1, { maxLength: 30 }),
        photo(),
      ],
      'social-security-card.v1',
    ),
    {
      paperCount: 23_000_000,
      deadline: { yearsAhead: 0, monthDay: '1231' },
      scenarios: [
        { venue: '人社服务大厅', description: '办理社保业务时以电子社保卡替代实体卡。' },
        { venue: '公共图书馆借阅', description: '以电子社保卡作为借阅凭证（一卡通）。' },
      ],
    },
  ),
  birthCertificate: demoType(
    'birthCertificate',
    'health',
    typeDocument(
      M.health,
      '001',
      { zh: '出生医学证明', en: 'Medical certificate of birth' },
      { name: '出生医学证明签发', code: '000109010000' },
      'person',
      { kind: 'long-term' },
      [
        field('babyName', '新生儿姓名', 'Name of the newborn', 'string', 2, { format: 'person-name', maxLength: 50 }),
        gender(),
        field('birthDate', '出生日期', 'Date of birth', 'date', 2),
        field('gestationalWeeks', '出生孕周', 'Gestation (weeks)', 'integer', 4),
        field('birthWeightGrams', '出生体重（克）', 'Birth weight (g)', 'integer', 4),
        field('birthPlace', '出生地点', 'Place of birth', 'string', 2, { format: 'address', maxLength: 100 }),
        field('institution', '接生机构', 'Delivered at', 'string', 1, { maxLength: 50 }),
        field('motherName', '母亲姓名', "Mother's name", 'string', 2, { format: 'person-name', maxLength: 50 }),
        field('motherIdNumber', '母亲身份证件号码', "Mother's citizen ID number", 'string', 3, {
          format: 'citizen-id',
        }),
        field('fatherName', '父亲姓名', "Father's name", 'string', 2, {
          format: 'person-name',
          maxLength: 50,
          required: false,
        }),
        field('fatherIdNumber', '父亲身份证件号码', "Father's citizen ID number", 'string', 3, {
          format: 'citizen-id',
          required: false,
        }),
      ],
      'birth-certificate.v1',
    ),
    {
      paperCount: 2_900_000,
      deadline: { yearsAhead: 0, monthDay: '1231' },
      scenarios: [
        { matterCode: '000104003000', description: '新生儿出生登记（落户）时核验出生医学证明。' },
        { matterCode: '000110031000', description: '新生儿参加城乡居民医保时核验出生信息。' },
      ],
    },
  ),
  medicalInsuranceVoucher: demoType(
    'medicalInsuranceVoucher',
    'healthcareSecurity',
    typeDocument(
      M.healthcareSecurity,
      '001',
      { zh: '医保电子凭证', en: 'Medical insurance e-voucher' },
      { name: '医保电子凭证激活', code: '000121001000' },
      'person',
      { kind: 'long-term' },
      [
        holderName(),
        idNumber('身份证号'),
        field('insuredArea', '参保地', 'Insured in', 'string', 1, { format: 'area-code' }),
        field('insuranceType', '险种类型', 'Insurance', 'enum', 2, {
          enum: [
            { value: 'employee', label: { zh: '职工基本医疗保险', en: 'Employee basic medical insurance' } },
            {
              value: 'resident',
              label: { zh: '城乡居民基本医疗保险', en: 'Urban and rural resident medical insurance' },
            },
          ],
        }),
      ],
      'medical-insurance-voucher.v1',
    ),
    {
      // Born electronic: there is no paper stock to convert.
      deadline: { yearsAhead: 0, monthDay: '0630' },
      scenarios: [
        { venue: '定点医药机构就医购药结算', description: '就诊、购药时扫码核验参保身份并结算。' },
        { matterCode: '000121005000', description: '异地就医备案时核验参保信息。' },
      ],
    },
  ),
};

/** The demo types in catalogue order. */
export function demoTypes(): DemoLicenceType[] {
  return DEMO_TYPE_KEYS.map((key) => DEMO_TYPES[key]);
}

/** The issuing department of a demo type. */
export function issuerOf(type: DemoLicenceType) {
  return DEMO_DEPARTMENTS[type.issuer];
}
