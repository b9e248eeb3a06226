import type { ErrorTable } from '../errors.js';

/** Error codes of `status/` (ERR_<AREA>_<WHAT>). Messages: English, then Chinese; `{name}` takes a param. */
export const statusErrors = {
} as const satisfies ErrorTable;
