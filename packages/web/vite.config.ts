import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/** The service worker's source: built as its own entry, `/sw.js` (its scope is the whole origin). */
const SERVICE_WORKER = fileURLToPath(new URL('src/service-worker/sw.ts', import.meta.url));
/** The scenes that must work offline: their chunks (and what they import) are precached. */
const OFFLINE_SCENES = [/verifier[\\/]verifier-page\.tsx$/, /verifier[\\/]code-page\.tsx$/];

interface BuiltChunk {
  readonly type: 'chunk';
  readonly name: string;
  readonly fileName: string;
  readonly facadeModuleId: string | null;
  readonly imports: readonly string[];
  readonly dynamicImports: readonly string[];
  readonly viteMetadata?: { readonly importedCss: ReadonlySet<string> };
  code: string;
}

/**
 * Writes into the built service worker the files it precaches at install: the app shell's
 * entry with everything it imports, and the offline scenes' chunks with everything they
 * import (statically or lazily), their CSS included; and a digest of that list, which names
 * the cache (a new build, a new cache; the old one is dropped on activation).
 */
function serviceWorkerManifest(): Plugin {
  return {
    name: 'hutong-service-worker-manifest',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = new Map<string, BuiltChunk>();
      for (const item of Object.values(bundle)) {
        if (item.type === 'chunk') chunks.set(item.fileName, item as unknown as BuiltChunk);
      }
      const files = new Set<string>();
      const walk = (fileName: string, lazy: boolean) => {
        const chunk = chunks.get(fileName);
        if (chunk === undefined || files.has(fileName)) return;
        files.add(fileName);
        for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css);
        for (const next of chunk.imports) walk(next, lazy);
        if (lazy) for (const next of chunk.dynamicImports) walk(next, lazy);
      };
      let worker: BuiltChunk | undefined;
      for (const chunk of chunks.values()) {
        const id = chunk.facadeModuleId ?? '';
        if (id === SERVICE_WORKER) worker = chunk;
        else if (id.endsWith('index.html')) walk(chunk.fileName, false);
        else if (OFFLINE_SCENES.some((scene) => scene.test(id))) walk(chunk.fileName, true);
      }
      if (worker === undefined) throw new Error('the service worker chunk is missing from the build');
      const list = [...files].sort().map((file) => `/${file}`);
      const version = createHash('sha256').update(list.join('\n')).digest('hex').slice(0, 16);
      // The manifest is a whole string literal (JSON text, quoted again); the version, hex
      // digits, may have been folded into another literal by the minifier.
      const manifest = /(["'`])__HUTONG_PRECACHE_MANIFEST__\1/;
      if (!manifest.test(worker.code) || !worker.code.includes('__HUTONG_PRECACHE_VERSION__')) {
        throw new Error(`the service worker has no precache placeholders to fill: ${worker.code.slice(0, 400)}`);
      }
      worker.code = worker.code
        .replace(manifest, JSON.stringify(JSON.stringify(list)))
        .replaceAll('__HUTONG_PRECACHE_VERSION__', version);
    },
  };
}

// The web shell is served by the Hutong server from dist/; in development, `npm run dev -w
// @hutong/web` serves it with hot reload and forwards the API to a server on 8080
// (`npx hutong serve`).
export default defineConfig({
  plugins: [react(), serviceWorkerManifest()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Only React and ECharts are grouped by hand: React is on every page and changes seldom (one
    // long-cached chunk); ECharts is the dashboard's alone. Ant Design, @hutong/core's cryptography
    // and the rest are left to Rolldown's own splitting, so each lazy scene fetches just the
    // components it uses. An earlier "antd" group (everything two scenes shared) put 800 kB on
    // the first page; measured with scripts/first-page-weight.mjs: 1,312 kB (424 kB gzip) → 858 kB
    // (277 kB gzip) for `/`. A group also captured Vite's preload helper (the "crypto" group
    // made the home page fetch 99 kB of noble), which is why none is left for shared code.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      input: { index: fileURLToPath(new URL('index.html', import.meta.url)), sw: SERVICE_WORKER },
      output: {
        // The service worker must sit at the root under a fixed name: its address is its scope.
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 40 },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/, priority: 30 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
