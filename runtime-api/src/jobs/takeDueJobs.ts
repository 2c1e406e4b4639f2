import type { Knex } from 'knex';
import type { JobRow } from './jobQueries';

const jobColumns = 'id, key, kind, case_id, run_at, payload, attempts';

/**
 * Takes up to `limit` due jobs for the caller's transaction, in the lock order every command
 * uses — the case first, then its jobs — so a sweeper and a command (which locks a case, then
 * cancels or moves its jobs) can never wait for each other in a cycle:
 *
 * 1. Walks the due jobs in (run_at, id) order and locks their cases `FOR UPDATE SKIP LOCKED`: a
 *    case another sweeper or a command holds is passed over, never waited for, and the walk goes
 *    on to later jobs, so several sweepers share the work instead of queueing on one case.
 * 2. Locks those jobs `FOR UPDATE SKIP LOCKED`, re-checking they are still due and live (a command
 *    may have moved or cancelled one between the walk and the case lock).
 *
 * Jobs without a case (none today) are taken last, by their own lock. Failed jobs
 * (`failed_at`, see jobFailures.ts) are never taken. Cost follows what is due, not what is
 * scheduled: both statements read the partial (run_at, id) index only as far as the due jobs go.
 */
export async function takeDueJobs(trx: Knex.Transaction, now: string, limit: number): Promise<JobRow[]> {
  const walked = await trx.raw<{ rows: { id: number }[] }>(
    `select j.id from jobs j join cases c on c.id = j.case_id
      where j.run_at <= ? and j.failed_at is null
      order by j.run_at, j.id
      limit ?
      for update of c skip locked`,
    [now, limit],
  );
  const ids = walked.rows.map((r) => r.id);
  const jobs: JobRow[] = [];
  if (ids.length > 0) {
    const locked = await trx.raw<{ rows: JobRow[] }>(
      `select ${jobColumns} from jobs
        where id = any(?) and run_at <= ? and failed_at is null
        order by run_at, id
        for update skip locked`,
      [ids, now],
    );
    jobs.push(...locked.rows);
  }
  if (ids.length < limit) {
    const caseless = await trx.raw<{ rows: JobRow[] }>(
      `select ${jobColumns} from jobs
        where case_id is null and run_at <= ? and failed_at is null
        order by run_at, id
        limit ?
        for update skip locked`,
      [now, limit - ids.length],
    );
    jobs.push(...caseless.rows);
  }
  return jobs;
}

/** Whether any live job is due: a sweep that took nothing while this holds found them all busy. */
export async function anyDueJob(db: Knex | Knex.Transaction, now: string): Promise<boolean> {
  const { rows } = await db.raw<{ rows: { due: boolean }[] }>(
    'select exists (select 1 from jobs where run_at <= ? and failed_at is null) as due',
    [now],
  );
  return rows[0]!.due;
}
