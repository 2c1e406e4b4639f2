/**
 * The clerks of the scale bench's completion runs, in a process of their own (forked by
 * scaleBench.ts), as pgbench's clients are: in the server's process their HTTP requests and
 * answers took a sixth of the event loop the server is measured on.
 *
 * Protocol (IPC): the parent sends a {@link ClientsJob}; this process logs the clerks in and
 * answers `ready`; on `go` it completes steps until the time is up and answers a
 * {@link ClientsResult}; the parent then ends it.
 */
import { ApiClient } from '@yijian/examples';

export interface ClientsJob {
  /** The runtime nodes; client `c` sends to `urls[c % urls.length]`. */
  urls: string[];
  clients: number;
  seconds: number;
  /** Open steps to complete, in order, shared by all clients. */
  pool: { id: string; department_id: string }[];
}

export interface ClientsResult {
  /** Milliseconds of each completion answered 200. */
  samples: number[];
  /** Answers other than 200, by status. */
  failed: Record<string, number>;
  /** The slowest 503 answer, ms, or null if none. */
  busyMaxMs: number | null;
  elapsedSeconds: number;
  /** Completions answered 200 by each node, in the order of `urls`. */
  perNode: number[];
}

async function run(job: ClientsJob): Promise<ClientsResult> {
  const samples: number[] = [];
  const failed: Record<string, number> = {};
  let busyMaxMs: number | null = null;
  const perNode = job.urls.map(() => 0);
  let next = 0;
  const started = performance.now();
  const until = started + job.seconds * 1000;
  await Promise.all(
    Array.from({ length: job.clients }, async (_, c) => {
      while (performance.now() < until && next < job.pool.length) {
        const task = job.pool[next++]!;
        const t0 = performance.now();
        const res = await sessions
          .get(`${c}/${task.department_id}`)!
          .post(`/api/tasks/${task.id}/complete`, { outcome: 'approved' });
        if (res.status === 200) {
          samples.push(performance.now() - t0);
          perNode[c % job.urls.length]! += 1;
        } else failed[res.status] = (failed[res.status] ?? 0) + 1;
        if (res.status === 503) busyMaxMs = Math.max(busyMaxMs ?? 0, performance.now() - t0);
      }
    }),
  );
  return { samples, failed, busyMaxMs, perNode, elapsedSeconds: (performance.now() - started) / 1000 };
}

const sessions = new Map<string, ApiClient>();
let job: ClientsJob | null = null;

process.on('message', async (message: ClientsJob | 'go') => {
  if (message !== 'go') {
    job = message;
    // Logged in first, so the measured window holds completions only.
    for (let c = 0; c < job.clients; c++)
      for (const dept of new Set(job.pool.map((t) => t.department_id)))
        sessions.set(
          `${c}/${dept}`,
          await new ApiClient(job.urls[c % job.urls.length]!).login(`${dept}.clerk`),
        );
    process.send!('ready');
    return;
  }
  process.send!(await run(job!));
});
