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
    // React with Ant Design is ~750 kB minified (~240 kB gzipped), over Vite's 500 kB
    // warning; it is split from the app so that a change to Hutong's pages does not make
    // browsers fetch the libraries again.
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      output: {
        codeSplitting: { groups: [{ name: 'vendor', test: /node_modules/ }] },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
