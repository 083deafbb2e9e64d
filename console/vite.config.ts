import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The console page: Preact with JSX compiled by esbuild (no Babel preset), built into
 * dist/console/static and served by the server itself under /console/ with a CSP of 'self'
 * only, so nothing may be inlined: no inline scripts, styles or data-URI fonts.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  publicDir: 'public',
  logLevel: 'warn',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: fileURLToPath(new URL('../dist/console/static', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    assetsInlineLimit: 0,
    sourcemap: false,
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
});
