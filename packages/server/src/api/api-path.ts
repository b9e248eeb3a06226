/** The prefix of every API route; everything else belongs to the web shell. */
export const API_PREFIX = '/api';
const SLASH = 0x2f;
const QUESTION_MARK = 0x3f;

/**
 * True for `/api` and paths below it (query string ignored).
 *
 * @example isApiPath('/api/health?x=1') // true
 */
export function isApiPath(url: string): boolean {
  // Asked of every answer (security-headers.ts): the path's end found without splitting the URL.
  if (!url.startsWith(API_PREFIX)) return false;
  const next = url.charCodeAt(API_PREFIX.length);
  // End of the URL, `/` or `?` after the prefix (NaN past the end).
  return Number.isNaN(next) || next === SLASH || next === QUESTION_MARK;
}
