/**
 * The demo region's organisations: the national ministries that define the licence types
 * (defining authorities, GB/T 36902), the departments of 新疆维吾尔自治区 (area 650000) that
 * issue them, and two relying parties. Their codes are synthetic, not the real authorities'
 * codes: each is built by `usccOf`, which computes the GB 11714 and GB 32100 check characters,
 * so every one passes `parseUscc`.
 */
import type { AuthorityLevel, SuiteName } from '@hutong/core';
import { usccOf } from './demo-codes.js';

/** A national ministry that defines licence types (its USCC is the first 18 characters of each type code). */
export interface DemoMinistry {
  readonly key: string;
  readonly code: string;
  readonly name: string;
}

/** A department of the region that issues licences, with the suite of its signing key. */
export interface DemoDepartment {
  readonly key: string;
  readonly code: string;
  readonly name: { readonly zh: string; readonly en: string };
  readonly level: AuthorityLevel;
  readonly areaCode: string;
  readonly suite: SuiteName;
}

/** An organisation that uses licences (a service hall, a hotel). */
export interface DemoRelyingParty {
  readonly key: string;
  readonly code: string;
  readonly name: { readonly zh: string; readonly en: string };
  readonly level: AuthorityLevel;
  readonly areaCode: string;
}

// GB 32100: '1' 机构编制 + '1' 机关 + '100000' (the national registration area).
const MINISTRY = '11100000';
// '1' 机构编制 + '1' 机关 + '650000' (新疆维吾尔自治区).
const REGIONAL_AUTHORITY = '11650000';
// '1' 机构编制 + '2' 事业单位 + '650000'.
const REGIONAL_INSTITUTION = '12650000';

function ministry(key: string, body: string, name: string): DemoMinistry {
  return { key, code: usccOf(MINISTRY, body), name };
}

export const DEMO_MINISTRIES = {
  publicSecurity: ministry('publicSecurity', '00001346', '中华人民共和国公安部'),
  marketRegulation: ministry('marketRegulation', '00001302', '国家市场监督管理总局'),
  civilAffairs: ministry('civilAffairs', '00001355', '中华人民共和国民政部'),
  naturalResources: ministry('naturalResources', '00001932', '中华人民共和国自然资源部'),
  education: ministry('education', '00001853', '中华人民共和国教育部'),
  humanResources: ministry('humanResources', '00001371', '中华人民共和国人力资源和社会保障部'),
  health: ministry('health', '00001960', '国家卫生健康委员会'),
  healthcareSecurity: ministry('healthcareSecurity', '00002018', '国家医疗保障局'),
} as const satisfies Record<string, DemoMinistry>;

function department(
  key: string,
  prefix: string,
  body: string,
  zh: string,
  en: string,
  suite: SuiteName = 'sm2-sm3',
): DemoDepartment {
  return { key, code: usccOf(prefix, body), name: { zh, en }, level: 'provincial', areaCode: '650000', suite };
}

export const DEMO_DEPARTMENTS = {
  publicSecurity: department(
    'publicSecurity',
    REGIONAL_AUTHORITY,
    '01010110',
    '新疆维吾尔自治区公安厅',
    'Public Security Department of Xinjiang Uygur Autonomous Region',
  ),
  marketRegulation: department(
    'marketRegulation',
    REGIONAL_AUTHORITY,
    '01010120',
    '新疆维吾尔自治区市场监督管理局',
    'Xinjiang Uygur Autonomous Region Administration for Market Regulation',
  ),
  civilAffairs: department(
    'civilAffairs',
    REGIONAL_AUTHORITY,
    '01010130',
    '新疆维吾尔自治区民政厅',
    'Civil Affairs Department of Xinjiang Uygur Autonomous Region',
  ),
  naturalResources: department(
    'naturalResources',
    REGIONAL_AUTHORITY,
    '01010140',
    '新疆维吾尔自治区自然资源厅',
    'Natural Resources Department of Xinjiang Uygur Autonomous Region',
  ),
  education: department(
    'education',
    REGIONAL_AUTHORITY,
    '01010150',
    '新疆维吾尔自治区教育厅',
    'Education Department of Xinjiang Uygur Autonomous Region',
  ),
  humanResources: department(
    'humanResources',
    REGIONAL_AUTHORITY,
    '01010160',
    '新疆维吾尔自治区人力资源和社会保障厅',
    'Human Resources and Social Security Department of Xinjiang Uygur Autonomous Region',
  ),
  health: department(
    'health',
    REGIONAL_AUTHORITY,
    '01010170',
    '新疆维吾尔自治区卫生健康委员会',
    'Health Commission of Xinjiang Uygur Autonomous Region',
  ),
  healthcareSecurity: department(
    'healthcareSecurity',
    REGIONAL_AUTHORITY,
    '01010180',
    '新疆维吾尔自治区医疗保障局',
    'Xinjiang Uygur Autonomous Region Healthcare Security Administration',
  ),
  // Degrees are conferred by the university itself (学位授予单位), a public institution; it
  // signs with Ed25519 to show a second suite next to the national SM2 default.
  university: department('university', REGIONAL_INSTITUTION, '45760078', '新疆大学', 'Xinjiang University', 'ed25519'),
} as const satisfies Record<string, DemoDepartment>;

export type DemoDepartmentKey = keyof typeof DEMO_DEPARTMENTS;

export const DEMO_RELYING_PARTIES = {
  serviceCentre: {
    key: 'serviceCentre',
    code: usccOf(REGIONAL_INSTITUTION, '01012200'),
    name: {
      zh: '新疆维吾尔自治区政务服务和公共资源交易中心',
      en: 'Xinjiang Government Services and Public Resources Trading Centre',
    },
    level: 'provincial',
    areaCode: '650000',
  },
  // '9' 工商 + '1' 企业 + '650102' (乌鲁木齐市天山区).
  hotel: {
    key: 'hotel',
    code: usccOf('91650102', 'MA77UJ2K'),
    name: { zh: '乌鲁木齐天山大酒店有限公司', en: 'Urumqi Tianshan Grand Hotel Co., Ltd.' },
    level: 'other',
    areaCode: '650102',
  },
} as const satisfies Record<string, DemoRelyingParty>;
