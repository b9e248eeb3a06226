/**
 * The demo's holders (持证主体): residents of 新疆 with citizen ID numbers (GB 11643, county
 * codes 65xxxx, real birth dates, sequence parity matching the sex, computed check
 * characters) and plausible names — Han, Uyghur and Kazakh, as the region's population is —
 * and companies with unified social credit codes (GB 32100, computed check characters).
 * Everything comes from a seeded generator and the anchor date, so a data directory gets
 * the same holders on every start.
 */
import { addDays, ageOn, citizenIdOf, type DemoRandom, demoRandom, usccOf } from './demo-codes.js';

/** A county-level area of 新疆 (GB/T 2260) with what licences print for it. */
export interface DemoArea {
  readonly code: string;
  /** 乌鲁木齐市天山区 */
  readonly name: string;
  /** The city part, for company names: 乌鲁木齐 */
  readonly city: string;
  /** The county-level unit as its offices are named: 乌鲁木齐市天山区, 昌吉市 */
  readonly local: string;
  /** The public security office that issues ID cards there. */
  readonly policeOffice: string;
}

// GB/T 2260 county-level codes of 新疆维吾尔自治区 (650000).
export const DEMO_AREAS: readonly DemoArea[] = [
  {
    code: '650102',
    name: '乌鲁木齐市天山区',
    city: '乌鲁木齐',
    local: '乌鲁木齐市天山区',
    policeOffice: '乌鲁木齐市公安局天山区分局',
  },
  {
    code: '650103',
    name: '乌鲁木齐市沙依巴克区',
    city: '乌鲁木齐',
    local: '乌鲁木齐市沙依巴克区',
    policeOffice: '乌鲁木齐市公安局沙依巴克区分局',
  },
  {
    code: '650104',
    name: '乌鲁木齐市新市区',
    city: '乌鲁木齐',
    local: '乌鲁木齐市新市区',
    policeOffice: '乌鲁木齐市公安局新市区分局',
  },
  {
    code: '650105',
    name: '乌鲁木齐市水磨沟区',
    city: '乌鲁木齐',
    local: '乌鲁木齐市水磨沟区',
    policeOffice: '乌鲁木齐市公安局水磨沟区分局',
  },
  {
    code: '650106',
    name: '乌鲁木齐市头屯河区',
    city: '乌鲁木齐',
    local: '乌鲁木齐市头屯河区',
    policeOffice: '乌鲁木齐市公安局头屯河区分局',
  },
  {
    code: '650109',
    name: '乌鲁木齐市米东区',
    city: '乌鲁木齐',
    local: '乌鲁木齐市米东区',
    policeOffice: '乌鲁木齐市公安局米东区分局',
  },
  {
    code: '650203',
    name: '克拉玛依市克拉玛依区',
    city: '克拉玛依',
    local: '克拉玛依市克拉玛依区',
    policeOffice: '克拉玛依市公安局克拉玛依区分局',
  },
  {
    code: '650402',
    name: '吐鲁番市高昌区',
    city: '吐鲁番',
    local: '吐鲁番市高昌区',
    policeOffice: '吐鲁番市公安局高昌区分局',
  },
  { code: '650502', name: '哈密市伊州区', city: '哈密', local: '哈密市伊州区', policeOffice: '哈密市公安局伊州区分局' },
  { code: '652301', name: '昌吉回族自治州昌吉市', city: '昌吉', local: '昌吉市', policeOffice: '昌吉市公安局' },
  { code: '652701', name: '博尔塔拉蒙古自治州博乐市', city: '博乐', local: '博乐市', policeOffice: '博乐市公安局' },
  {
    code: '652801',
    name: '巴音郭楞蒙古自治州库尔勒市',
    city: '库尔勒',
    local: '库尔勒市',
    policeOffice: '库尔勒市公安局',
  },
  { code: '652901', name: '阿克苏地区阿克苏市', city: '阿克苏', local: '阿克苏市', policeOffice: '阿克苏市公安局' },
  { code: '653101', name: '喀什地区喀什市', city: '喀什', local: '喀什市', policeOffice: '喀什市公安局' },
  { code: '653201', name: '和田地区和田市', city: '和田', local: '和田市', policeOffice: '和田市公安局' },
  { code: '654002', name: '伊犁哈萨克自治州伊宁市', city: '伊宁', local: '伊宁市', policeOffice: '伊宁市公安局' },
  { code: '654201', name: '塔城地区塔城市', city: '塔城', local: '塔城市', policeOffice: '塔城市公安局' },
  { code: '654301', name: '阿勒泰地区阿勒泰市', city: '阿勒泰', local: '阿勒泰市', policeOffice: '阿勒泰市公安局' },
  { code: '659001', name: '石河子市', city: '石河子', local: '石河子市', policeOffice: '石河子市公安局' },
];

