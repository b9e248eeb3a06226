/**
 * What the demo library holds: the issuance inputs (GB/T 36903 metadata element names and
 * the type's face fields, exactly what a department sends to `POST /api/v1/licences/batch`)
 * and the lifecycle events applied afterwards, so that the library shows licences in every
 * state a relying party meets: valid, suspended (暂扣), revoked (吊销), cancelled (注销),
 * abolished (废止), superseded by a change (变更, two versions), renewed (two versions),
 * extended (延续), transferred out (迁出), mortgaged (抵押, and one released), past its
 * expiring date, and one with an annual inspection (年检) on record.
 *
 * Deterministic: a function of the anchor date only (the seed's first day, kept in the
 * store), so a re-run sends the very same requests and issuance answers `existing`.
 */
import type { LicenceStatus } from '@hutong/core';
import type { IssueLicenceInput } from '../issuance/prepare-licence.js';
import { DEMO_TYPES, type DemoTypeKey } from './demo-catalogue.js';
import { addDays, addMonths, addYears, ageOn, type DemoRandom, demoRandom } from './demo-codes.js';
import {
  addressIn,
  DEMO_NEWBORN_COUNT,
  type DemoCompany,
  type DemoPerson,
  demoCompanies,
  demoPersons,
} from './demo-holders.js';
import { DEMO_DEPARTMENTS } from './demo-organisations.js';

/** One licence to issue, under its department's own record key (`sourceKey`). */
export interface DemoIssuance {
  readonly sourceKey: string;
  readonly type: DemoTypeKey;
  readonly input: IssueLicenceInput;
}

/** Who applies an event: the issuing department's API client, or the 公安厅 operator in the web UI. */
export type DemoEventActor = 'client' | 'operator';

/** One lifecycle event (`POST /api/v1/licences/{id}/events` body) on a licence named by its source key. */
export interface DemoEvent {
  readonly sourceKey: string;
  readonly type: DemoTypeKey;
  readonly by: DemoEventActor;
  /** Core's status event, plus `face` / `metadata` for a change. */
  readonly body: Readonly<Record<string, unknown>>;
}

export interface DemoLicencePlan {
  readonly issuances: readonly DemoIssuance[];
  readonly events: readonly DemoEvent[];
  /** The status each source key's first version ends with, after the node's expiry round (for tests). */
  readonly expectedStatus: Readonly<Record<string, LicenceStatus>>;
  /** Source keys of licences issued with an expiring date before the anchor. */
  readonly pastExpiry: readonly string[];
}

const PERSON = '111';
const ORGANISATION = '001';

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Keeps a date no later than `latest`. */
function notAfter(date: string, latest: string): string {
  return date > latest ? latest : date;
}

/** Keeps a date no earlier than `earliest`. */
function notBefore(date: string, earliest: string): string {
  return date < earliest ? earliest : date;
}

function issuance(
  type: DemoTypeKey,
  n: number,
  holder: { name: string; code: string; typeCode: string },
  dates: { issued: string; effective: string; expiring?: string | undefined },
  certificateNumber: string,
  face: Record<string, unknown>,
): DemoIssuance {
  const sourceKey = `demo-${type}-${pad(n, 3)}`;
  return {
    sourceKey,
    type,
    input: {
      certificateTypeCode: DEMO_TYPES[type].code,
      certificateIssuingAuthorityCode: DEMO_DEPARTMENTS[DEMO_TYPES[type].issuer].code,
      certificateNumber,
      certificateHolderName: holder.name,
      certificateHolderCode: holder.code,
      certificateHolderTypeCode: holder.typeCode,
      certificateIssuedDate: dates.issued,
      certificateEffectiveDate: dates.effective,
      ...(dates.expiring === undefined ? {} : { certificateExpiringDate: dates.expiring }),
      face,
      sourceKey,
    },
  };
}

const personHolder = (p: DemoPerson) => ({ name: p.name, code: p.idNumber, typeCode: PERSON });
const companyHolder = (c: DemoCompany) => ({ name: c.name, code: c.creditCode, typeCode: ORGANISATION });

/** A date `min`–`max` days before the anchor. */
function daysBefore(random: DemoRandom, anchor: string, min: number, max: number): string {
  return addDays(anchor, -random.int(min, max));
}

