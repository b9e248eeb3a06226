/**
 * GB/T 36903 holder code types (standards.md §3): the codes a search by holder may name.
 * Labels are in the i18n resources under `holderCodeTypes.<code>`.
 */
export const HOLDER_CODE_TYPES = [
  '111',
  '001',
  '099',
  '114',
  '115',
  '118',
  '119',
  '120',
  '122',
  '411',
  '412',
  '413',
  '414',
  '511',
  '516',
  '999',
] as const;
export type HolderCodeTypeCode = (typeof HOLDER_CODE_TYPES)[number];
