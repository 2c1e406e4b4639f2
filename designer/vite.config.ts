import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In production the Express API serves dist/ on the same origin; in `vite dev` (and `vite preview`,
// which inherits server.proxy) we forward /api to a locally running runtime-api.
export default defineConfig({
  plugins: [react()],
  // form-js-editor pins its own preact while its properties panel uses the hoisted one; two
  // copies of preact's hooks break the editor ("reading 'context'"), so one copy is bundled.
  resolve: { dedupe: ['preact'] },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000' },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd alone is about 1 MB minified. It gets its own chunk so app releases do not bust its
    // cache; bpmn-js is split off by the lazy diagram route.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /[\\/]node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/,
            },
            {
              name: 'antd',
              test: /[\\/]node_modules[\\/](antd|@ant-design|@rc-component|@emotion|dayjs)[\\/]/,
            },
          ],
        },
      },
    },
  },
});
