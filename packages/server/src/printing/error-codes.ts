import type { ErrorTable } from '@hutong/core';

/** Error codes of `printing/` (server side; the print code's own are core's `ERR_PRINTING_*`). */
export const printingServiceErrors = {
  ERR_PRINTING_LICENCE_NOT_VALID: {
    en: 'Licence {identifier} is {status}: only a valid licence is printed.',
    zh: '证照 {identifier} 当前状态为 {status}：仅可打印有效的证照。',
  },
} as const satisfies ErrorTable;
