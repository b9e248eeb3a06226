import type { TFunction } from 'i18next';
import { ApiError } from '../api/api-request.js';
import { describeApiError } from '../api/describe-api-error.js';

/** The server's explanation in the user's language, with the member at fault when it names one. */
export function describeProblem(error: unknown, t: TFunction): string {
  const text = describeApiError(error, t);
  if (error instanceof ApiError && error.failure.kind === 'problem' && error.failure.field !== undefined) {
    return t('admin.fieldAtFault', { text, field: error.failure.field });
  }
  return text;
}
