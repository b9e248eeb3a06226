import type { ErrorTable } from '../errors.js';

/** Error codes of `licence/` (ERR_<AREA>_<WHAT>). Messages: English, then Chinese; `{name}` takes a param. */
export const licenceErrors = {
} as const satisfies ErrorTable;
