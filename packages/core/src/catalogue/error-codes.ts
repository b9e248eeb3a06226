import type { ErrorTable } from '../errors.js';

/** Error codes of `catalogue/` (ERR_<AREA>_<WHAT>). Messages: English, then Chinese; `{name}` takes a param. */
export const catalogueErrors = {
} as const satisfies ErrorTable;
