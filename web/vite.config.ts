// Builds the page from web/ into dist/ with relative URLs, so the folder works from any static
// host under any sub-path. The engine package (dist/engine, from CMake) is bundled in.
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'web',
  base: './',
  build: {
    outDir: '../dist',
    emptyOutDir: false, // dist/engine is CMake's
    target: 'es2022',
    sourcemap: true,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
});
