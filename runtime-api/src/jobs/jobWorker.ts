import type { Knex } from 'knex';
import type { AppContext } from '../context';
import type { OutboundChannels } from '../notifications/outboundChannels';
import type { JobSettings } from '../settings';
import { fireDeadlineJobs, isDeadlineJob } from './deadlineBatch';
import { deliverOutbox } from './deliverOutbox';
import { recordJobFailure } from './jobFailures';
import { jobHandlers, prefetchWatched, type WatchedRows } from './jobHandlers';
import type { JobRow } from './jobQueries';
import { anyDueJob, takeDueJobs } from './takeDueJobs';

/** Defaults when a caller gives no settings (the server passes the environment's). */
const defaults: JobSettings = { maxAttempts: 5, batchSize: 250, concurrency: 4 };

export interface SweepOptions extends Partial<JobSettings> {
  /** Stop after about this many jobs (default: until nothing is due). */
  limit?: number;
}

/**
 * Runs due jobs in batches until none is left (or about `limit` ran); returns how many ran.
 * `concurrency` batches run at once on separate connections; they share the work through the
 * case locks they skip.
 * Each batch is one transaction: its cases and jobs are locked (case first, see takeDueJobs),
 * the deadline jobs fire together in set-based statements (deadlineBatch.ts), the others one after
 * another, and the fired ones are deleted together, so a job's effects
 * commit exactly once even with many nodes sweeping; a failing job never loses the others (see
 * runBatch: the batch is run again with a savepoint per job).
 * A failed attempt is kept with its error and retried after a backoff; after `maxAttempts` the job
 * is marked failed and an incident raised on its case (jobFailures.ts).
 */
