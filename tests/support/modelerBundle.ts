import path from 'node:path';
import { repositoryRoot } from '@yijian/db';
import { build } from 'esbuild';

/**
 * The designer's modeler (createModeler: the yj moddle extension, the properties panel, the
 * engine-only palette, the live deploy check) and bpmn-js's Viewer, bundled as one script for a
 * blank Chromium page: tests and the bench import diagrams into exactly what the Studio runs,
 * without a server. Exposes `window.yjModelerKit = { createModeler, Viewer }`.
 */
export async function modelerBundle(): Promise<string> {
  const root = repositoryRoot();
  const result = await build({
    stdin: {
      contents: `
        import Viewer from 'bpmn-js/lib/Viewer';
        import { createModeler } from './src/modeler/createModeler';
        window.yjModelerKit = { createModeler, Viewer };
      `,
      resolveDir: path.join(root, 'designer'),
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return result.outputFiles[0]!.text;
}
