import type { ErrorTable } from '../errors.js';

/** Error codes of `canonical/` (ERR_<AREA>_<WHAT>). Messages: English, then Chinese; `{name}` takes a param. */
export const canonicalErrors = {
} as const satisfies ErrorTable;