function idCards(random: DemoRandom, persons: readonly DemoPerson[], anchor: string): DemoIssuance[] {
  return persons.map((p, n) => {
    const age = ageOn(p.birthDate, anchor);
    // 居民身份证法 art. 5: 16–25 → 10 years, 26–45 → 20 years (46+ long-term: 20 here).
    const years = age <= 25 ? 10 : 20;
    const sixteenth = addYears(p.birthDate, 16);
    const effective = notBefore(daysBefore(random, anchor, 20, years * 365 - 60), notAfter(sixteenth, anchor));
    return issuance(
      'idCard',
      n,
      personHolder(p),
      { issued: effective, effective, expiring: addYears(effective, years) },
      p.idNumber,
      {
        holderName: p.name,
        gender: p.sex,
        ethnicity: p.ethnicity,
        birthDate: p.birthDate,
        address: p.address,
        idNumber: p.idNumber,
        issuingOffice: p.area.policeOffice,
      },
    );
  });
}

function householdRegisters(random: DemoRandom, heads: readonly DemoPerson[], anchor: string): DemoIssuance[] {
  return heads.map((p, n) => {
    const effective = notBefore(daysBefore(random, anchor, 30, 25 * 365), addYears(p.birthDate, 18));
    const householdNumber = `${p.area.code}${pad(100_000 + n * 37, 6)}`;
    return issuance('householdRegister', n, personHolder(p), { issued: effective, effective }, householdNumber, {
      householdNumber,
      householdType: random.chance(0.9) ? '1' : '2',
      headName: p.name,
      headIdNumber: p.idNumber,
      address: p.address,
      memberCount: random.int(1, 6),
      registrationOffice: `${p.area.policeOffice}户籍科`,
    });
  });
}

function drivingLicences(random: DemoRandom, drivers: readonly DemoPerson[], anchor: string): DemoIssuance[] {
  return drivers.map((p, n) => {
    const eighteenth = addYears(p.birthDate, 18);
    let effective: string;
    let years: number;
    let firstIssue: string;
    if (n === 1) {
      // Due for renewal in three weeks: the demo renews it (换证) as a second version.
      effective = addDays(addYears(anchor, -6), 21);
      years = 6;
      firstIssue = effective;
    } else {
      firstIssue = notBefore(daysBefore(random, anchor, 60, 20 * 365), eighteenth);
      // 申领和使用规定 art. 15: the first licence 6 years, the next 10.
      const renewedOnce = addYears(firstIssue, 6) <= anchor;
      years = renewedOnce ? 10 : 6;
      effective = renewedOnce
        ? notBefore(daysBefore(random, anchor, 30, 9 * 365), addYears(firstIssue, 6))
        : firstIssue;
    }
    const vehicleClass = random.pick(['C1', 'C1', 'C1', 'C2', 'C1', 'B2', 'A2', 'B1', 'A1'] as const);
    return issuance(
      'drivingLicence',
      n,
      personHolder(p),
      { issued: effective, effective, expiring: addYears(effective, years) },
      p.idNumber,
      {
        holderName: p.name,
        gender: p.sex,
        nationality: '中国',
        address: p.address,
        birthDate: p.birthDate,
        firstIssueDate: firstIssue,
        vehicleClass,
        idNumber: p.idNumber,
        fileNumber: `${p.area.code.slice(0, 4)}00${pad(random.int(0, 999_999), 6)}`,
      },
    );
  });
}

function marriageCertificates(
  random: DemoRandom,
  couples: ReadonlyArray<readonly [DemoPerson, DemoPerson]>,
  anchor: string,
): DemoIssuance[] {
  const out: DemoIssuance[] = [];
  couples.forEach(([husband, wife], c) => {
    // 民法典 art. 1047: men from 22, women from 20.
    const earliest = [addYears(husband.birthDate, 22), addYears(wife.birthDate, 20)].sort()[1] ?? anchor;
    const registered = notBefore(daysBefore(random, anchor, 30, 30 * 365), earliest);
    const number = `J${husband.area.code}-${registered.slice(0, 4)}-${pad(random.int(1, 9_999), 6)}`;
    const office = `${husband.area.local}民政局婚姻登记处`;
    // Each spouse holds a certificate of their own, with the same registration number.
    for (const [k, [holder, spouse]] of (
      [
        [husband, wife],
        [wife, husband],
      ] as const
    ).entries()) {
      out.push(
        issuance(
          'marriageCertificate',
          c * 2 + k,
          personHolder(holder),
          { issued: registered, effective: registered },
          number,
          {
            holderName: holder.name,
            holderIdNumber: holder.idNumber,
            spouseName: spouse.name,
            spouseIdNumber: spouse.idNumber,
            registrationDate: registered,
            registrationOffice: office,
          },
        ),
      );
    }
  });
  return out;
}

