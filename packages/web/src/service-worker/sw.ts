/**
 * The service worker: the verifier keeps working with the network off (issue 6 item 2). It
 * keeps, in Cache Storage:
 * - the app shell (index.html under `/`, answered for every page address, `/v/<code>`
 *   included, when the node cannot be reached, and its icon) and the scripts and styles the verifier scenes
 *   need, precached at install from the build's manifest (injected by vite.config.ts);
 * - every other built asset the first time it is fetched (their names carry a content hash,
 *   so a cached one is never stale);
 * - the node's trust list and anchor, the issuers' status lists and the catalogue's types
 *   (labels), network first: the freshest copy when online, the last one when offline. The
 *   trust list carries its own signed expiry, which the page checks (trust-store.ts), so an
 *   old copy is never trusted beyond it.
 * Nothing else (no personal data: no licences, sessions or registers) is ever stored.
 */
// Type-checked with the WebWorker library (tsconfig.sw.json), where `self` is any worker's scope.
const sw = self as unknown as ServiceWorkerGlobalScope;

// Replaced at build time by the list of files to precache and a digest of it (vite.config.ts).
const PRECACHE: readonly string[] = JSON.parse('__HUTONG_PRECACHE_MANIFEST__') as string[];
const VERSION = '__HUTONG_PRECACHE_VERSION__';

const SHELL_CACHE = `hutong-shell-${VERSION}`;
const ASSET_CACHE = 'hutong-assets';
const DATA_CACHE = 'hutong-data';
const SHELL = '/';
/** Files of `public/` the shell shows (the tab's icon). */
const SHELL_FILES = ['/favicon.svg'];

/** The API reads worth having offline: public, signed, and checked by the page itself. */
const DATA_PATHS = [/^\/api\/v1\/trust-list(\/anchor)?$/, /^\/api\/v1\/status-lists\//, /^\/api\/v1\/catalogue\/types/];

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      await cache.addAll([SHELL, ...SHELL_FILES, ...PRECACHE]);
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith('hutong-shell-') && name !== SHELL_CACHE) await caches.delete(name);
      }
      await sw.clients.claim();
    })(),
  );
});

async function networkFirst(request: Request, cacheName: string, fallback?: string): Promise<Response> {
  const cache = await caches.open(cacheName);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(fallback ?? request, response.clone());
    return response;
  } catch (error) {
    const cached = (await cache.match(fallback ?? request)) ?? (await caches.match(fallback ?? request));
    if (cached !== undefined) return cached;
    throw error;
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const cached = await caches.match(request);
  if (cached !== undefined) return cached;
  const response = await fetch(request);
  if (response.ok) await (await caches.open(ASSET_CACHE)).put(request, response.clone());
  return response;
}

sw.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (request.mode === 'navigate' && !url.pathname.startsWith('/api/')) {
    // Every page is the one shell (the browser-side router reads the address).
    event.respondWith(networkFirst(request, SHELL_CACHE, SHELL));
  } else if (SHELL_FILES.includes(url.pathname)) {
    event.respondWith(networkFirst(request, SHELL_CACHE));
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(cacheFirst(request));
  } else if (DATA_PATHS.some((path) => path.test(url.pathname))) {
    event.respondWith(networkFirst(request, DATA_CACHE));
  }
});
