import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from '@yijian/db';

export const webDistPath = () => path.join(repositoryRoot(), 'designer', 'dist');

/** Newest modification time under a folder (skipping node_modules and dist). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Builds the web app when designer/dist is missing or older than its sources, so `npm start`
 * works from a fresh clone without a separate build step.
 */
export async function ensureWebBuilt(report: (line: string) => void = () => {}): Promise<string> {
  const root = repositoryRoot();
  const dist = webDistPath();
  const index = path.join(dist, 'index.html');
  const designer = path.join(root, 'designer');
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(designer)) return dist;
  report('Building the web app (designer/) with Vite — first start only, about a minute…');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
      {
        cwd: designer,
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`Web build failed with exit code ${code}`)),
    );
  });
  return dist;
}