function realEstateCertificates(
  random: DemoRandom,
  owners: ReadonlyArray<DemoPerson | DemoCompany>,
  anchor: string,
): DemoIssuance[] {
  return owners.map((owner, n) => {
    const isCompany = 'creditCode' in owner;
    const area = owner.area;
    const registered = daysBefore(random, anchor, 60, 15 * 365);
    const year = registered.slice(0, 4);
    const city = area.local.replace(/市.*$/, '市');
    // 不动产单元号 (GB/T 37346): 6-digit county + 6-digit cadastral zone + GB + 5-digit parcel + F + 8-digit building unit.
    const unitNumber = `${area.code}${pad(random.int(1, 20), 3)}${pad(random.int(1, 30), 3)}GB${pad(random.int(1, 99_999), 5)}F${pad(random.int(1, 99_999_999), 8)}`;
    return issuance(
      'realEstateCertificate',
      n,
      isCompany ? companyHolder(owner) : personHolder(owner),
      { issued: registered, effective: registered },
      `新(${year})${city}不动产权第${pad(random.int(1, 9_999_999), 7)}号`,
      {
        obligee: owner.name,
        coOwnership: isCompany ? 'sole' : random.pick(['sole', 'joint', 'joint', 'share'] as const),
        location: `${addressIn(random, area)}${random.int(1, 30)}栋${random.int(1, 4)}单元${random.int(1, 33)}0${random.int(1, 4)}室`,
        unitNumber,
        rightType: '国有建设用地使用权/房屋所有权',
        rightNature: isCompany ? '出让/自建房' : '出让/市场化商品房',
        usage: isCompany ? '商服用地/商业' : '城镇住宅用地/住宅',
        area: `${random.int(isCompany ? 120 : 45, isCompany ? 2_000 : 180)}.${pad(random.int(0, 99), 2)}`,
        landUseEnd: addYears(registered, isCompany ? 40 : 70),
      },
    );
  });
}

const DISCIPLINES = [
  ['工学', '计算机科学与技术'],
  ['理学', '数学与应用数学'],
  ['文学', '汉语言文学'],
  ['法学', '法学'],
  ['经济学', '经济学'],
  ['管理学', '工商管理'],
  ['医学', '临床医学'],
  ['农学', '农学'],
  ['工学', '石油工程'],
] as const;

function degreeCertificates(random: DemoRandom, graduates: readonly DemoPerson[], anchor: string): DemoIssuance[] {
  return graduates.map((p, n) => {
    const conferredAge = random.pick([22, 22, 23, 25, 26, 29] as const);
    const degree = conferredAge <= 23 ? 'bachelor' : conferredAge <= 26 ? 'master' : 'doctor';
    // Degrees are conferred at the end of June (学位授予 after graduation).
    const conferred = notAfter(`${Number(p.birthDate.slice(0, 4)) + conferredAge}0630`, addDays(anchor, -30));
    const [discipline, major] = random.pick(DISCIPLINES);
    const level = degree === 'bachelor' ? '4' : degree === 'master' ? '3' : '2';
    return issuance(
      'degreeCertificate',
      n,
      personHolder(p),
      { issued: conferred, effective: conferred },
      // 学位授予单位代码 (新疆大学 10755) + level + year + sequence.
      `10755${level}${conferred.slice(0, 4)}${pad(1_000 + n * 7, 6)}`,
      {
        holderName: p.name,
        gender: p.sex,
        birthDate: p.birthDate,
        idNumber: p.idNumber,
        degree,
        discipline,
        major,
        conferredDate: conferred,
        institution: '新疆大学',
      },
    );
  });
}

