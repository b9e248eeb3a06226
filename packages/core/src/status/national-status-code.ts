/**
 * Hutong's status values in the national vocabularies (standards.md §6 and §9), for the
 * compatibility surface that existing provincial clients call.
 */
import type { LicenceStatus } from './licence-status.js';

/**
 * Housing-ministry status codes: 01 valid, 02 suspended (暂扣), 03 withdrawn (撤销),
 * 04 cancelled (注销), 05 lapsed (失效), 06 transferred out, 07 revoked (吊销), 99 other
 * (needs a description).
 */
export const NATIONAL_STATUS_CODES = {
  '01': { zh: '有效', en: 'valid' },
  '02': { zh: '暂扣', en: 'suspended' },
  '03': { zh: '撤销', en: 'withdrawn' },
  '04': { zh: '注销', en: 'cancelled' },
  '05': { zh: '失效', en: 'lapsed' },
  '06': { zh: '转出', en: 'transferred out' },
  '07': { zh: '吊销', en: 'revoked' },
  '99': { zh: '其他', en: 'other' },
} as const;
export type NationalStatusCode = keyof typeof NATIONAL_STATUS_CODES;

/**
 * Each status's national code and, for 99, the description the vocabulary requires.
 * - revoked → 07: Hutong's `revoked` covers 吊销 and 撤销 (architecture §4); 07 is the
 *   code relying parties act on. 03 is never produced (see the report on splitting them).
 * - expired → 05 lapsed (失效): the term ended.
 * - abolished → 99 "废止" and superseded → 99 "已变更（被新版本替代）": the vocabulary has
 *   no code for them, and folding them into 05 would lose why the licence stopped.
 */
const MAPPING: Readonly<
  Record<LicenceStatus, { readonly code: NationalStatusCode; readonly description?: { zh: string; en: string } }>
> = {
  valid: { code: '01' },
  suspended: { code: '02' },
  revoked: { code: '07' },
  cancelled: { code: '04' },
  abolished: { code: '99', description: { zh: '废止', en: 'abolished' } },
  expired: { code: '05' },
  superseded: { code: '99', description: { zh: '已变更（被新版本替代）', en: 'superseded by a newer version' } },
  'transferred-out': { code: '06' },
};

/**
 * The housing-ministry status code of a status.
 *
 * @example nationalStatusCode('cancelled') // '04'
 */
export function nationalStatusCode(status: LicenceStatus): NationalStatusCode {
  return MAPPING[status].code;
}

/**
 * The label to show with a national code: the description for 99, else the code's own label.
 *
 * @example nationalStatusLabel('abolished') // { zh: '废止', en: 'abolished' }
 */
export function nationalStatusLabel(status: LicenceStatus): { zh: string; en: string } {
  const { code, description } = MAPPING[status];
  return description ?? { ...NATIONAL_STATUS_CODES[code] };
}

/**
 * Answer codes of the provincial sharing services (GB/T 36906 as deployed, standards.md §9):
 * 0 ok, 21 abolished or cancelled, 22 expired, 23 restricted, 99 other.
 */
export type SharingAnswerCode = '0' | '21' | '22' | '23' | '99';

/**
 * The sharing-service answer code for a licence in this status.
 * - suspended → 23 restricted (restricted use, reversible);
 * - cancelled, abolished, revoked, superseded → 21: all ended by an act of an authority
 *   and no longer to be relied on; 21 is the closest answer the services define;
 * - expired → 22;
 * - transferred-out → 99: the licence lives on at another node; the caller must ask there.
 *
 * @example sharingAnswerCode('expired') // '22'
 */
export function sharingAnswerCode(status: LicenceStatus): SharingAnswerCode {
  switch (status) {
    case 'valid':
      return '0';
    case 'suspended':
      return '23';
    case 'cancelled':
    case 'abolished':
    case 'revoked':
    case 'superseded':
      return '21';
    case 'expired':
      return '22';
    case 'transferred-out':
      return '99';
  }
}