const STREETS = [
  '解放北路',
  '人民路',
  '友好北路',
  '新华南路',
  '北京南路',
  '河北东路',
  '光明路',
  '建设路',
  '团结路',
  '文化路',
  '幸福路',
  '天山路',
  '迎宾路',
  '胜利路',
  '南湖东路',
  '长江路',
] as const;

// The most common Han surnames (公安部 户籍统计) and given-name characters.
const HAN_SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
  '郑',
  '梁',
  '谢',
  '宋',
  '唐',
  '许',
  '韩',
  '冯',
  '邓',
  '曹',
  '彭',
  '曾',
  '田',
  '董',
  '袁',
  '潘',
] as const;
const HAN_GIVEN_MALE = [
  '伟',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '杰',
  '涛',
  '斌',
  '超',
  '明',
  '刚',
  '平',
  '辉',
  '鹏',
  '华',
  '飞',
  '鑫',
  '波',
  '宇',
  '浩',
  '凯',
  '健',
  '俊',
  '建国',
  '志强',
  '海涛',
  '子轩',
  '浩然',
  '博文',
  '新疆',
  '天山',
] as const;
const HAN_GIVEN_FEMALE = [
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '艳',
  '娟',
  '霞',
  '秀英',
  '玲',
  '桂英',
  '丹',
  '萍',
  '婷',
  '雪',
  '慧',
  '颖',
  '琳',
  '倩',
  '欣',
  '雅',
  '梅',
  '晓燕',
  '玉兰',
  '雨桐',
  '欣怡',
  '思琪',
  '佳怡',
] as const;
// Uyghur and Kazakh names are written given name · father's name in Chinese characters.
const UYGHUR_MALE = [
  '艾力',
  '买买提',
  '艾合买提',
  '帕尔哈提',
  '吐尔洪',
  '伊力哈木',
  '艾尔肯',
  '亚森',
  '阿迪力',
  '塔依尔',
  '麦麦提敏',
  '阿不都热依木',
] as const;
const UYGHUR_FEMALE = [
  '阿依古丽',
  '古丽娜尔',
  '热依拉',
  '迪丽拜尔',
  '米热古丽',
  '努尔古丽',
  '帕提古丽',
  '再努尔',
  '阿娜尔古丽',
  '祖丽菲亚',
] as const;
const UYGHUR_FATHER = [
  '买买提',
  '吐尔逊',
  '艾山',
  '阿不力孜',
  '热合曼',
  '玉素甫',
  '司马义',
  '依明',
  '阿布都拉',
  '卡德尔',
  '托合提',
  '沙吾提',
] as const;
const KAZAKH_MALE = ['努尔兰', '叶尔兰', '别克', '哈那提', '加肯', '叶尔波拉提'] as const;
const KAZAKH_FEMALE = ['阿依达娜', '古丽巴哈尔', '阿依江', '玛依拉', '加娜尔'] as const;
const KAZAKH_FATHER = ['吐尔逊别克', '哈力木', '努尔别克', '加尔肯', '叶尔江', '阿合买提'] as const;

