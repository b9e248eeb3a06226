/** The prefix of every API route; everything else belongs to the web shell. */
export const API_PREFIX = '/api';

/**
 * True for `/api` and paths below it (query string ignored).
 *
 * @example isApiPath('/api/health?x=1') // true
 */
export function isApiPath(url: string): boolean {
  const path = url.split('?')[0] ?? url;
  return path === API_PREFIX || path.startsWith(`${API_PREFIX}/`);
}