function teacherQualifications(random: DemoRandom, teachers: readonly DemoPerson[], anchor: string): DemoIssuance[] {
  return teachers.map((p, n) => {
    const certified = notBefore(daysBefore(random, anchor, 60, 20 * 365), addYears(p.birthDate, 23));
    const qualification = random.pick([
      '高级中学教师资格',
      '初级中学教师资格',
      '小学教师资格',
      '幼儿园教师资格',
    ] as const);
    return issuance(
      'teacherQualification',
      n,
      personHolder(p),
      { issued: certified, effective: certified },
      `${certified.slice(0, 4)}65${pad(random.int(0, 99_999_999_999), 11)}`,
      {
        holderName: p.name,
        gender: p.sex,
        birthDate: p.birthDate,
        idNumber: p.idNumber,
        qualification,
        subject: random.pick(['语文', '数学', '英语', '物理', '化学', '生物', '历史', '地理', '体育', '音乐'] as const),
        certifyingOffice: qualification === '高级中学教师资格' ? '新疆维吾尔自治区教育厅' : `${p.area.local}教育局`,
      },
    );
  });
}

function vocationalQualifications(random: DemoRandom, workers: readonly DemoPerson[], anchor: string): DemoIssuance[] {
  return workers.map((p, n) => {
    const certified = notBefore(daysBefore(random, anchor, 30, 15 * 365), addYears(p.birthDate, 18));
    return issuance(
      'vocationalQualification',
      n,
      personHolder(p),
      { issued: certified, effective: certified },
      `S0000650000${pad(n + 1, 4)}${certified.slice(2, 4)}`,
      {
        holderName: p.name,
        gender: p.sex,
        idNumber: p.idNumber,
        occupation: random.pick([
          '电工',
          '焊工',
          '汽车维修工',
          '中式烹调师',
          '育婴员',
          '保育师',
          '美容师',
          '茶艺师',
        ] as const),
        level: random.pick(['5', '4', '4', '3', '2'] as const),
        appraisalAgency: random.pick(['新疆维吾尔自治区职业技能鉴定中心', '乌鲁木齐市职业技能鉴定指导中心'] as const),
      },
    );
  });
}

function socialSecurityCards(random: DemoRandom, insured: readonly DemoPerson[], anchor: string): DemoIssuance[] {
  return insured.map((p, n) => {
    const effective = daysBefore(random, anchor, 30, 9 * 365);
    const cardNumber = `${String.fromCharCode(65 + (n % 26))}${pad(10_000_000 + n * 104_729, 8)}`;
    return issuance(
      'socialSecurityCard',
      n,
      personHolder(p),
      // A fixed 10-year period: the expiring date is the type's to compute.
      { issued: effective, effective },
      cardNumber,
      {
        holderName: p.name,
        gender: p.sex,
        idNumber: p.idNumber,
        cardNumber,
        issuingArea: p.area.code,
        bank: random.pick([
          '中国工商银行',
          '中国农业银行',
          '中国银行',
          '中国建设银行',
          '新疆农村信用社',
          '乌鲁木齐银行',
        ] as const),
      },
    );
  });
}

function birthCertificates(
  random: DemoRandom,
  newborns: readonly DemoPerson[],
  adults: readonly DemoPerson[],
  anchor: string,
): DemoIssuance[] {
  const mothers = adults.filter((p) => p.sex === '2');
  const fathers = adults.filter((p) => p.sex === '1');
  return newborns.map((baby, n) => {
    const mother = mothers[(n * 5) % mothers.length] as DemoPerson;
    const father = fathers[(n * 7) % fathers.length] as DemoPerson;
    const issued = notAfter(addDays(baby.birthDate, random.int(1, 5)), anchor);
    return issuance(
      'birthCertificate',
      n,
      personHolder(baby),
      { issued, effective: issued },
      `R65${pad(random.int(0, 9_999_999), 7)}`,
      {
        babyName: baby.name,
        gender: baby.sex,
        birthDate: baby.birthDate,
        gestationalWeeks: random.int(37, 41),
        birthWeightGrams: random.int(2_600, 4_200),
        birthPlace: `新疆维吾尔自治区${baby.area.name}`,
        institution: random.pick([
          '新疆维吾尔自治区人民医院',
          '新疆医科大学第一附属医院',
          `${baby.area.local}人民医院`,
        ]),
        motherName: mother.name,
        motherIdNumber: mother.idNumber,
        // One certificate without the father: the field is optional on the paper form too.
        ...(n === 3 ? {} : { fatherName: father.name, fatherIdNumber: father.idNumber }),
      },
    );
  });
}

