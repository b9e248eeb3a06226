import { HutongError } from '../errors.js';

/**
 * Runs a nested parser and, when it fails, re-throws its error with the outer segment
 * as `field` (a USCC error inside a type code becomes field `typeCode` of the licence
 * identifier). The code and params stay those of the inner error, so the reason stays
 * precise; the inner error is kept as `cause`. Internal to `identifiers/`.
 */
export function relabel<T>(field: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof HutongError) {
      throw new HutongError(error.code, { field, params: error.params, cause: error });
    }
    throw error;
  }
}
