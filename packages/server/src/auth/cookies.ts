/**
 * The two cookies of a staff session (RFC 6265). With `Secure` they carry the `__Host-`
 * prefix (RFC 6265bis §4.1.3.2: Secure, Path=/, no Domain — the browser refuses them from
 * anywhere but this exact origin over HTTPS); on plain-http localhost they cannot, and use
 * the bare names.
 */
export const SESSION_COOKIE = 'hutong-session';
export const CSRF_COOKIE = 'hutong-csrf';
/**
 * A holder's session (issue 5) has cookies of its own, so that one browser can hold a staff
 * session and a holder session at once (the demo switches between the two) without either
 * replacing the other; the auth plugin picks the one the route admits.
 */
export const HOLDER_SESSION_COOKIE = 'hutong-holder-session';
export const HOLDER_CSRF_COOKIE = 'hutong-holder-csrf';
const HOST_PREFIX = '__Host-';

/** RFC 6265 §4.2.1: `name=value` pairs separated by `; `. Values here are base64url, never quoted. */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (header === undefined || header.length > 8192) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    // The first of two same-named cookies is the more specific one (RFC 6265 §5.4 item 2).
    if (!cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

/** The session id from a Cookie header (either name form). */
export function sessionCookieValue(header: string | undefined): string | undefined {
  const cookies = parseCookieHeader(header);
  return cookies.get(`${HOST_PREFIX}${SESSION_COOKIE}`) ?? cookies.get(SESSION_COOKIE);
}

/** The holder session id from a Cookie header (either name form). */
export function holderSessionCookieValue(header: string | undefined): string | undefined {
  const cookies = parseCookieHeader(header);
  return cookies.get(`${HOST_PREFIX}${HOLDER_SESSION_COOKIE}`) ?? cookies.get(HOLDER_SESSION_COOKIE);
}

export interface CookieSettings {
  readonly secure: boolean;
  /** Max-Age in seconds; 0 deletes. */
  readonly maxAge: number;
}

function cookie(name: string, value: string, settings: CookieSettings, httpOnly: boolean): string {
  const parts = [
    `${settings.secure ? HOST_PREFIX : ''}${name}=${value}`,
    'Path=/',
    `Max-Age=${settings.maxAge}`,
    // Strict: a link from another site arrives without the session, so it cannot act with it.
    'SameSite=Strict',
  ];
  if (httpOnly) parts.push('HttpOnly');
  if (settings.secure) parts.push('Secure');
  return parts.join('; ');
}

/**
 * The Set-Cookie values for a session: the id (HttpOnly: no script can read it) and the CSRF
 * token (readable by the web UI's script, which echoes it in `X-CSRF-Token`).
 */
export function sessionCookies(sessionId: string, csrfToken: string, settings: CookieSettings): string[] {
  return [cookie(SESSION_COOKIE, sessionId, settings, true), cookie(CSRF_COOKIE, csrfToken, settings, false)];
}

/** Set-Cookie values that delete both cookies. */
export function clearedSessionCookies(secure: boolean): string[] {
  return sessionCookies('', '', { secure, maxAge: 0 });
}

/** The Set-Cookie values of a holder session (same attributes as a staff session's, own names). */
export function holderSessionCookies(sessionId: string, csrfToken: string, settings: CookieSettings): string[] {
  return [
    cookie(HOLDER_SESSION_COOKIE, sessionId, settings, true),
    cookie(HOLDER_CSRF_COOKIE, csrfToken, settings, false),
  ];
}

/** Set-Cookie values that delete both holder cookies. */
export function clearedHolderSessionCookies(secure: boolean): string[] {
  return holderSessionCookies('', '', { secure, maxAge: 0 });
}

/** RFC 6761 §6.3: `localhost` names are loopback; so are 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostHeader: string | undefined): boolean {
  if (hostHeader === undefined) return false;
  const host = hostHeader.startsWith('[')
    ? hostHeader.slice(1, hostHeader.indexOf(']'))
    : (hostHeader.split(':')[0] ?? '');
  return host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '::1';
}
