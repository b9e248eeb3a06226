import type { ErrorTable } from '../errors.js';

/** Error codes of `identifiers/` (ERR_<AREA>_<WHAT>). Messages: English, then Chinese; `{name}` takes a param. */
export const identifierErrors = {
} as const satisfies ErrorTable;
