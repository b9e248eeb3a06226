/**
 * How big show codes get over a catalogue, in characters and in QR code versions, for both
 * candidate text encodings (docs/design/show-code.md §2): base45 in QR alphanumeric mode (the
 * format) and base64url in QR byte mode (the alternative it was measured against).
 */
import type { FaceField, LicenceType } from '../catalogue/index.js';
import type { FaceValue } from '../licence/index.js';
import { encodeBase64url } from '../licence/index.js';
import { SHOWING_KEY_HINT_BYTES } from '../trust/verify-trust-list.js';
import { defaultDisclosure } from './disclosure.js';
import { qrCodeVersion } from './qr-code-version.js';
import {
  MAX_SHOW_CODE_LENGTH,
  SHOW_CODE_NONCE_BYTES,
  SHOW_CODE_PREFIX,
  SHOWABLE_METADATA,
  type ShowableMetadata,
  type ShownField,
} from './show-code.js';
import { encodeShowCodePayload, formatShowCode, SHOW_CODE_SIGNATURE_BYTES } from './show-code-payload.js';

/** Which fields a measured code shows. */
export const SIZE_SCENARIOS = ['three-fields', 'default', 'all-fields'] as const;
export type SizeScenario = (typeof SIZE_SCENARIOS)[number];

/** One measured code. */
export interface ShowCodeSize {
  readonly typeCode: string;
  readonly typeName: string;
  readonly scenario: SizeScenario;
  readonly fields: readonly string[];
  /** Payload and signature. */
  readonly bytes: number;
  /** `HT1:` + base45, the format. */
  readonly base45Chars: number;
  /** `HT1:` + base64url of the same bytes, the alternative. */
  readonly base64urlChars: number;
  /** Smallest QR version at level M, alphanumeric mode, for the base45 text. */
  readonly qrVersionBase45: number | undefined;
  /** Smallest QR version at level M, byte mode, for the base64url text. */
  readonly qrVersionBase64url: number | undefined;
  /** Within {@link MAX_SHOW_CODE_LENGTH}: createShowCode would make it. */
  readonly fits: boolean;
}

/** Nearest-rank statistics of one measure. */
export interface SizeDistribution {
  readonly min: number;
  readonly median: number;
  readonly p90: number;
  readonly max: number;
}

export interface ShowCodeSizeReport {
  readonly entries: readonly ShowCodeSize[];
  /** Per scenario: base45 characters, base64url characters, and QR versions of each. */
  readonly distributions: Readonly<
    Record<
      SizeScenario,
      {
        readonly count: number;
        readonly base45Chars: SizeDistribution;
        readonly base64urlChars: SizeDistribution;
        readonly qrVersionBase45: SizeDistribution;
        readonly qrVersionBase64url: SizeDistribution;
      }
    >
  >;
}

// Realistic values (standards.md §3–5 and the sample licences): Chinese names of three
// characters, an 18-character ID number, a 16-character licence number, a 16-character serial.
const SAMPLE_METADATA: Readonly<Record<ShowableMetadata, string>> = {
  certificateHolderName: '王小明',
  certificateHolderCode: '11010519491231002X',
  certificateNumber: '新A0420120009390',
  certificateName: '建筑施工特种作业人员操作资格证书',
};
const SAMPLE_SERIAL = '2025065000012345';
const SAMPLE_ISSUER = '11650000MB1A23457L';
const FREE_TEXT = '建筑施工电工作业类别说明示例文本';

function sampleText(field: FaceField): string {
  switch (field.format) {
    case 'citizen-id':
      return '11010519491231002X';
    case 'uscc':
      return '91350100M000100Y43';
    case 'area-code':
      return '650102';
    case 'type-code':
      return '11100000000013338W032';
    case 'licence-id':
      return '1.2.156.3005.2.11100000000013338W032.11220000013544541J.2430599.001.F';
    case 'holder-code-type':
      return '111';
    case 'phone':
      return '13812341234';
    case 'email':
      return 'wang.xiaoming@example.cn';
    case 'postal-code':
      return '830000';
    case 'person-name':
      return '王小明';
    case 'address':
      return '新疆维吾尔自治区乌鲁木齐市天山区解放南路123号';
    default:
      // Free text: as long as the field allows, up to 12 characters.
      return FREE_TEXT.slice(0, Math.min(field.maxLength ?? 12, 12));
  }
}

function sampleValue(field: FaceField): FaceValue {
  switch (field.type) {
    case 'date':
      return '20240108';
    case 'integer':
      return 95;
    case 'decimal':
      return 1234.5;
    case 'boolean':
      return true;
    case 'enum':
      return (field.enum ?? []).reduce((longest, o) => (o.value.length > longest.length ? o.value : longest), '1');
    default:
      return sampleText(field);
  }
}