function medicalInsuranceVouchers(random: DemoRandom, insured: readonly DemoPerson[], anchor: string): DemoIssuance[] {
  return insured.map((p, n) => {
    const activated = daysBefore(random, anchor, 10, 4 * 365);
    const age = ageOn(p.birthDate, anchor);
    return issuance(
      'medicalInsuranceVoucher',
      n,
      personHolder(p),
      { issued: activated, effective: activated },
      `YB${p.area.code}${pad(2_000_000 + n * 7_919, 10)}`,
      {
        holderName: p.name,
        idNumber: p.idNumber,
        insuredArea: p.area.code,
        insuranceType: age >= 18 && age < 60 && random.chance(0.6) ? 'employee' : 'resident',
      },
    );
  });
}

function businessFace(c: DemoCompany, changes: Partial<Record<string, string>> = {}): Record<string, unknown> {
  return {
    entityName: c.name,
    creditCode: c.creditCode,
    entityType: c.entityType,
    legalRepresentative: c.legalRepresentative.name,
    registeredCapital: c.registeredCapital,
    establishedDate: c.establishedDate,
    domicile: c.domicile,
    businessScope: c.businessScope,
    registrationAuthority: `${c.area.local}市场监督管理局`,
    ...changes,
  };
}

function businessLicences(companies: readonly DemoCompany[]): DemoIssuance[] {
  return companies.map((c, n) =>
    issuance(
      'businessLicence',
      n,
      companyHolder(c),
      { issued: c.establishedDate, effective: c.establishedDate },
      c.creditCode,
      businessFace(c),
    ),
  );
}

function foodPermits(random: DemoRandom, restaurants: readonly DemoCompany[], anchor: string): DemoIssuance[] {
  return restaurants.map((c, n) => {
    let effective: string;
    // 0: expires in six weeks and is extended (延续); 1: expired a year ago, never renewed.
    if (n === 0) effective = addDays(addYears(anchor, -5), 45);
    else if (n === 1) effective = notBefore(addYears(anchor, -6), c.establishedDate);
    else effective = notBefore(daysBefore(random, anchor, 30, 4 * 365), c.establishedDate);
    const catering = c.name.includes('餐饮');
    return issuance(
      'foodPermit',
      n,
      companyHolder(c),
      // A fixed 5-year period: the expiring date is the type's to compute.
      { issued: effective, effective },
      `JY${catering ? '2' : '1'}${c.area.code}${pad(random.int(0, 9_999_999), 7)}`,
      {
        operatorName: c.name,
        creditCode: c.creditCode,
        legalRepresentative: c.legalRepresentative.name,
        premises: c.domicile,
        mainBusiness: catering ? '餐饮服务经营者' : '食品销售经营者',
        businessItems: catering
          ? '热食类食品制售；冷食类食品制售；自制饮品制售'
          : '预包装食品销售（含冷藏冷冻食品）；散装食品销售',
      },
    );
  });
}

/** Pairs of men (22+) and women (20+) from the adults, for marriage certificates. */
function couplesOf(adults: readonly DemoPerson[], anchor: string, count: number): Array<[DemoPerson, DemoPerson]> {
  const men = adults.filter((p) => p.sex === '1' && ageOn(p.birthDate, anchor) >= 24);
  const women = adults.filter((p) => p.sex === '2' && ageOn(p.birthDate, anchor) >= 22);
  const couples: Array<[DemoPerson, DemoPerson]> = [];
  for (let i = 0; i < count && i < men.length && i < women.length; i++) {
    couples.push([men[i] as DemoPerson, women[i] as DemoPerson]);
  }
  return couples;
}

/**
 * The demo library for an anchor date (`yyyyMMdd`, China time): about 320 licences of the
 * thirteen types and the events that put some of them in every other state.
 *
 * @example const plan = demoLicencePlan('20260301'); plan.issuances.length // ≈ 320
 */
