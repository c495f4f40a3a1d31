/**
 * Vite configuration of the web app. The app lives in `src/web/` and is built into `dist/web/`,
 * which the server serves (`PROJAN_WEB_DIST_DIR`). Nothing is fetched from outside the machine:
 * no CDN, no web fonts, and assets are emitted as files beside the bundle.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    // The content security policy allows no inline script; keep every asset a file.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
  },
});
