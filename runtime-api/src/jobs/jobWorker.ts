import type { Knex } from 'knex';
import type { AppContext } from '../context';
import type { JobSettings } from '../settings';
import { recordJobFailure } from './jobFailures';
import { jobHandlers } from './jobHandlers';
import type { JobRow } from './jobQueries';
import { anyDueJob, takeDueJobs } from './takeDueJobs';

/** Defaults when a caller gives no settings (the server passes the environment's). */
const defaults: JobSettings = { maxAttempts: 5, batchSize: 100 };

export interface SweepOptions extends Partial<JobSettings> {
  /** Stop after about this many jobs (default: until nothing is due). */
  limit?: number;
}

/**
 * Runs due jobs in batches until none is left (or `limit` ran); returns how many were taken.
 * Each batch is one transaction: its cases and jobs are locked (case first, see takeDueJobs),
 * each job runs in a savepoint and the fired jobs are deleted together, so a job's effects commit
 * exactly once even with many nodes sweeping, and one failing job costs only its own savepoint.
 * A failed attempt is kept with its error and retried after a backoff; after `maxAttempts` the job
 * is marked failed and an incident raised on its case (jobFailures.ts).
 */
export async function runDueJobs(ctx: AppContext, options: SweepOptions | number = {}): Promise<number> {
  const o = typeof options === 'number' ? { limit: options } : options;
  const settings = { ...defaults, ...withoutUndefined(o) };
  const limit = o.limit ?? Number.POSITIVE_INFINITY;
  let ran = 0;
  while (ran < limit) {
    const took = await ctx.knex.transaction((trx) =>
      runBatch(ctx, trx, Math.min(settings.batchSize, limit - ran), settings.maxAttempts),
    );
    if (took === 0) break;
    ran += took;
  }
  return ran;
}

/**
 * Sweeps until no live job is due, waiting briefly while the due ones are held by another node:
 * `worker.ts --drain` and tests that must see every due job fired.
 */
export async function drainDueJobs(ctx: AppContext, options: Partial<JobSettings> = {}): Promise<number> {
  let total = 0;
  for (;;) {
    const ran = await runDueJobs(ctx, options);
    total += ran;
    if (ran > 0) continue;
    if (!(await anyDueJob(ctx.knex, await ctx.now()))) return total;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function runBatch(
  ctx: AppContext,
  trx: Knex.Transaction,
  size: number,
  maxAttempts: number,
): Promise<number> {
  // Database time (constant within the transaction), or the simulated clock of a test or demo:
  // read once and given to every handler of the batch.
  const now = await ctx.now(trx);
  const jobs = await takeDueJobs(trx, now, size);
  if (jobs.length === 0) return 0;
  const batchCtx: AppContext = { ...ctx, now: async () => now };
  const fired: number[] = [];
  for (const job of jobs) {
    try {
      // A savepoint: a failing handler's writes roll back; the job row and our locks stay.
      await trx.transaction((inner) => jobHandlers[job.kind](batchCtx, inner, job));
      fired.push(job.id);
    } catch (error) {
      const failed = await recordJobFailure(trx, job, asError(error), { now, maxAttempts });
      logFailure(ctx, job, error, failed, maxAttempts);
    }
  }
  // A handler may have moved its own job into the future (rescheduled): that one stays.
  if (fired.length > 0) await trx.raw('delete from jobs where id = any(?) and run_at <= ?', [fired, now]);
  return jobs.length;
}

function logFailure(ctx: AppContext, job: JobRow, error: unknown, failed: boolean, maxAttempts: number) {
  const fields = { jobId: job.id, key: job.key, kind: job.kind, attempts: job.attempts + 1, err: error };
  if (failed) ctx.log.error({ ...fields, maxAttempts }, 'job failed its last attempt; incident raised');
  else ctx.log.warn(fields, 'job failed; will retry');
}

const asError = (error: unknown) => (error instanceof Error ? error : new Error(String(error)));

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Polls for due jobs every `intervalMs`. Polling only wakes the sweep: deadlines live in the jobs
 * table, never in this process's memory, so a restart loses nothing. The loop never dies: a
 * failed sweep (the database away, a statement timeout) is logged and the next poll tries again.
 */
export function startJobWorker(
  ctx: AppContext,
  options: Partial<JobSettings> & { intervalMs?: number } = {},
): { stop(): Promise<void> } {
  const { intervalMs = 5000, ...settings } = options;
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  const loop = async () => {
    while (!stopped) {
      current = runDueJobs(ctx, settings).catch((error: unknown) =>
        ctx.log.error({ err: error }, 'job sweep failed; continuing'),
      );
      await current;
      await new Promise((resolve) => setTimeout(resolve, intervalMs).unref());
    }
  };
  void loop().catch((error: unknown) => ctx.log.error({ err: error }, 'job worker loop ended'));
  return {
    async stop() {
      stopped = true;
      await current;
    },
  };
}
