// Builds the one web app (portal at /, dashboard at /admin) and the embeddable widget script (/widget.js).
// Everything is bundled: the pages load nothing from any host but the desk's own.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    rollupOptions: {
      input: { main: `${here}index.html`, widget: `${here}src/widget/embed.ts` },
      output: {
        // The widget keeps a stable name: it is the one file other sites link to.
        entryFileNames: (chunk) => (chunk.name === 'widget' ? 'widget.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:3000', '/health': 'http://127.0.0.1:3000' } },
});
