import { HutongError } from '../../errors.js';

/** Runs `run` and returns the HutongError it throws; fails when it returns or throws anything else. */
export function refusal(run: () => unknown): HutongError {
  try {
    run();
  } catch (error) {
    if (error instanceof HutongError) return error;
    throw error;
  }
  throw new Error('expected a HutongError, but the value was accepted');
}

/** `{ code, field }` of the HutongError `run` throws, for one-line assertions. */
export function refusedWith(run: () => unknown): { code: string; field: string | undefined } {
  const error = refusal(run);
  return { code: error.code, field: error.field };
}
