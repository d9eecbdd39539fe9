import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The dashboard bundle: src/web → dist/web, served by `omo serve` next to the API.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1000,
  },
});
