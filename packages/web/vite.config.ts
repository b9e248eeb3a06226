import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web shell is served by the Hutong server from dist/; in development, `npm run dev -w
// @hutong/web` serves it with hot reload and forwards the API to a server on 8080
// (`npx hutong serve`).
export default defineConfig({
  plugins: [react()],
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
      output: {
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
