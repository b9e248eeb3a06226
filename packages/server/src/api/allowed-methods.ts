import type { FastifyInstance } from 'fastify';
import { isApiPath } from './api-path.js';

/** A Fastify URL pattern (`/api/licences/:id`, `/api/tiles/*`) as a whole-path RegExp. */
function patternToRegExp(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) return '[^/]+';
      if (segment === '*') return '.*';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}$`);
}

/**
 * Remembers which methods each API route accepts, so that a known path called with the
 * wrong method answers 405 with an `Allow` header (RFC 9110 §15.5.6) instead of Fastify's
 * 404. Must be created before the routes are registered (it listens to `onRoute`).
 *
 * @example const allowedMethods = trackAllowedMethods(app); allowedMethods('/api/health') // ['GET', 'HEAD']
 */
export function trackAllowedMethods(app: FastifyInstance): (path: string) => readonly string[] {
  const routes: Array<{ readonly pattern: RegExp; readonly methods: readonly string[] }> = [];
  app.addHook('onRoute', (route) => {
    if (!isApiPath(route.url)) return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    routes.push({ pattern: patternToRegExp(route.url), methods: methods.map(String) });
  });
  return (requested) => {
    // The router ignores one trailing slash (`ignoreTrailingSlash`); so does this lookup.
    const path = requested.length > 1 && requested.endsWith('/') ? requested.slice(0, -1) : requested;
    const allowed = new Set<string>();
    for (const route of routes) {
      if (route.pattern.test(path)) for (const method of route.methods) allowed.add(method);
    }
    return [...allowed].sort();
  };
}
