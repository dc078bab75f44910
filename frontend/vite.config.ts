/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// Django serves dist/ under /static/frontend/ and templates reference the files by
// fixed names, so the output has no hashes and no manifest:
//   /static/frontend/assets/editor.js  (ES module: load with <script type="module">)
//   /static/frontend/assets/editor.css
export default defineConfig({
  base: '/static/frontend/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: false,
    // One stylesheet for the whole editor, whatever module imports CSS.
    cssCodeSplit: false,
    target: 'es2022',
    rollupOptions: {
      input: 'src/main.ts',
      output: {
        entryFileNames: 'assets/editor.js',
        // A single bundle: no lazily loaded chunk can carry a hashed name.
        inlineDynamicImports: true,
        assetFileNames: (asset) =>
          asset.names.some((name) => name.endsWith('.css'))
            ? 'assets/editor.css'
            : 'assets/[name][extname]',
      },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