/** A natural person holder. */
export interface DemoPerson {
  readonly index: number;
  readonly name: string;
  /** GB/T 2261.1: '1' male, '2' female. */
  readonly sex: '1' | '2';
  readonly ethnicity: string;
  /** `yyyyMMdd`. */
  readonly birthDate: string;
  readonly area: DemoArea;
  readonly idNumber: string;
  readonly address: string;
}

/** A company holder (营业执照, 食品经营许可证, 不动产权证书). */
export interface DemoCompany {
  readonly index: number;
  readonly name: string;
  readonly creditCode: string;
  readonly area: DemoArea;
  readonly entityType: string;
  readonly legalRepresentative: DemoPerson;
  /** 万元, as a decimal string. */
  readonly registeredCapital: string;
  readonly establishedDate: string;
  readonly domicile: string;
  readonly businessScope: string;
  /** Restaurants and food makers: they also hold a food business permit. */
  readonly food: boolean;
}

function personName(random: DemoRandom, sex: '1' | '2'): { name: string; ethnicity: string } {
  const roll = random.next();
  if (roll < 0.2) {
    return {
      name: `${random.pick(sex === '1' ? UYGHUR_MALE : UYGHUR_FEMALE)}·${random.pick(UYGHUR_FATHER)}`,
      ethnicity: '维吾尔',
    };
  }
  if (roll < 0.25) {
    return {
      name: `${random.pick(sex === '1' ? KAZAKH_MALE : KAZAKH_FEMALE)}·${random.pick(KAZAKH_FATHER)}`,
      ethnicity: '哈萨克',
    };
  }
  const name = `${random.pick(HAN_SURNAMES)}${random.pick(sex === '1' ? HAN_GIVEN_MALE : HAN_GIVEN_FEMALE)}`;
  // 回族 residents mostly carry Han-style names.
  return { name, ethnicity: roll < 0.3 ? '回' : '汉' };
}

/** An address in an area: 新疆维吾尔自治区 + area + street + number. */
export function addressIn(random: DemoRandom, area: DemoArea): string {
  return `新疆维吾尔自治区${area.name}${random.pick(STREETS)}${random.int(1, 899)}号`;
}

/** How many demo persons there are, and how many of them are newborns (出生医学证明). */
export const DEMO_PERSON_COUNT = 260;
export const DEMO_NEWBORN_COUNT = 8;
export const DEMO_COMPANY_COUNT = 30;

/**
 * The demo's residents: {@link DEMO_NEWBORN_COUNT} newborns (born 10–300 days before the
 * anchor), then adults of 18–80 and a few teenagers, each with a unique citizen ID number.
 *
 * @example demoPersons('20260301')[0]?.idNumber // a valid 65xxxx… number, the same every run
 */
export function demoPersons(anchor: string): DemoPerson[] {
  const random = demoRandom(0x650000);
  const used = new Set<string>();
  const persons: DemoPerson[] = [];
  for (let index = 0; index < DEMO_PERSON_COUNT; index++) {
    const sex: '1' | '2' = random.chance(0.5) ? '1' : '2';
    const { name, ethnicity } = personName(random, sex);
    let birthDate: string;
    if (index < DEMO_NEWBORN_COUNT) birthDate = addDays(anchor, -random.int(10, 300));
    else if (index < DEMO_NEWBORN_COUNT + 12) birthDate = addDays(anchor, -random.int(16 * 365 + 5, 17 * 365));
    else birthDate = addDays(anchor, -random.int(18 * 365 + 5, 80 * 365));
    const area = random.pick(DEMO_AREAS);
    let idNumber = '';
    // GB 11643: the sequence's last digit is odd for men, even for women.
    for (;;) {
      const sequence = random.int(1, 499) * 2 - (sex === '1' ? 1 : 0);
      idNumber = citizenIdOf(area.code, birthDate, sequence);
      if (!used.has(idNumber)) break;
    }
    used.add(idNumber);
    persons.push({ index, name, sex, ethnicity, birthDate, area, idNumber, address: addressIn(random, area) });
  }
  return persons;
}

