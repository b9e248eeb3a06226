/**
 * The demo's service matters (政务服务事项) for region 650000: the everyday matters people and
 * companies in 新疆 apply for, with the materials each needs and its form mapped onto the demo
 * catalogue (`demo-catalogue.ts`), and the scenario-list entries that make a type obtainable
 * electronically for a matter (docs/design/matters.md §Figures).
 *
 * A realistic mix, not a showcase: some matters are fully no-submit and no-fill; many still
 * need a material no licence replaces (a photo, a signed declaration, a contract, a medical
 * certificate) or a type not yet agreed for the matter on the scenario list, and many forms
 * still ask the holder something only they know (a phone number, what to change). Matter
 * codes are illustrative, not the national list's (as in the catalogue).
 */
import { DEMO_TYPES, type DemoTypeKey } from './demo-catalogue.js';
import { usccOf } from './demo-codes.js';
import { DEMO_DEPARTMENTS, type DemoDepartmentKey } from './demo-organisations.js';

type Label = { readonly zh: string; readonly en: string };
const label = (zh: string, en: string): Label => ({ zh, en });

/** The region's housing provident fund centre: handles a matter, issues no licence here. */
export const DEMO_HOUSING_FUND_CENTRE = {
  code: usccOf('12650000', '01013300'),
  name: label('新疆维吾尔自治区住房公积金管理中心', 'Xinjiang Housing Provident Fund Management Centre'),
  level: 'provincial' as const,
  areaCode: '650000',
};

type Json = Record<string, unknown>;

const licence = (key: string, zh: string, en: string, ...types: DemoTypeKey[]): Json => ({
  key,
  name: label(zh, en),
  kind: 'licence',
  anyOf: types.map((t) => DEMO_TYPES[t].code),
});
const other = (key: string, zh: string, en: string): Json => ({ key, name: label(zh, en), kind: 'other' });
/**
 * A material the department accepts the holder's commitment for instead (证明事项告知承诺制,
 * 国办发〔2020〕42号): e.g. the degree and Putonghua certificates of teacher qualification.
 */
const orCommitment = (material: Json): Json => ({ ...material, commitment: true });

type FieldType = 'string' | 'date' | 'integer' | 'decimal' | 'boolean';
/** A field filled from `type.path` (`face.x` / `metadata.x`), tried in order. */
const from = (
  key: string,
  zh: string,
  en: string,
  type: FieldType,
  sources: ReadonlyArray<readonly [DemoTypeKey, string]>,
  required = true,
): Json => ({
  key,
  label: label(zh, en),
  type,
  required,
  source: { kind: 'licence', from: sources.map(([t, path]) => ({ typeCode: DEMO_TYPES[t].code, path })) },
});
const holder = (key: string, zh: string, en: string, attribute: 'name' | 'code' | 'codeType'): Json => ({
  key,
  label: label(zh, en),
  type: 'string',
  required: true,
  source: { kind: 'holder', attribute },
});
const input = (
  key: string,
  zh: string,
  en: string,
  type: FieldType = 'string',
  required = true,
  maxLength?: number,
): Json => ({
  key,
  label: label(zh, en),
  type,
  required,
  ...(maxLength === undefined ? {} : { maxLength }),
  source: { kind: 'input' },
});

const applicant = () => holder('applicantName', '申请人姓名', 'Applicant', 'name');
const applicantId = () => holder('applicantIdNumber', '申请人公民身份号码', "Applicant's citizen ID number", 'code');
const phone = (required = true) => input('phone', '联系电话', 'Phone', 'string', required, 20);

export interface DemoMatter {
  readonly department: DemoDepartmentKey | 'housingFund';
  /** The matter as an administrator sends it (`POST /api/v1/matters`), without `departmentCode`. */
  readonly document: Json;
  /** Scenario-list entries the seed adds for this matter: the types agreed for it. */
  readonly scenarios: ReadonlyArray<{ readonly type: DemoTypeKey; readonly description: string }>;
}

function matter(
  code: string,
  department: DemoMatter['department'],
  name: Label,
  holderCategory: 'person' | 'organisation',
  materials: Json[],
  fields: Json[],
  scenarios: DemoMatter['scenarios'],
  output?: Json,
): DemoMatter {
  return {
    department,
    document: { code, name, holderCategory, materials, fields, ...(output === undefined ? {} : { output }) },
    scenarios,
  };
}

