import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The web console: a single-page app served by the service itself at /console/ (src/console/index.ts). Built into
 * dist/console by `npm run build`; `npx vite --config console/vite.config.ts` serves it with reloads while developing,
 * passing API calls to a service on 127.0.0.1:8080.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  // Preact's JSX runtime, without a framework plugin: the app needs no fast refresh to be built.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/console', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 200,
  },
  server: {
    proxy: Object.fromEntries(
      ['/v1', '/v2', '/v3', '/v3.0', '/operator', '/metrics'].map((p) => [p, 'http://127.0.0.1:8080']),
    ),
  },
});