export function demoLicencePlan(anchor: string): DemoLicencePlan {
  const persons = demoPersons(anchor);
  const companies = demoCompanies(persons, anchor);
  const random = demoRandom(0x36903);
  const newborns = persons.slice(0, DEMO_NEWBORN_COUNT);
  const residents = persons.slice(DEMO_NEWBORN_COUNT);
  const adults = residents.filter((p) => ageOn(p.birthDate, anchor) >= 18);
  const olderThan = (years: number) => adults.filter((p) => ageOn(p.birthDate, anchor) >= years);
  // Oldest first: the extended and the expired permit (0 and 1) need companies older than their permits.
  const restaurants = companies
    .filter((c) => c.food)
    .sort((a, b) => a.establishedDate.localeCompare(b.establishedDate));

  // About 320 licences held by about 250 people and 30 companies: enough for every screen to
  // show real variety, few enough that a first start seeds them in seconds.
  const issuances: DemoIssuance[] = [
    ...idCards(random, residents.slice(0, 90), anchor),
    ...householdRegisters(random, adults.slice(90, 110), anchor),
    ...drivingLicences(random, adults.slice(110, 140), anchor),
    ...marriageCertificates(random, couplesOf(adults.slice(140), anchor, 10), anchor),
    ...realEstateCertificates(random, [...adults.slice(170, 185), ...companies.slice(3, 6)], anchor),
    ...degreeCertificates(random, olderThan(24).slice(0, 20), anchor),
    ...teacherQualifications(random, olderThan(24).slice(20, 28), anchor),
    ...vocationalQualifications(random, adults.slice(185, 200), anchor),
    ...socialSecurityCards(random, residents.slice(200, 230), anchor),
    ...birthCertificates(random, newborns, adults, anchor),
    ...medicalInsuranceVouchers(random, [...newborns.slice(0, 4), ...residents.slice(230)], anchor),
    ...businessLicences(companies),
    ...foodPermits(random, restaurants.slice(0, 10), anchor),
  ];

  const key = (type: DemoTypeKey, n: number) => `demo-${type}-${pad(n, 3)}`;
  const changed = companies[0] as DemoCompany;
  const newRepresentative = adults[adults.length - 1] as DemoPerson;
  const foodExtended = issuances.find((i) => i.sourceKey === key('foodPermit', 0));
  // GB/T 36903's own example: a fixed period is added as is (core `expiringDateFor`).
  const foodExpiring = foodExtended === undefined ? anchor : addYears(foodExtended.input.certificateEffectiveDate, 5);
  const events: DemoEvent[] = [
    // 道路交通安全法 art. 91: drink-driving, the licence is held for six months.
    {
      sourceKey: key('drivingLicence', 0),
      type: 'drivingLicence',
      by: 'operator',
      body: { type: 'suspension', reason: '饮酒后驾驶机动车，依法暂扣机动车驾驶证六个月' },
    },
    {
      sourceKey: key('drivingLicence', 2),
      type: 'drivingLicence',
      by: 'client',
      body: { type: 'suspension', reason: '交通违法未处理，暂扣机动车驾驶证' },
    },
    {
      sourceKey: key('drivingLicence', 2),
      type: 'drivingLicence',
      by: 'client',
      body: { type: 'suspension-release', reason: '违法行为已处理完毕，发还机动车驾驶证' },
    },
    // Renewal (换证): the next version, valid ten years from today.
    {
      sourceKey: key('drivingLicence', 1),
      type: 'drivingLicence',
      by: 'client',
      body: {
        type: 'change',
        newVersion: '002',
        expiringDate: addYears(anchor, 10),
        reason: '驾驶证有效期满换证',
        metadata: { certificateEffectiveDate: anchor },
      },
    },
    // 变更登记: new legal representative and domicile, a second version of the licence.
    {
      sourceKey: key('businessLicence', 0),
      type: 'businessLicence',
      by: 'client',
      body: {
        type: 'change',
        newVersion: '002',
        reason: '法定代表人及住所变更登记',
        face: businessFace(changed, {
          legalRepresentative: newRepresentative.name,
          domicile: `新疆维吾尔自治区${changed.area.name}新华北路${(changed.index % 80) + 101}号`,
        }),
      },
    },
    // 公司法 art. 260: no business for six months in a row.
    {
      sourceKey: key('businessLicence', 1),
      type: 'businessLicence',
      by: 'client',
      body: { type: 'revocation', reason: '开业后自行停业连续六个月以上，依法吊销营业执照' },
    },
    {
      sourceKey: key('businessLicence', 2),
      type: 'businessLicence',
      by: 'client',
      body: { type: 'cancellation', reason: '企业申请简易注销登记' },
    },
    {
      sourceKey: key('businessLicence', 3),
      type: 'businessLicence',
      by: 'client',
      body: { type: 'annual-inspection', outcome: 'pass', reason: '年度报告已公示' },
    },
    // 行政许可法 art. 50: extension decided before the term ends.
    {
      sourceKey: key('foodPermit', 0),
      type: 'foodPermit',
      by: 'client',
      body: {
        type: 'extension',
        expiringDate: addYears(foodExpiring, 5),
        reason: '有效期届满前申请延续，经审查准予延续',
      },
    },
    {
      sourceKey: key('realEstateCertificate', 0),
      type: 'realEstateCertificate',
      by: 'client',
      body: {
        type: 'mortgage',
        id: `新(${anchor.slice(0, 4)})不动产证明第${pad(Number(anchor.slice(4)) * 13, 7)}号`,
        creditor: '中国工商银行股份有限公司乌鲁木齐分行',
        start: addMonths(anchor, -3),
        end: addYears(addMonths(anchor, -3), 20),
        reason: '个人住房抵押贷款，办理抵押权首次登记',
      },
    },
    {
      sourceKey: key('realEstateCertificate', 1),
      type: 'realEstateCertificate',
      by: 'client',
      body: {
        type: 'mortgage',
        id: `新(${Number(anchor.slice(0, 4)) - 5})不动产证明第${pad(Number(anchor.slice(4)) * 17, 7)}号`,
        creditor: '中国建设银行股份有限公司新疆维吾尔自治区分行',
        start: addYears(anchor, -5),
        end: addYears(anchor, 5),
        reason: '个人住房抵押贷款，办理抵押权首次登记',
      },
    },
    {
      sourceKey: key('realEstateCertificate', 1),
      type: 'realEstateCertificate',
      by: 'client',
      body: {
        type: 'mortgage-release',
        id: `新(${Number(anchor.slice(0, 4)) - 5})不动产证明第${pad(Number(anchor.slice(4)) * 17, 7)}号`,
        reason: '贷款已结清，办理抵押权注销登记',
      },
    },
    {
      sourceKey: key('vocationalQualification', 0),
      type: 'vocationalQualification',
      by: 'client',
      body: { type: 'abolition', reason: '证书所依据的职业资格已退出国家职业资格目录，依规废止' },
    },
    // 迁出: moved to 成都市锦江区 (510104).
    {
      sourceKey: key('householdRegister', 0),
      type: 'householdRegister',
      by: 'client',
      body: { type: 'transfer', toAreaCode: '510104', reason: '户口迁出至四川省成都市锦江区' },
    },
  ];

  const expectedStatus: Record<string, LicenceStatus> = {};
  for (const item of issuances) expectedStatus[item.sourceKey] = 'valid';
  expectedStatus[key('drivingLicence', 0)] = 'suspended';
  expectedStatus[key('drivingLicence', 1)] = 'superseded';
  expectedStatus[key('businessLicence', 0)] = 'superseded';
  expectedStatus[key('businessLicence', 1)] = 'revoked';
  expectedStatus[key('businessLicence', 2)] = 'cancelled';
  expectedStatus[key('vocationalQualification', 0)] = 'abolished';
  expectedStatus[key('householdRegister', 0)] = 'transferred-out';
  // Issued after its term ended; the node's expiry round records it (`expireLicences`).
  expectedStatus[key('foodPermit', 1)] = 'expired';

  const pastExpiry = issuances
    .filter((item) => {
      const type = DEMO_TYPES[item.type].document.validity as { kind: string; years?: number };
      const expiring =
        item.input.certificateExpiringDate ??
        (type.kind === 'period' && type.years !== undefined
          ? addYears(item.input.certificateEffectiveDate, type.years)
          : undefined);
      return expiring !== undefined && expiring < anchor;
    })
    .map((item) => item.sourceKey);

  return { issuances, events, expectedStatus, pastExpiry };
}
