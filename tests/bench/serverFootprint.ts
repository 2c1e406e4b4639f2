/**
 * Start-up time and memory of a runtime node (issue 17): a server process is started the way
 * `npm start` starts one (migrations, seeds, the job worker; no web build), on external PostgreSQL
 * (DATABASE_URL) and on the embedded one, and timed from its process start to ready (the port
 * answers /api/health). Its resident memory (VmRSS) is read idle, then at its highest while
 * `clients` applicants and clerks file cases and read lists for `seconds`.
 *
 * The same file is the probe: `node --import tsx serverFootprint.ts --probe` starts the server and
 * prints one JSON line when ready.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { dropDatabase, ensureDatabaseExists, resolveDatabase, withDatabase } from '@yijian/db';
import { ApiClient, restaurantForm } from '@yijian/examples';
import { startServer } from '@yijian/runtime-api';
import pino from 'pino';

export interface StartupFigure {
  /** Process start to ready, ms: a new database (migrations, seeds) and a restart on it. */
  firstMs: number;
  restartMs: number;
}

export interface FootprintResult {
  external: StartupFigure;
  embedded: StartupFigure | null;
  /** Resident memory of the server process, MB. */
  rssIdleMb: number;
  rssLoadMb: number;
  load: { clients: number; seconds: number; requests: number; failed: number };
}

const here = fileURLToPath(import.meta.url);

if (process.argv.includes('--probe')) {
  const database = await resolveDatabase({ dataDir: process.env.BENCH_EMBEDDED_DIR });
  const running = await startServer({
    databaseUrl: database.url,
    log: pino({ level: 'silent' }),
    demoUsers: true,
    worker: true,
    app: { loginRateLimit: 1_000_000 },
  });
  const health = await fetch(`${running.url}/api/health`);
  if (!health.ok) throw new Error(`health answered ${health.status}`);
  // performance.now() counts from this process's start.
  process.stdout.write(`${JSON.stringify({ readyMs: performance.now(), url: running.url })}\n`);
  process.on('SIGTERM', async () => {
    await running.close().catch(() => {});
    await database.stop().catch(() => {});
    process.exit(0);
  });
}

/** Starts a probe server; resolves when it is ready. */
async function startProbe(
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; readyMs: number; url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', here, '--probe'], {
    env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<{ readyMs: number; url: string }>((resolve, reject) => {
    lines.once('line', (line) => resolve(JSON.parse(line)));
    child.once('exit', (code) => reject(new Error(`probe server exited with ${code} before ready`)));
  });
  return {
    child,
    ...ready,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** VmRSS of a process, MB (Linux). */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/** Applicants filing and listing, clerks reading their queue, for `seconds`. */
async function load(url: string, clients: number, seconds: number) {
  const applicants = await Promise.all(
    Array.from({ length: clients }, () => new ApiClient(url).login('zhangsan')),
  );
  const clerk = await new ApiClient(url).login('admin');
  let requests = 0;
  let failed = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    applicants.map(async (applicant, i) => {
      while (performance.now() < until) {
        const res =
          i % 2 === 0
            ? await applicant.post('/api/cases', { bundleKey: 'restaurant', form: restaurantForm })
            : i % 4 === 1
              ? await applicant.get('/api/cases')
              : await clerk.get('/api/monitor/summary');
        requests++;
        if (res.status >= 300) failed++;
      }
    }),
  );
  return { clients, seconds, requests, failed };
}

export async function serverFootprint(
  options: { clients?: number; seconds?: number; embedded?: boolean; say?: (line: string) => void } = {},
): Promise<FootprintResult> {
  const say = options.say ?? (() => {});
  const clients = options.clients ?? 8;
  const seconds = options.seconds ?? 10;
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('The footprint bench needs DATABASE_URL (external PostgreSQL)');
  const name = `yj_bench_footprint_${process.pid}`;
  await dropDatabase(serverUrl, name);
  await ensureDatabaseExists(serverUrl, name);
  const env = { DATABASE_URL: withDatabase(serverUrl, name) };
  try {
    say('  external PostgreSQL: first start on a new database…');
    const first = await startProbe(env);
    await first.stop();
    say('  external PostgreSQL: restart, then idle and under load…');
    const server = await startProbe(env);
    let rssIdleMb: number;
    let rssLoadMb: number;
    let measuredLoad: FootprintResult['load'];
    try {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      rssIdleMb = rssMb(server.child.pid!);
      rssLoadMb = rssIdleMb;
      const sampler = setInterval(() => {
        rssLoadMb = Math.max(rssLoadMb, rssMb(server.child.pid!));
      }, 200);
      try {
        measuredLoad = await load(server.url, clients, seconds);
      } finally {
        clearInterval(sampler);
      }
      rssLoadMb = Math.max(rssLoadMb, rssMb(server.child.pid!));
    } finally {
      await server.stop();
    }
    let embedded: StartupFigure | null = null;
    if (options.embedded !== false) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'yj-bench-embedded-'));
      const embeddedEnv = { DATABASE_URL: '', BENCH_EMBEDDED_DIR: dir };
      try {
        say('  embedded PostgreSQL: first start (initdb, migrations, seeds), then a restart…');
        const firstEmbedded = await startProbe(embeddedEnv);
        await firstEmbedded.stop();
        const again = await startProbe(embeddedEnv);
        await again.stop();
        embedded = { firstMs: firstEmbedded.readyMs, restartMs: again.readyMs };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    return {
      external: { firstMs: first.readyMs, restartMs: server.readyMs },
      embedded,
      rssIdleMb,
      rssLoadMb,
      load: measuredLoad,
    };
  } finally {
    await dropDatabase(serverUrl, name);
  }
}
