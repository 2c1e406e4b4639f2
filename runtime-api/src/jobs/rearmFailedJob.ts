import type { Knex } from 'knex';

/**
 * Gives a job that ran out of attempts a fresh start after an operator fixed its cause: due now,
 * attempts back to zero, the last error cleared. Runs in the caller's transaction (the case row
 * locked first, as in every path). Returns false when the case has no such job any more.
 */
export async function rearmFailedJob(
  trx: Knex.Transaction,
  caseId: string,
  jobKey: string,
): Promise<boolean> {
  const updated = await trx('jobs')
    .where({ key: jobKey, case_id: caseId })
    .update({ attempts: 0, last_error: null, run_at: trx.fn.now() });
  return updated > 0;
}
