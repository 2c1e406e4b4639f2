import { tables } from '@yijian/db';
import type { Knex } from 'knex';
import { dropHeldJobs } from '../jobs/jobQueries';

/** Sets columns of the case row (the command holds its lock). */
export function updateCase(trx: Knex.Transaction, caseId: string, columns: Record<string, unknown>) {
  return tables.cases(trx).where({ id: caseId }).update(columns);
}

/** The case's bundle: its lead department (the window) and its 提醒/催办 policy. */
export function bundleOfCase(trx: Knex.Transaction, caseId: string) {
  return trx('cases as c')
    .join('bundles as b', 'b.key', 'c.bundle_key')
    .where('c.id', caseId)
    .first<{ key: string; lead_department_id: string; warning_policy: unknown }>(
      'b.key',
      'b.lead_department_id',
      'b.warning_policy',
    );
}

/** The case now waits for a message (once per key). */
export function subscribe(
  trx: Knex.Transaction,
  row: {
    case_id: string;
    key: string;
    name: string;
    correlation: string | null;
    element_id: string;
    created_at: string;
  },
) {
  return trx('case_subscriptions').insert(row).onConflict(['case_id', 'key']).ignore();
}

export function unsubscribe(trx: Knex.Transaction, caseId: string, key: string) {
  return trx('case_subscriptions').where({ case_id: caseId, key }).delete();
}

/** The open incident of a key, to name it in the audit log when it resolves. */
export function openIncident(trx: Knex.Transaction, caseId: string, key: string) {
  return trx('incidents')
    .where({ case_id: caseId, key, status: 'open' })
    .first<{ id: string | number; element_id: string } | undefined>('id', 'element_id');
}

/** Drops one job by its key (a BPMN timer the case no longer waits for). */
export function deleteJob(trx: Knex.Transaction, key: string) {
  dropHeldJobs(trx, key, `${key}\u0000`);
  return trx('jobs').where({ key }).delete();
}
