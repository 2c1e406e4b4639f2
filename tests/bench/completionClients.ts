/**
 * The clerks of the scale bench's completion runs, in a process of their own (forked by
 * scaleBench.ts), as pgbench's clients are: in the server's process their HTTP requests and
 * answers took a sixth of the event loop the server is measured on.
 *
 * The completions go through node:http with a keep-alive agent, not fetch: on two shared cores the
 * load generator's CPU is taken from the server, so it should cost as little as it can (pgbench's
 * client is C); the logins use the ordinary ApiClient. Its own CPU is reported (`cpuSeconds`).
 *
 * Protocol (IPC): the parent sends a {@link ClientsJob}; this process logs the clerks in and
 * answers `ready`; on `go` it completes steps until the time is up and answers a
 * {@link ClientsResult}; the parent then ends it.
 */
import http from 'node:http';
import { ApiClient } from '@yijian/examples';

export interface ClientsJob {
  /** The runtime nodes; client `c` sends to `urls[c % urls.length]`. */
  urls: string[];
  clients: number;
  seconds: number;
  /** Open steps to complete, in order, shared by all clients. */
  pool: { id: string; department_id: string; element_id: string }[];
}

export interface ClientsResult {
  /** Milliseconds of each completion answered 200. */
  samples: number[];
  /** Answers other than 200, by status and error code ("409 task_not_open"). */
  failed: Record<string, number>;
  /** The slowest 503 answer, ms, or null if none. */
  busyMaxMs: number | null;
  elapsedSeconds: number;
  /** Completions answered 200 by each node, in the order of `urls`. */
  perNode: number[];
  /** CPU time this process spent during the run (user + system), in seconds. */
  cpuSeconds: number;
}

async function run(job: ClientsJob): Promise<ClientsResult> {
  const samples: number[] = [];
  const failed: Record<string, number> = {};
  let busyMaxMs: number | null = null;
  const perNode = job.urls.map(() => 0);
  let next = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const until = started + job.seconds * 1000;
  await Promise.all(
    Array.from({ length: job.clients }, async (_, c) => {
      while (performance.now() < until && next < job.pool.length) {
        const task = job.pool[next++]!;
        const t0 = performance.now();
        const session = sessions.get(`${c}/${task.department_id}`)!;
        // 办结, or 准予许可 at an item's decision step (the server refuses to 办结 it: learnt once).
        const decide = () => post(session, `/api/tasks/${task.id}/decision`, GRANT);
        let res = decisionSteps.has(task.element_id)
          ? await decide()
          : await post(session, `/api/tasks/${task.id}/complete`, COMPLETE);
        if (res.status === 409 && res.code === 'decision_step_needs_decision') {
          decisionSteps.add(task.element_id);
          res = await decide();
        }
        if (res.status === 200) {
          samples.push(performance.now() - t0);
          perNode[c % job.urls.length]! += 1;
        } else {
          const key = res.code ? `${res.status} ${res.code}` : String(res.status);
          failed[key] = (failed[key] ?? 0) + 1;
        }
        if (res.status === 503) busyMaxMs = Math.max(busyMaxMs ?? 0, performance.now() - t0);
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return {
    samples,
    failed,
    busyMaxMs,
    perNode,
    elapsedSeconds: (performance.now() - started) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}

const COMPLETE = JSON.stringify({ outcome: 'approved' });
const GRANT = JSON.stringify({ decision: 'grant' });
/** Elements whose steps are items' decisions (concluded with POST …/decision). */
const decisionSteps = new Set<string>();
const agent = new http.Agent({ keepAlive: true });

/** POSTs `body` with the session's token: the answer's status, and its error code when it failed. */
function post(session: ApiClient, path: string, body: string): Promise<{ status: number; code?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${session.baseUrl}${path}`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          authorization: `Bearer ${session.token}`,
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        let text = '';
        res.on('data', (chunk: Buffer) => {
          if (status !== 200) text += chunk.toString();
        });
        res.on('end', () => resolve({ status, code: status === 200 ? undefined : errorCode(text) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function errorCode(text: string): string | undefined {
  try {
    return (JSON.parse(text) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
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
