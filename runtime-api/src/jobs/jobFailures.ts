import type { Knex } from 'knex';
import { appendCaseEvent } from '../commands/caseEvents';
import { raiseIncident } from '../incidents/incidentQueries';
import { jobFailedMessages } from './jobIncidentMessages';
import type { JobRow } from './jobQueries';

/** Seconds before the next attempt after `attempts` failures: 10 s, 20 s, 40 s, … at most an hour. */
export const retryDelaySeconds = (attempts: number) => Math.min(3600, 5 * 2 ** attempts);

/**
 * Records a failed attempt in the sweeper's transaction (the handler's own writes were rolled back
 * to its savepoint). Below `maxAttempts` the job is due again after a backoff; at the limit it is
 * marked failed — kept, never taken again — and an incident is raised on its case (`job:<key>`,
 * code `job_failed`) with the last error, so an operator sees it instead of a silent retry loop;
 * its sentence names the job and the error in zh-CN and English (jobIncidentMessages.ts).
 * Returns whether the job is now failed for good.
 */
export async function recordJobFailure(
  trx: Knex.Transaction,
  job: JobRow,
  error: Error,
  options: { now: string; maxAttempts: number },
): Promise<boolean> {
  const attempts = job.attempts + 1;
  const message = (error.message || String(error)).slice(0, 2000);
  if (attempts < options.maxAttempts) {
    await trx('jobs')
      .where({ id: job.id })
      .update({
        attempts,
        last_error: message,
        run_at: trx.raw('?::timestamptz + make_interval(secs => ?)', [
          options.now,
          retryDelaySeconds(attempts),
        ]),
      });
    return false;
  }
  await trx('jobs').where({ id: job.id }).update({ attempts, last_error: message, failed_at: options.now });
  if (job.case_id) {
    const messages = jobFailedMessages(job.kind, attempts, error);
    await raiseIncident(trx, {
      caseId: job.case_id,
      key: jobIncidentKey(job.key),
      source: 'job',
      elementId: typeof job.payload.elementId === 'string' ? job.payload.elementId : null,
      code: 'job_failed',
      message: messages.en,
      messages,
      attempts,
      raisedBy: { kind: job.kind, key: job.key },
      at: options.now,
    });
    // The sweeper holds the case lock (takeDueJobs locks the case before its jobs), so the audit
    // append here keeps the fixed lock order: a job's incident is in the case's log like any other.
    await appendCaseEvent(trx, job.case_id, {
      type: 'incident.raised',
      at: options.now,
      actorId: null,
      elementId: typeof job.payload.elementId === 'string' ? job.payload.elementId : null,
      payload: {
        key: jobIncidentKey(job.key),
        code: 'job_failed',
        message: messages.en,
        messages,
        attempts,
        job: job.kind,
      },
    });
  }
  return true;
}

/** The incident key of a job that ran out of attempts. */
export const jobIncidentKey = (jobKey: string) => `job:${jobKey}`;

/**
 * Re-arms a failed job for an operator's retry (the incident API calls this in its transaction,
 * holding the case lock): attempts start again from zero and the job is due at `runAt` (database
 * time now by default). Returns false when the case has no failed job with that key — it ran,
 * was cancelled, or was never failed.
 */
export async function rearmFailedJob(
  trx: Knex.Transaction,
  caseId: string,
  jobKey: string,
  runAt?: string,
): Promise<boolean> {
  const updated = await trx('jobs')
    .where({ case_id: caseId, key: jobKey })
    .whereNotNull('failed_at')
    .update({ failed_at: null, attempts: 0, run_at: runAt ?? trx.fn.now() });
  return updated === 1;
}
