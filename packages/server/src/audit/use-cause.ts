import { ServerError } from '../errors.js';
import { MAX_USE_CAUSE_LENGTH } from './append-audit.js';

/**
 * Checks a relying party's stated use cause (用证事由): required, trimmed, 1–200 characters
 * (counted as Unicode code points, as a person counts them), no control characters.
 *
 * @example parseUseCause(request.headers['x-use-cause']) // '办理不动产登记'
 */
export function parseUseCause(value: unknown, field = 'useCause'): string {
  const text = typeof value === 'string' ? value.trim() : '';
  // C0/C1 controls would let a cause forge line breaks in exported reports.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  if (text === '' || /[\u0000-\u001f\u007f-\u009f]/.test(text)) {
    throw new ServerError('ERR_AUDIT_USE_CAUSE_REQUIRED', { field, params: { max: MAX_USE_CAUSE_LENGTH } });
  }
  const length = [...text].length;
  if (length > MAX_USE_CAUSE_LENGTH) {
    throw new ServerError('ERR_AUDIT_USE_CAUSE_TOO_LONG', { field, params: { length, max: MAX_USE_CAUSE_LENGTH } });
  }
  return text;
}
