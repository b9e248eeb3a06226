import type { ErrorTable } from '../errors.js';

/** Error codes of `crypto/` (ERR_<AREA>_<WHAT>). Messages: English, then Chinese; `{name}` takes a param. */
export const cryptoErrors = {
} as const satisfies ErrorTable;
