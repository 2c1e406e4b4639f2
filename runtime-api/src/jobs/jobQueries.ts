import type { Knex } from 'knex';

/** Job kinds the runtime knows; each has a handler in jobHandlers.ts. */
export type JobKind =
  | 'task.remind'
  | 'task.urge'
  | 'task.supervise'
  | 'item.remind'
  | 'item.urge'
  | 'item.supervise'
  | 'case.remind'
  | 'case.urge'
  | 'case.supervise'
  | 'case.timer'
  /** Daily: warn an admin from 1 November when next year's holiday notice is missing. */
  | 'calendar.check';

export interface JobRow {
  id: number;
  key: string;
  kind: JobKind;
  case_id: string | null;
  run_at: Date;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * Schedules a job under a unique key, in the caller's transaction. Scheduling the same key again
 * moves it (a deadline that changed), so scheduling is idempotent.
 */
export function scheduleJob(
  trx: Knex | Knex.Transaction,
  job: {
    key: string;
    kind: JobKind;
    caseId: string | null;
    runAt: string;
    payload?: Record<string, unknown>;
  },
) {
  return trx('jobs')
    .insert({
      key: job.key,
      kind: job.kind,
      case_id: job.caseId,
      run_at: job.runAt,
      payload: JSON.stringify(job.payload ?? {}),
    })
    .onConflict('key')
    .merge(['run_at', 'payload', 'kind', 'case_id']);
}

/** Removes jobs by exact key or key prefix (e.g. every job of a task when it completes). */
export function cancelJobs(trx: Knex | Knex.Transaction, keyPrefix: string) {
  return trx('jobs')
    .where('key', 'like', `${keyPrefix.replace(/[\\%_]/g, '\\$&')}%`)
    .delete();
}
