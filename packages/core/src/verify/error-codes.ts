import type { ErrorTable } from '../errors.js';

/** Error codes of `verify/` (ERR_<AREA>_<WHAT>). Messages: English, then Chinese; `{name}` takes a param. */
export const verifyErrors = {
} as const satisfies ErrorTable;