const COMPANY_BRANDS = [
  '天山',
  '丝路',
  '雪莲',
  '昆仑',
  '博格达',
  '西域',
  '金沙',
  '绿洲',
  '胡杨',
  '红山',
  '天池',
  '葡萄沟',
  '戈壁',
  '瑞丰',
  '鑫盛',
  '宏达',
  '大漠',
  '雪峰',
] as const;
const INDUSTRIES: ReadonlyArray<{ name: string; scope: string; food: boolean }> = [
  { name: '餐饮管理', scope: '餐饮服务；食品销售；餐饮管理。', food: true },
  { name: '食品', scope: '食品生产；食品销售；农副产品加工。', food: true },
  { name: '果业', scope: '干鲜果品收购、加工、销售；食品销售。', food: true },
  { name: '商贸', scope: '日用百货、五金交电、建材销售；进出口业务。', food: false },
  { name: '农业科技', scope: '农业技术开发、推广服务；棉花种植、收购。', food: false },
  { name: '物流', scope: '道路普通货物运输；仓储服务；国际货运代理。', food: false },
  { name: '建筑工程', scope: '房屋建筑工程施工；市政公用工程施工。', food: false },
  { name: '信息技术', scope: '软件开发；信息系统集成服务；数据处理服务。', food: false },
  { name: '旅游开发', scope: '旅游景区开发与管理；旅行社服务。', food: false },
  { name: '文化传媒', scope: '广告设计、制作、发布；文化艺术交流活动策划。', food: false },
];
// GB 11714 bodies of newer codes start with MA; the rest from GB 32100's alphabet.
const BODY_CHARACTERS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * The demo's companies, each with a unique unified social credit code ('9' 工商, '1' 企业,
 * its county code, an MA… organisation code) and a legal representative among the adults.
 *
 * @example demoCompanies(demoPersons(anchor), anchor)[0]?.creditCode // valid under GB 32100
 */
export function demoCompanies(persons: readonly DemoPerson[], anchor: string): DemoCompany[] {
  const random = demoRandom(0x91650000);
  const adults = persons.filter((p) => ageOn(p.birthDate, anchor) >= 25);
  const used = new Set<string>();
  const companies: DemoCompany[] = [];
  for (let index = 0; index < DEMO_COMPANY_COUNT; index++) {
    const area = random.pick(DEMO_AREAS);
    // Every third company is in food, so that enough hold a food business permit.
    const industry = index % 3 === 0 ? random.pick(INDUSTRIES.slice(0, 2)) : random.pick(INDUSTRIES);
    let name = '';
    for (;;) {
      name = `${area.city}${random.pick(COMPANY_BRANDS)}${industry.name}有限公司`;
      if (!companies.some((c) => c.name === name)) break;
    }
    let creditCode = '';
    for (;;) {
      let body = 'MA';
      for (let i = 0; i < 6; i++) body += BODY_CHARACTERS.charAt(random.int(0, BODY_CHARACTERS.length - 1));
      creditCode = usccOf(`91${area.code}`, body);
      if (!used.has(creditCode)) break;
    }
    used.add(creditCode);
    const established = addDays(anchor, -random.int(400, 20 * 365));
    companies.push({
      index,
      name,
      creditCode,
      area,
      entityType: random.chance(0.7) ? '有限责任公司(自然人投资或控股)' : '有限责任公司(自然人独资)',
      legalRepresentative: random.pick(adults),
      registeredCapital: String(random.pick([50, 100, 200, 300, 500, 1000, 2000, 5000])),
      establishedDate: established,
      domicile: addressIn(random, area),
      businessScope: industry.scope,
      food: industry.food,
    });
  }
  return companies;
}
