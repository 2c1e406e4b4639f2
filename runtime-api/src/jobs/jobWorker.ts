import type { Knex } from 'knex';
import type { AppContext } from '../context';
import { jobHandlers } from './jobHandlers';
import { type JobRow, takeDueJob } from './jobQueries';

/**
 * Runs due jobs until none is left or `limit` ran. Each job runs in its own transaction together
 * with its deletion, so its effects commit exactly once even with many nodes sweeping. A failing
 * job is kept with its error and retried later with backoff; the sweep itself never throws.
 */
export async function runDueJobs(ctx: AppContext, limit = 100): Promise<number> {
  let ran = 0;
  while (ran < limit) {
    const took = await ctx.knex.transaction(async (trx) => {
      // Database time, or the simulated clock of a test or demo.
      const job = await takeDueJob(trx, await ctx.now(trx));
      if (!job) return false;
      try {
        // A savepoint: a failing handler's writes roll back, the job row (and our lock) stay.
        await trx.transaction((inner) => jobHandlers[job.kind](ctx, inner, job));
        await trx('jobs').where({ id: job.id }).delete();
      } catch (error) {
        await recordFailure(ctx, trx, job, error as Error);
      }
      return true;
    });
    if (!took) break;
    ran += 1;
  }
  return ran;
}

/** Backs off exponentially (max one hour) and keeps the last error for the incident list. */
async function recordFailure(
  ctx: AppContext,
  trx: Knex.Transaction,
  job: JobRow,
  error: Error,
): Promise<void> {
  const attempts = job.attempts + 1;
  const delaySeconds = Math.min(3600, 2 ** attempts * 5);
  ctx.log.warn({ jobId: job.id, kind: job.kind, attempts, err: error.message }, 'job failed; will retry');
  await trx('jobs')
    .where({ id: job.id })
    .update({
      attempts,
      last_error: error.message.slice(0, 2000),
      run_at: trx.raw('now() + make_interval(secs => ?)', [delaySeconds]),
    });
}

/**
 * Polls for due jobs every `intervalMs`. Polling only wakes the sweep: deadlines live in the jobs
 * table, never in this process's memory, so a restart loses nothing.
 */
export function startJobWorker(
  ctx: AppContext,
  options: { intervalMs?: number } = {},
): { stop(): Promise<void> } {
  const intervalMs = options.intervalMs ?? 5000;
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  const loop = async () => {
    while (!stopped) {
      current = runDueJobs(ctx).catch((error: unknown) =>
        ctx.log.error({ err: error }, 'job sweep failed; continuing'),
      );
      await current;
      await new Promise((resolve) => setTimeout(resolve, intervalMs).unref());
    }
  };
  void loop();
  return {
    async stop() {
      stopped = true;
      await current;
    },
  };
}
