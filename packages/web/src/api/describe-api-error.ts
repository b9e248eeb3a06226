import type { TFunction } from 'i18next';
import { ApiError } from './api-request.js';

/**
 * The sentence to show for a failed call: the server's own explanation (already in the
 * user's language, thanks to `Accept-Language`), else ours.
 */
export function describeApiError(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    const { failure } = error;
    if (failure.kind === 'problem') return failure.detail;
    if (failure.kind === 'unexpected') return t('errors.unexpected', { status: failure.status });
  }
  return t('errors.network');
}