const idCardMaterial = () => licence('idCard', '居民身份证', 'Resident identity card', 'idCard');
const householdMaterial = () => licence('household', '居民户口簿', 'Household register', 'householdRegister');

/** The demo matters, in code order. */
export const DEMO_MATTERS: readonly DemoMatter[] = [
  matter(
    '000104001000',
    'publicSecurity',
    label('居民身份证换领', 'Renewal of a resident identity card'),
    'person',
    [idCardMaterial(), householdMaterial(), other('photo', '现场采集的数字相片', 'Photo taken on site')],
    [
      applicant(),
      applicantId(),
      from('ethnicity', '民族', 'Ethnicity', 'string', [['idCard', 'face.ethnicity']]),
      from('birthDate', '出生日期', 'Date of birth', 'date', [['idCard', 'face.birthDate']]),
      from('address', '住址', 'Address', 'string', [
        ['householdRegister', 'face.address'],
        ['idCard', 'face.address'],
      ]),
    ],
    [
      { type: 'idCard', description: '换领身份证时在线核验原证信息。' },
      { type: 'householdRegister', description: '换领身份证时核验户籍登记信息。' },
    ],
  ),
  matter(
    '000104002000',
    'publicSecurity',
    label('户口迁移（迁入）', 'Household registration transfer (moving in)'),
    'person',
    [
      idCardMaterial(),
      householdMaterial(),
      licence('housing', '合法稳定住所证明', 'Proof of lawful residence', 'realEstateCertificate'),
      other('permit', '准予迁入证明', 'Permit to move in'),
    ],
    [
      applicant(),
      applicantId(),
      from('householdNumber', '原户号', 'Current household number', 'string', [
        ['householdRegister', 'face.householdNumber'],
      ]),
      from('newAddress', '迁入地址', 'New address', 'string', [['realEstateCertificate', 'face.location']]),
      input('reason', '迁移原因', 'Reason for the move', 'string', true, 100),
    ],
    [{ type: 'realEstateCertificate', description: '户口迁入时核验迁入地住房产权。' }],
  ),
  matter(
    '000104003000',
    'publicSecurity',
    label('出生登记（新生儿落户）', 'Birth registration (newborn household registration)'),
    'person',
    [
      licence('birth', '出生医学证明', 'Medical certificate of birth', 'birthCertificate'),
      householdMaterial(),
      licence('marriage', '父母结婚证', "Parents' marriage certificate", 'marriageCertificate'),
    ],
    [
      from('babyName', '新生儿姓名', 'Name of the newborn', 'string', [['birthCertificate', 'face.babyName']]),
      from('gender', '性别', 'Sex', 'string', [['birthCertificate', 'face.gender']]),
      from('birthDate', '出生日期', 'Date of birth', 'date', [['birthCertificate', 'face.birthDate']]),
      from('birthPlace', '出生地点', 'Place of birth', 'string', [['birthCertificate', 'face.birthPlace']]),
      from('motherName', '母亲姓名', "Mother's name", 'string', [['birthCertificate', 'face.motherName']]),
      from('fatherName', '父亲姓名', "Father's name", 'string', [['birthCertificate', 'face.fatherName']], false),
      from('householdNumber', '落户户号', 'Household number', 'string', [
        ['householdRegister', 'face.householdNumber'],
      ]),
      applicant(),
    ],
    [{ type: 'householdRegister', description: '新生儿落户时核验父母户籍。' }],
  ),
  matter(
    '000104004000',
    'publicSecurity',
    label('夫妻投靠落户', 'Household registration with a spouse'),
    'person',
    [
      licence('marriage', '结婚证', 'Marriage certificate', 'marriageCertificate'),
      idCardMaterial(),
      householdMaterial(),
      licence('housing', '住房证明', 'Proof of housing', 'realEstateCertificate'),
      other('form', '《户口迁移申请表》（签字）', 'Signed application form'),
    ],
    [
      applicant(),
      applicantId(),
      from('spouseName', '被投靠人姓名', 'Spouse', 'string', [['marriageCertificate', 'face.spouseName']]),
      from('spouseIdNumber', '被投靠人公民身份号码', "Spouse's citizen ID number", 'string', [
        ['marriageCertificate', 'face.spouseIdNumber'],
      ]),
      from('marriageDate', '结婚登记日期', 'Married on', 'date', [['marriageCertificate', 'face.registrationDate']]),
      from('address', '落户地址', 'Address', 'string', [['realEstateCertificate', 'face.location']]),
    ],
    [
      { type: 'idCard', description: '夫妻投靠落户时核验申请人身份。' },
      { type: 'householdRegister', description: '夫妻投靠落户时核验被投靠人户籍。' },
    ],
  ),
  matter(
    '000104105000',
    'publicSecurity',
    label('机动车驾驶证期满换证', 'Renewal of a driving licence at the end of its term'),
    'person',
    [
      licence('driving', '机动车驾驶证', 'Driving licence', 'drivingLicence'),
      idCardMaterial(),
      other('health', '《机动车驾驶人身体条件证明》', "Driver's medical certificate"),
    ],
    [
      applicant(),
      from('idNumber', '证号', 'Licence number (citizen ID)', 'string', [['drivingLicence', 'face.idNumber']]),
      from('vehicleClass', '准驾车型', 'Vehicle class', 'string', [['drivingLicence', 'face.vehicleClass']]),
      from('fileNumber', '档案编号', 'File number', 'string', [['drivingLicence', 'face.fileNumber']]),
      phone(),
    ],
    [{ type: 'drivingLicence', description: '期满换证时在线核验原驾驶证。' }],
  ),
  matter(
    '000107001000',
    'education',
    label('义务教育阶段入学登记', 'Enrolment in compulsory education'),
    'person',
    [
      householdMaterial(),
      licence('housing', '住房证明（房产证）', 'Proof of housing', 'realEstateCertificate'),
      licence('birth', '出生医学证明', 'Medical certificate of birth', 'birthCertificate'),
    ],
    [
      from('childName', '儿童姓名', "Child's name", 'string', [['birthCertificate', 'face.babyName']]),
      from('birthDate', '出生日期', 'Date of birth', 'date', [['birthCertificate', 'face.birthDate']]),
      from('householdNumber', '户号', 'Household number', 'string', [['householdRegister', 'face.householdNumber']]),
      from('householdAddress', '户籍地址', 'Registered address', 'string', [['householdRegister', 'face.address']]),
      from('residence', '实际居住地址', 'Residence', 'string', [['realEstateCertificate', 'face.location']]),
      applicant(),
      phone(false),
    ],
    [{ type: 'birthCertificate', description: '入学登记时核验儿童出生信息与年龄。' }],
  ),
  matter(
    '000109005000',
    'health',
    label('生育登记', 'Birth planning registration'),
    'person',
    [idCardMaterial(), licence('marriage', '结婚证', 'Marriage certificate', 'marriageCertificate')],
    [
      applicant(),
      applicantId(),
      from('spouseName', '配偶姓名', 'Spouse', 'string', [['marriageCertificate', 'face.spouseName']]),
      from('spouseIdNumber', '配偶公民身份号码', "Spouse's citizen ID number", 'string', [
        ['marriageCertificate', 'face.spouseIdNumber'],
      ]),
      from('marriageDate', '结婚登记日期', 'Married on', 'date', [['marriageCertificate', 'face.registrationDate']]),
      from('address', '现居住地', 'Residence', 'string', [['idCard', 'face.address']]),
      phone(false),
    ],
    [{ type: 'idCard', description: '生育登记时在线核验夫妻双方身份。' }],
  ),
  matter(
    '000110001000',
    'humanResources',
    label('高校毕业生人才引进落户', 'Settlement of graduates as recruited talent'),
    'person',
    [
      licence('degree', '学位证书', 'Degree certificate', 'degreeCertificate'),
      idCardMaterial(),
      householdMaterial(),
      other('contract', '劳动合同', 'Employment contract'),
    ],
    [
      applicant(),
      applicantId(),
      from('degree', '学位', 'Degree', 'string', [['degreeCertificate', 'face.degree']]),
      from('major', '专业', 'Major', 'string', [['degreeCertificate', 'face.major']]),
      from('institution', '毕业院校', 'Institution', 'string', [['degreeCertificate', 'face.institution']]),
      input('employer', '用人单位', 'Employer', 'string', true, 100),
    ],
    [{ type: 'idCard', description: '人才引进落户时核验申请人身份。' }],
  ),
  matter(
    '000110021000',
    'humanResources',
    label('职业技能提升补贴申领', 'Vocational skills upgrading subsidy'),
    'person',
    [
      licence('qualification', '职业资格证书', 'Vocational qualification', 'vocationalQualification'),
      licence('card', '社会保障卡', 'Social security card', 'socialSecurityCard'),
    ],
    [
      applicant(),
      from('idNumber', '公民身份号码', 'Citizen ID number', 'string', [
        ['vocationalQualification', 'face.idNumber'],
        ['socialSecurityCard', 'face.idNumber'],
      ]),
      from('occupation', '职业（工种）', 'Occupation', 'string', [['vocationalQualification', 'face.occupation']]),
      from('level', '等级', 'Level', 'string', [['vocationalQualification', 'face.level']]),
      from('cardNumber', '社会保障卡卡号', 'Social security card number', 'string', [
        ['socialSecurityCard', 'face.cardNumber'],
      ]),
      from('bank', '发放银行', 'Paying bank', 'string', [['socialSecurityCard', 'face.bank']]),
    ],
    [{ type: 'socialSecurityCard', description: '补贴发放至社会保障卡金融账户，在线核验卡信息。' }],
  ),
  matter(
    '000110030000',
    'humanResources',
    label('社会保障卡申领', 'Application for a social security card'),
    'person',
    [idCardMaterial(), other('photo', '近期免冠彩色证件照', 'Recent colour photo')],
    [
      applicant(),
      applicantId(),
      from('gender', '性别', 'Sex', 'string', [['idCard', 'face.gender']]),
      input('bank', '服务银行', 'Service bank', 'string', true, 30),
      phone(),
    ],
    [{ type: 'idCard', description: '申领社会保障卡时在线核验身份。' }],
  ),
  matter(
    '000110031000',
    'healthcareSecurity',
    label('新生儿城乡居民医保参保登记', 'Resident medical insurance enrolment of a newborn'),
    'person',
    [licence('birth', '出生医学证明', 'Medical certificate of birth', 'birthCertificate'), householdMaterial()],
    [
      from('babyName', '新生儿姓名', 'Name of the newborn', 'string', [['birthCertificate', 'face.babyName']]),
      from('gender', '性别', 'Sex', 'string', [['birthCertificate', 'face.gender']]),
      from('birthDate', '出生日期', 'Date of birth', 'date', [['birthCertificate', 'face.birthDate']]),
      from('motherName', '母亲姓名', "Mother's name", 'string', [['birthCertificate', 'face.motherName']]),
      from('householdNumber', '户号', 'Household number', 'string', [['householdRegister', 'face.householdNumber']]),
      input('insuredArea', '参保地（行政区划代码）', 'Insured in (area code)', 'string', true, 6),
    ],
    [{ type: 'householdRegister', description: '新生儿参保时核验户籍所在地。' }],
  ),
  matter(
    '000111001000',
    'marketRegulation',
    label('企业开办（设立登记）', 'Starting a company (establishment registration)'),
    'organisation',
    [
      licence('representative', '法定代表人身份证', "Legal representative's identity card", 'idCard'),
      licence('premises', '住所使用证明', 'Proof of the right to use the premises', 'realEstateCertificate'),
      other('articles', '公司章程', 'Articles of association'),
      other('resolution', '股东会决议', "Shareholders' resolution"),
    ],
    [
      holder('representativeName', '法定代表人姓名', 'Legal representative', 'name'),
      from('representativeId', '法定代表人公民身份号码', "Legal representative's citizen ID number", 'string', [
        ['idCard', 'face.idNumber'],
      ]),
      from('domicile', '住所', 'Domicile', 'string', [['realEstateCertificate', 'face.location']]),
      input('entityName', '企业名称', 'Company name', 'string', true, 100),
      input('registeredCapital', '注册资本（万元）', 'Registered capital (10k yuan)', 'decimal'),
      input('businessScope', '经营范围', 'Business scope', 'string', true, 2000),
    ],
    [
      { type: 'idCard', description: '企业开办时在线核验法定代表人身份。' },
      { type: 'realEstateCertificate', description: '企业开办时核验住所产权，免交房产证复印件。' },
    ],
  ),
  matter(
    '000111002000',
    'marketRegulation',
    label('企业变更登记', 'Change of company registration'),
    'organisation',
    [
      licence('business', '营业执照', 'Business licence', 'businessLicence'),
      other('resolution', '变更决议或决定', 'Resolution on the change'),
    ],
    [
      from('entityName', '企业名称', 'Company name', 'string', [['businessLicence', 'face.entityName']]),
      holder('creditCode', '统一社会信用代码', 'Unified social credit code', 'code'),
      from('legalRepresentative', '法定代表人', 'Legal representative', 'string', [
        ['businessLicence', 'face.legalRepresentative'],
      ]),
      from('domicile', '住所', 'Domicile', 'string', [['businessLicence', 'face.domicile']]),
      input('change', '变更事项', 'What changes', 'string', true, 500),
    ],
    [],
  ),
  matter(
    '000111017000',
    'marketRegulation',
    label('食品经营许可（新办）', 'Food business permit (first application)'),
    'organisation',
    [
      licence('business', '营业执照', 'Business licence', 'businessLicence'),
      licence('premises', '经营场所使用证明', 'Proof of the premises', 'realEstateCertificate'),
      other('rules', '食品安全管理制度', 'Food safety management rules'),
      other('layout', '经营场所平面布局图', 'Layout plan of the premises'),
    ],
    [
      from('operatorName', '经营者名称', 'Operator', 'string', [['businessLicence', 'face.entityName']]),
      holder('creditCode', '统一社会信用代码', 'Unified social credit code', 'code'),
      from('legalRepresentative', '法定代表人', 'Legal representative', 'string', [
        ['businessLicence', 'face.legalRepresentative'],
      ]),
      from('premises', '经营场所', 'Premises', 'string', [['realEstateCertificate', 'face.location']]),
      input('mainBusiness', '主体业态', 'Main business', 'string', true, 30),
      input('businessItems', '经营项目', 'Items', 'string', true, 500),
    ],
    [{ type: 'businessLicence', description: '食品经营许可申请时在线核验营业执照。' }],
  ),
  matter(
    '000111018000',
    'marketRegulation',
    label('食品经营许可延续', 'Renewal of a food business permit'),
    'organisation',
    [
      licence('permit', '食品经营许可证', 'Food business permit', 'foodPermit'),
      licence('business', '营业执照', 'Business licence', 'businessLicence'),
    ],
    [
      from('operatorName', '经营者名称', 'Operator', 'string', [
        ['foodPermit', 'face.operatorName'],
        ['businessLicence', 'face.entityName'],
      ]),
      holder('creditCode', '统一社会信用代码', 'Unified social credit code', 'code'),
      from('legalRepresentative', '法定代表人（负责人）', 'Legal representative', 'string', [
        ['foodPermit', 'face.legalRepresentative'],
      ]),
      from('premises', '经营场所', 'Premises', 'string', [['foodPermit', 'face.premises']]),
      from('mainBusiness', '主体业态', 'Main business', 'string', [['foodPermit', 'face.mainBusiness']]),
      from('businessItems', '经营项目', 'Items', 'string', [['foodPermit', 'face.businessItems']]),
    ],
    [
      { type: 'foodPermit', description: '许可延续时在线核验原食品经营许可证。' },
      { type: 'businessLicence', description: '许可延续时在线核验营业执照。' },
    ],
    {
      typeCode: DEMO_TYPES.foodPermit.code,
      face: {
        operatorName: { field: 'operatorName' },
        creditCode: { field: 'creditCode' },
        legalRepresentative: { field: 'legalRepresentative' },
        premises: { field: 'premises' },
        mainBusiness: { field: 'mainBusiness' },
        businessItems: { field: 'businessItems' },
      },
    },
  ),
  matter(
    '000112006000',
    'education',
    label('教师资格认定', 'Teacher qualification certification'),
    'person',
    [
      idCardMaterial(),
      orCommitment(licence('degree', '学历学位证书', 'Degree certificate', 'degreeCertificate')),
      other('medical', '体检合格证明', 'Medical examination certificate'),
      orCommitment(other('mandarin', '普通话水平测试等级证书', 'Putonghua proficiency certificate')),
    ],
    [
      applicant(),
      applicantId(),
      from('gender', '性别', 'Sex', 'string', [['idCard', 'face.gender']]),
      from('birthDate', '出生日期', 'Date of birth', 'date', [['idCard', 'face.birthDate']]),
      from('degree', '学位', 'Degree', 'string', [['degreeCertificate', 'face.degree']]),
      input('qualification', '申请资格种类', 'Qualification applied for', 'string', true, 30),
      input('subject', '任教学科', 'Subject', 'string', true, 20),
    ],
    [
      { type: 'idCard', description: '教师资格认定时在线核验身份。' },
      { type: 'degreeCertificate', description: '教师资格认定时在线核验学位。' },
    ],
  ),
  matter(
    '000112007000',
    'education',
    label('中小学教师公开招聘资格审核', 'Eligibility review for teacher recruitment'),
    'person',
    [
      licence('teacher', '教师资格证书', 'Teacher qualification', 'teacherQualification'),
      licence('degree', '学位证书', 'Degree certificate', 'degreeCertificate'),
      idCardMaterial(),
    ],
    [
      applicant(),
      applicantId(),
      from('qualification', '教师资格种类', 'Qualification', 'string', [
        ['teacherQualification', 'face.qualification'],
      ]),
      from('subject', '任教学科', 'Subject', 'string', [['teacherQualification', 'face.subject']]),
      from('degree', '学位', 'Degree', 'string', [['degreeCertificate', 'face.degree']]),
      from('major', '专业', 'Major', 'string', [['degreeCertificate', 'face.major']]),
      phone(false),
    ],
    [
      { type: 'degreeCertificate', description: '教师招聘资格审核时在线核验学位。' },
      { type: 'idCard', description: '教师招聘资格审核时在线核验身份。' },
    ],
  ),
  matter(
    '000113001000',
    'civilAffairs',
    label('内地居民结婚登记', 'Marriage registration of mainland residents'),
    'person',
    [
      idCardMaterial(),
      householdMaterial(),
      other('photo', '双方近期半身免冠合影照片', 'Recent joint photo'),
      other('declaration', '《申请结婚登记声明书》（当场签字）', 'Declaration signed on site'),
    ],
    [
      applicant(),
      applicantId(),
      from('ethnicity', '民族', 'Ethnicity', 'string', [['idCard', 'face.ethnicity']]),
      from('householdAddress', '户籍所在地', 'Registered address', 'string', [['householdRegister', 'face.address']]),
      input('spouseName', '对方姓名', "Partner's name", 'string', true, 50),
      input('spouseIdNumber', '对方公民身份号码', "Partner's citizen ID number", 'string', true, 18),
    ],
    [
      { type: 'idCard', description: '结婚登记时在线核验当事人身份。' },
      { type: 'householdRegister', description: '结婚登记时在线核验户籍，免交户口簿。' },
    ],
  ),
  matter(
    '000113002000',
    'civilAffairs',
    label('内地居民离婚登记', 'Divorce registration of mainland residents'),
    'person',
    [
      idCardMaterial(),
      licence('marriage', '结婚证', 'Marriage certificate', 'marriageCertificate'),
      other('agreement', '离婚协议书', 'Divorce agreement'),
      other('photo', '本人近期半身免冠照片', 'Recent photo'),
    ],
    [
      applicant(),
      applicantId(),
      from('spouseName', '对方姓名', "Spouse's name", 'string', [['marriageCertificate', 'face.spouseName']]),
      from('marriageDate', '结婚登记日期', 'Married on', 'date', [['marriageCertificate', 'face.registrationDate']]),
    ],
    [],
  ),
  matter(
    '000120001000',
    'naturalResources',
    label('不动产转移登记（二手房买卖）', 'Real estate transfer registration (resale)'),
    'person',
    [
      idCardMaterial(),
      licence('title', '不动产权证书', 'Real estate title certificate', 'realEstateCertificate'),
      licence('marriage', '婚姻状况证明', 'Proof of marital status', 'marriageCertificate'),
      other('contract', '不动产买卖合同', 'Sale contract'),
      other('tax', '契税完税凭证', 'Deed tax receipt'),
    ],
    [
      applicant(),
      applicantId(),
      from('location', '坐落', 'Location', 'string', [['realEstateCertificate', 'face.location']]),
      from('unitNumber', '不动产单元号', 'Real estate unit number', 'string', [
        ['realEstateCertificate', 'face.unitNumber'],
      ]),
      from('area', '面积（平方米）', 'Area (m²)', 'decimal', [['realEstateCertificate', 'face.area']]),
      input('price', '成交价格（万元）', 'Price (10k yuan)', 'decimal'),
    ],
    [
      { type: 'realEstateCertificate', description: '转移登记时在线核验原不动产权证书。' },
      { type: 'idCard', description: '转移登记时在线核验买卖双方身份。' },
    ],
  ),
  matter(
    '000120005000',
    'naturalResources',
    label('不动产抵押登记', 'Real estate mortgage registration'),
    'person',
    [
      licence('title', '不动产权证书', 'Real estate title certificate', 'realEstateCertificate'),
      idCardMaterial(),
      other('contract', '抵押合同', 'Mortgage contract'),
      other('loan', '主债权合同', 'Principal loan contract'),
    ],
    [
      from('obligee', '抵押人', 'Mortgagor', 'string', [['realEstateCertificate', 'face.obligee']]),
      from('location', '坐落', 'Location', 'string', [['realEstateCertificate', 'face.location']]),
      from('unitNumber', '不动产单元号', 'Real estate unit number', 'string', [
        ['realEstateCertificate', 'face.unitNumber'],
      ]),
      input('amount', '被担保主债权数额（万元）', 'Secured amount (10k yuan)', 'decimal'),
      input('term', '债务履行期限至', 'Debt term until', 'date'),
    ],
    [{ type: 'idCard', description: '抵押登记时在线核验抵押人身份。' }],
  ),
  matter(
    '000121001000',
    'healthcareSecurity',
    label('医保电子凭证激活', 'Activation of the medical insurance e-voucher'),
    'person',
    [idCardMaterial()],
    [
      applicant(),
      from('idNumber', '公民身份号码', 'Citizen ID number', 'string', [['idCard', 'face.idNumber']]),
      input(
        'insuranceType',
        '险种类型（employee 职工 / resident 城乡居民）',
        'Insurance (employee / resident)',
        'string',
        true,
        10,
      ),
    ],
    [{ type: 'idCard', description: '激活医保电子凭证时在线核验身份（自助终端可办）。' }],
    {
      typeCode: DEMO_TYPES.medicalInsuranceVoucher.code,
      face: {
        holderName: { field: 'applicantName' },
        idNumber: { field: 'idNumber' },
        insuredArea: { value: '650000' },
        insuranceType: { field: 'insuranceType' },
      },
    },
  ),
  matter(
    '000121005000',
    'healthcareSecurity',
    label('异地就医备案', 'Registration for medical treatment in another region'),
    'person',
    [licence('voucher', '医保电子凭证', 'Medical insurance e-voucher', 'medicalInsuranceVoucher'), idCardMaterial()],
    [
      applicant(),
      from('idNumber', '公民身份号码', 'Citizen ID number', 'string', [
        ['medicalInsuranceVoucher', 'face.idNumber'],
        ['idCard', 'face.idNumber'],
      ]),
      from('insuredArea', '参保地', 'Insured in', 'string', [['medicalInsuranceVoucher', 'face.insuredArea']]),
      input('destination', '就医地（行政区划代码）', 'Treated in (area code)', 'string', true, 6),
      input('kind', '备案类型', 'Kind of registration', 'string', true, 30),
    ],
    [{ type: 'idCard', description: '异地就医备案时在线核验身份。' }],
  ),
  matter(
    '000125002000',
    'housingFund',
    label('住房公积金异地转移接续', 'Transfer of housing provident fund between regions'),
    'person',
    [
      idCardMaterial(),
      orCommitment(
        other('statement', '原缴存地《个人住房公积金缴存证明》', 'Statement of contributions from the former region'),
      ),
    ],
    [
      applicant(),
      applicantId(),
      input('formerCentre', '转出地公积金中心', 'Former fund centre', 'string', true, 50),
      input('account', '转出地个人账号', 'Former account number', 'string', true, 30),
      phone(),
    ],
    [{ type: 'idCard', description: '公积金转移接续时在线核验身份。' }],
  ),
];

/** The USCC of a demo matter's department. */
export function departmentCodeOf(matter: DemoMatter): string {
  return matter.department === 'housingFund' ? DEMO_HOUSING_FUND_CENTRE.code : DEMO_DEPARTMENTS[matter.department].code;
}
