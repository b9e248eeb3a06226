/** Names the server gives the holder's readable CSRF cookie (server `auth/cookies.ts`). */
const HOLDER_CSRF_COOKIES = ['__Host-hutong-holder-csrf', 'hutong-holder-csrf'];

/**
 * True when this browser may have a holder session (a non-empty holder CSRF cookie): asking
 * the node without one would only earn a 401, which the browser logs as an error.
 */
export function mayHaveHolderSession(cookieHeader: string): boolean {
  return cookieHeader
    .split(';')
    .map((part) => part.trim())
    .some((part) => HOLDER_CSRF_COOKIES.some((name) => part.startsWith(`${name}=`) && part.length > name.length + 1));
}
