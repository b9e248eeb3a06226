import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isApiPath } from './api-path.js';

/** The web build (`packages/web/dist`), the same relative path from `src/api/` and `dist/api/`. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/** Vite names built assets by content hash, so they never change under their name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current assets: always revalidate it. */
const REVALIDATE = 'no-cache';

/** What the not-found handler needs from the web shell. */
export interface WebShell {
  /** True when `path` should get the single-page app (a page URL, not a missing file). */
  handles(method: string, path: string): boolean;
  /** Sends index.html; the browser-side router takes it from there. */
  send(reply: FastifyReply): FastifyReply;
}

/**
 * Serves the built web shell from `webRoot` with @fastify/static, or nothing when it is not
 * built (then `undefined`: pages answer `ERR_API_WEB_NOT_BUILT`).
 */
export async function registerWebShell(app: FastifyInstance, webRoot: string): Promise<WebShell | undefined> {
  if (!existsSync(join(webRoot, 'index.html'))) return undefined;
  await app.register(fastifyStatic, {
    root: webRoot,
    // `/` and unknown page paths go through the not-found handler's fallback, so that
    // index.html is sent by one code path with one cache policy.
    index: false,
    dotfiles: 'ignore',
    cacheControl: false,
    // The API is never read from disk, whatever the build folder holds.
    allowedPath: (pathName) => !isApiPath(pathName),
    setHeaders: (reply, path) => {
      reply.header('cache-control', path.includes(`${sep}assets${sep}`) ? IMMUTABLE : REVALIDATE);
    },
  });
  const send = (reply: FastifyReply): FastifyReply => reply.header('cache-control', REVALIDATE).sendFile('index.html');
  // `/` is the root directory to @fastify/static (and directories are not listed).
  app.get('/', (_request, reply) => send(reply));
  return {
    send,
    handles(method, path) {
      if (method !== 'GET' && method !== 'HEAD') return false;
      if (isApiPath(path)) return false;
      // `/licences/123` is a page; `/assets/app-3f2a.js` or `/favicon.ico` is a missing
      // file, and answering HTML for it would hide the 404 behind a MIME-type error.
      const last = path.split('/').pop() ?? '';
      return !last.includes('.');
    },
  };
}