function fieldsFor(type: LicenceType, keys: readonly string[]): ShownField[] {
  const out: ShownField[] = [];
  for (const key of keys) {
    if ((SHOWABLE_METADATA as readonly string[]).includes(key)) {
      out.push({ source: 'metadata', key, value: SAMPLE_METADATA[key as ShowableMetadata], masked: false });
      continue;
    }
    const field = type.faceFields.find((f) => f.key === key);
    if (field !== undefined && field.type !== 'image') {
      out.push({ source: 'face', key, value: sampleValue(field), masked: false });
    }
  }
  return out;
}

function keysFor(type: LicenceType, scenario: SizeScenario): readonly string[] {
  const defaults = defaultDisclosure(type);
  if (scenario === 'default') return defaults;
  if (scenario === 'three-fields') {
    // The issue's case: the holder's name, a date and a licence number, where the type has them.
    const date = type.faceFields.find((f) => f.type === 'date')?.key;
    return ['certificateHolderName', 'certificateNumber', ...(date === undefined ? defaults.slice(1, 2) : [date])];
  }
  return [...SHOWABLE_METADATA, ...type.faceFields.filter((f) => f.type !== 'image').map((f) => f.key)].slice(0, 32);
}

/**
 * The status-list slot every code of a Hutong licence carries (§3.5), at its largest for a
 * node's lists: the last entry of a 2^20-entry list (3 LEB128 bytes) in list 1 (1 byte).
 */
const SAMPLE_STATUS_LIST_SLOT = { listId: 1, index: 0xf_ffff } as const;

function measure(type: LicenceType, scenario: SizeScenario): ShowCodeSize {
  const fields = fieldsFor(type, keysFor(type, scenario));
  const payload = encodeShowCodePayload({
    statusAtSigning: 'valid',
    keyHint: new Uint8Array(SHOWING_KEY_HINT_BYTES),
    issuedAt: 1_790_000_000,
    lifetimeSeconds: 60,
    nonce: new Uint8Array(SHOW_CODE_NONCE_BYTES),
    effectiveDate: '20250601',
    expiringDate: '20300531',
    typeCode: type.certificateTypeCode,
    issuerCode: SAMPLE_ISSUER,
    serial: SAMPLE_SERIAL,
    version: '001',
    purpose: 'entry',
    fields,
    statusListSlot: SAMPLE_STATUS_LIST_SLOT,
  });
  const signature = new Uint8Array(SHOW_CODE_SIGNATURE_BYTES);
  const base45 = formatShowCode(payload, signature);
  const all = new Uint8Array(payload.length + signature.length);
  all.set(payload);
  const base64url = SHOW_CODE_PREFIX + encodeBase64url(all);
  return {
    typeCode: type.certificateTypeCode,
    typeName: type.name.zh,
    scenario,
    fields: fields.map((f) => f.key),
    bytes: all.length,
    base45Chars: base45.length,
    base64urlChars: base64url.length,
    qrVersionBase45: qrCodeVersion(base45, { mode: 'alphanumeric', level: 'M' }),
    qrVersionBase64url: qrCodeVersion(base64url, { mode: 'byte', level: 'M' }),
    fits: base45.length <= MAX_SHOW_CODE_LENGTH,
  };
}

function distribution(values: readonly number[]): SizeDistribution {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0;
  return { min: sorted[0] ?? 0, median: rank(0.5), p90: rank(0.9), max: sorted[sorted.length - 1] ?? 0 };
}

/**
 * Measures the show code of every type in three scenarios — `three-fields` (holder name,
 * licence number and a date: the issue's ≤ 600 characters case), `default` (the type's
 * {@link defaultDisclosure}) and `all-fields` (every metadata element and non-image face
 * field, in full: the worst a holder can choose) — with realistic Chinese values, and
 * summarises each scenario. The signature is all zeros (its length is what counts).
 *
 * @example
 * const report = showCodeSizeReport(demoCatalogue);
 * report.distributions.default.base45Chars // { min: 243, median: 390, p90: 543, max: 564 }
 */
export function showCodeSizeReport(types: readonly LicenceType[]): ShowCodeSizeReport {
  const entries = types.flatMap((type) => SIZE_SCENARIOS.map((scenario) => measure(type, scenario)));
  const of = (scenario: SizeScenario) => {
    const rows = entries.filter((e) => e.scenario === scenario);
    return {
      count: rows.length,
      base45Chars: distribution(rows.map((r) => r.base45Chars)),
      base64urlChars: distribution(rows.map((r) => r.base64urlChars)),
      qrVersionBase45: distribution(rows.map((r) => r.qrVersionBase45 ?? 41)),
      qrVersionBase64url: distribution(rows.map((r) => r.qrVersionBase64url ?? 41)),
    };
  };
  return {
    entries,
    distributions: { 'three-fields': of('three-fields'), default: of('default'), 'all-fields': of('all-fields') },
  };
}