export async function runDueJobs(ctx: AppContext, options: SweepOptions | number = {}): Promise<number> {
  const o = typeof options === 'number' ? { limit: options } : options;
  const settings = { ...defaults, ...withoutUndefined(o) };
  const limit = o.limit ?? Number.POSITIVE_INFINITY;
  let ran = 0;
  let failed = false;
  // `concurrency` lanes, each a batch transaction after another until it finds nothing to take.
  const lane = async () => {
    let isolate = false;
    while (ran < limit && !failed) {
      const size = Math.min(settings.batchSize, limit - ran);
      let took: number;
      try {
        took = await ctx.knex.transaction((trx) => runBatch(ctx, trx, size, settings.maxAttempts, isolate));
      } catch (error) {
        // A handler failed in a batch run without savepoints: all of it rolled back. Run it again
        // with a savepoint per job, so only the failing job is recorded as failed.
        if (error instanceof HandlerFailed) {
          isolate = true;
          continue;
        }
        failed = true;
        throw error;
      }
      isolate = false;
      if (took === 0) return;
      ran += took;
    }
  };
  // Every lane has ended before we answer, even when one failed: a sweep never runs on unseen.
  const lanes = await Promise.allSettled(Array.from({ length: Math.max(1, settings.concurrency) }, lane));
  const rejected = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
  if (rejected) throw rejected.reason;
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

/** A handler threw in a batch run without savepoints; the batch is run again with them. */
class HandlerFailed extends Error {}

/**
 * One batch in the caller's transaction. Jobs almost always succeed, so a batch first runs them
 * one after another with no savepoints (two round trips fewer per job); when one throws, the
 * whole batch rolls back and is run again with `isolate`: a savepoint per job, so the failing
 * job's writes roll back alone, its failure is recorded, and the others fire.
 */
async function runBatch(
  ctx: AppContext,
  trx: Knex.Transaction,
  size: number,
  maxAttempts: number,
  isolate: boolean,
): Promise<number> {
  // Database time (constant within the transaction), or the simulated clock of a test or demo:
  // read once and given to every handler of the batch.
  const now = await ctx.now(trx);
  const jobs = await takeDueJobs(trx, now, size);
  if (jobs.length === 0) return 0;
  const batchCtx: AppContext = { ...ctx, now: async () => now };
  const watchedRows = await prefetchWatched(trx, jobs);
  const fired: number[] = [];
  const touched = new Set<string>();
  let ran = 0;
  // Without savepoints, the deadline jobs (提醒/催办/督办, nearly all jobs) that are the first of
  // their case in the batch fire together in set-based statements (deadlineBatch.ts); the rest
  // run one after another below, in the batch's order, after them.
  let rest: readonly JobRow[] = jobs;
  if (!isolate) {
    const together: JobRow[] = [];
    const others: JobRow[] = [];
    for (const job of jobs) {
      if (job.case_id && !touched.has(job.case_id) && isDeadlineJob(job)) together.push(job);
      else others.push(job);
      if (job.case_id) touched.add(job.case_id);
    }
    touched.clear();
    for (const job of together) touched.add(job.case_id!);
    if (together.length > 0) {
      try {
        await fireDeadlineJobs(batchCtx, trx, together, watchedRows, now);
      } catch (error) {
        throw new HandlerFailed(`deadline jobs failed: ${asError(error).message}`);
      }
      fired.push(...together.map((j) => j.id));
      ran += together.length;
    }
    rest = others;
  }
  for (const taken of rest) {
    // An earlier job of the same case in this batch may have cancelled or moved this one (deemed
    // acceptance closes the intake step and drops its 催办): read it again, as a lone sweep would.
    const retouched = !!taken.case_id && touched.has(taken.case_id);
    const job = retouched ? await stillDue(trx, taken.id, now) : taken;
    if (!job) continue;
    // The rows read before the batch are this case's as they are, unless a job of it ran since.
    const rows = retouched ? undefined : watchedRows;
    if (job.case_id) touched.add(job.case_id);
    ran += 1;
    if (!isolate) {
      try {
        await runHandler(batchCtx, trx, job, rows);
      } catch (error) {
        throw new HandlerFailed(`job ${job.key} failed: ${asError(error).message}`);
      }
      fired.push(job.id);
      continue;
    }
    try {
      // A savepoint: a failing handler's writes roll back; the job row and our locks stay.
      await trx.transaction((inner) => runHandler(batchCtx, inner, job, rows));
      fired.push(job.id);
    } catch (error) {
      const failed = await recordJobFailure(trx, job, asError(error), { now, maxAttempts });
      logFailure(ctx, job, error, failed, maxAttempts);
    }
  }
  // A handler may have moved its own job into the future (rescheduled): that one stays. The
  // fired ones move to the month of `finished_jobs` (partitioned by time, migration 019).
  if (fired.length > 0)
    await trx.raw(
      `with fired as (
         delete from jobs where id = any(?) and run_at <= ?
         returning id, key, kind, case_id, run_at, payload, attempts, created_at
       )
       insert into finished_jobs (id, key, kind, case_id, run_at, payload, attempts, created_at, finished_at)
       select id, key, kind, case_id, run_at, payload, attempts, created_at, now() from fired`,
      [fired, now],
    );
  return ran;
}

/** Runs the job's handler; a kind this node does not know is a failure like any other. */
function runHandler(
  ctx: AppContext,
  trx: Knex.Transaction,
  job: JobRow,
  rows: WatchedRows | undefined,
): Promise<void> {
  const handler = jobHandlers[job.kind];
  if (!handler) throw new Error(`No handler for job kind "${job.kind}" on this node`);
  return handler(ctx, trx, job, rows);
}

/** The job as it is now, if it is still due and live (we hold its case, so nobody else changes it). */
async function stillDue(trx: Knex.Transaction, id: number, now: string): Promise<JobRow | undefined> {
  const { rows } = await trx.raw<{ rows: JobRow[] }>(
    `select id, key, kind, case_id, run_at, payload, attempts from jobs
      where id = ? and run_at <= ? and failed_at is null`,
    [id, now],
  );
  return rows[0];
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
  options: Partial<JobSettings> & { intervalMs?: number; outbound?: OutboundChannels } = {},
): { stop(): Promise<void> } {
  const { intervalMs = 5000, outbound, ...settings } = options;
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let partitionsMadeAt = 0;
  const loop = async () => {
    while (!stopped) {
      // Months of the partitioned history made ahead (migration 019), at start and every 6 hours.
      // Not urgent (rows past the last month wait in the pending partition): a failure is a
      // warning, tried again at the next round.
      if (Date.now() - partitionsMadeAt > 6 * 3600_000) {
        partitionsMadeAt = Date.now();
        current = ensureHistoryPartitions(ctx.knex).catch((error: unknown) =>
          ctx.log.warn({ err: error }, 'making history partitions failed; will try again'),
        );
        await current;
      }
      current = runDueJobs(ctx, settings).catch((error: unknown) =>
        ctx.log.error({ err: error }, 'job sweep failed; continuing'),
      );
      await current;
      // E-mail and SMS of the outbox, each message in its own transaction (deliverOutbox.ts).
      if (outbound && !stopped) {
        current = deliverOutbox(ctx, { channels: outbound, maxAttempts: settings.maxAttempts }).catch(
          (error: unknown) => ctx.log.error({ err: error }, 'outbox sweep failed; continuing'),
        );
        await current;
      }
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

/**
 * Makes the months of the partitioned audit log and fired jobs up to `monthsAhead` ahead and drops
 * fired-job months older than `keepJobMonths` (migration 019's SQL function, which runs with the
 * owner's rights). Cheap when nothing is due: one read of `history_partitions`. Returns how many
 * months were made.
 */
export async function ensureHistoryPartitions(
  knex: Knex,
  options: { monthsAhead?: number; keepJobMonths?: number } = {},
): Promise<number> {
  const { rows } = await knex.raw<{ rows: { made: number }[] }>(
    'select yijian_ensure_history_partitions(?::int, ?::int) as made',
    [options.monthsAhead ?? 3, options.keepJobMonths ?? 13],
  );
  return rows[0]!.made;
}
