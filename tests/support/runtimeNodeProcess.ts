import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { repositoryRoot } from '@yijian/db';

/** A runtime node in a process of its own (runtimeNode.ts): its URL and its process. */
export interface RuntimeNode {
  url: string;
  child: ChildProcess;
  alive: boolean;
}

/**
 * Starts runtimeNode.ts as a process on `databaseUrl` (and `readUrl`) and waits until it listens.
 * Only a node started with `seed` seeds the catalogue; the others find it in place.
 */
export async function startRuntimeNode(options: {
  databaseUrl: string;
  readUrl?: string;
  seed: boolean;
  /** Run the job worker too (default). */
  worker?: boolean;
}): Promise<RuntimeNode> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join('tests', 'support', 'runtimeNode.ts')],
    {
      cwd: repositoryRoot(),
      env: {
        ...process.env,
        DATABASE_URL: options.databaseUrl,
        ...(options.readUrl ? { DATABASE_READ_URL: options.readUrl } : {}),
        YJ_SEED: options.seed ? '1' : '0',
        YJ_WORKER: options.worker === false ? '0' : '1',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`runtime node exited (${code}) before listening`)));
  });
  const node = { url, child, alive: true };
  child.on('exit', () => {
    node.alive = false;
  });
  return node;
}
