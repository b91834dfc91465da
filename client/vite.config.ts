import { defineConfig } from 'vite';

/** The web app: built into dist/client (served by Express); in development Vite proxies the API. */
export default defineConfig({
  root: import.meta.dirname,
  build: { outDir: '../dist/client', emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
});
