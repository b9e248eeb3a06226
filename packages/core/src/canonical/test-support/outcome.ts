/** Test-only: what a caller of a canonical writer can observe, for comparing two writers. */
import { HutongError } from '../../errors.js';

/**
 * The text, or the refusal's code and field.
 *
 * @example expect(canonicalOutcome(() => fast(value))).toEqual(canonicalOutcome(() => exact(value)));
 */
export function canonicalOutcome(run: () => string): { text: string } | { code: string; field: string | undefined } {
  try {
    return { text: run() };
  } catch (error) {
    if (error instanceof HutongError) return { code: error.code, field: error.field };
    throw error;
  }
}
