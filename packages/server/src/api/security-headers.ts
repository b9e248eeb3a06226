import type { FastifyInstance } from 'fastify';
import { isApiPath } from './api-path.js';

/**
 * Headers every response carries. No HSTS: the server speaks plain HTTP behind the TLS
 * terminator that owns the host name, and that terminator sets it.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  // Scripts only from this origin. Ant Design writes its CSS-in-JS as <style> elements,
  // hence 'unsafe-inline' for styles (and for styles only).
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  // For browsers that predate CSP's frame-ancestors: no licence page inside someone's frame.
  'x-frame-options': 'DENY',
  // Licence identifiers travel in URLs; they must not leak to other sites through Referer.
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  // The camera stays available to this origin: verifiers scan show codes with it.
  'permissions-policy': 'camera=(self), microphone=(), geolocation=(), payment=()',
};

/**
 * Headers of a JSON answer (the API's data and problems): nothing in it is a document to
 * render, so its policy allows nothing at all (OWASP REST Security Cheat Sheet, "Security
 * headers": `default-src 'none'; frame-ancestors 'none'`), and the document-only headers
 * (opener, permissions) have nothing to apply to. PDFs and pages under /api keep the full set.
 */
export const JSON_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

/** `application/json` and `application/problem+json`, with or without parameters. */
function isJson(contentType: unknown): boolean {
  return (
    typeof contentType === 'string' &&
    (contentType.startsWith('application/json') || contentType.startsWith('application/problem+json'))
  );
}

/** Adds the security headers, the request id, and `no-store` on API answers (they carry personal data). */
export function registerSecurityHeaders(app: FastifyInstance): void {
  // Every answer runs this hook: the pairs listed once, and a callback hook rather than an
  // async one (no promise per answer for Fastify to wait on).
  const headers = Object.entries(SECURITY_HEADERS);
  const jsonHeaders = Object.entries(JSON_SECURITY_HEADERS);
  app.addHook('onSend', (request, reply, payload, done) => {
    for (const [name, value] of isJson(reply.getHeader('content-type')) ? jsonHeaders : headers) {
      if (!reply.hasHeader(name)) reply.header(name, value);
    }
    reply.header('x-request-id', request.id);
    if (isApiPath(request.url) && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}
