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
    // Libraries are split by what needs them, so that a page fetches only its own and a change
    // to Hutong's pages does not make browsers fetch the libraries again: React (every page),
    // Ant Design with its rc-components (every page), ECharts (the dashboard only), the
    // cryptography of @hutong/core (the scenes that verify: log explorer, audit chain), the rest.
    // Ant Design alone is ~700 kB minified (~220 kB gzipped), over Vite's 500 kB warning.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 40 },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/, priority: 30 },
            {
              name: 'antd',
              test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|dayjs|@emotion|stylis|classnames|@babel)[\\/]/,
              priority: 20,
              // Only what two or more scenes use: a component one scene alone needs (the audit
              // viewer's date picker, say) stays in that scene's chunk.
              minShareCount: 2,
            },
            { name: 'vendor', test: /node_modules/, priority: 10, minShareCount: 2 },
            { name: 'crypto', test: /node_modules[\\/](@noble|sm-crypto-v2|jsbn)[\\/]/, priority: 30 },
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
