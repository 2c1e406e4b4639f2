import type { Knex } from 'knex';
import { applyCaseEvent } from '../commands/applyCaseEvent';
import type { AppContext } from '../context';
import { casesOfDepartment } from '../sql/caseQueries';

export interface IncomingMessage {
  name: string;
  correlation: string | null;
  variables?: Record<string, unknown>;
}

/**
 * Routes a message (e.g. a department system reporting a result) to the case that has waited
 * longest for it: a subscription with that name whose correlation equals the message's, or one
 * that waits for any. The case row is locked before the engine runs, as in every command.
 * Returns the case it reached, or null when nothing waits (messages are not buffered).
 */
export async function deliverMessage(
  ctx: AppContext,
  trx: Knex.Transaction,
  message: IncomingMessage,
  /** A department system reaches only cases its department works on (a step there, or the lead). */
  departmentId: string | null = null,
): Promise<{ caseId: string; elementId: string } | null> {
  const q = trx('case_subscriptions as s');
  if (departmentId) q.whereIn('s.case_id', casesOfDepartment(trx, departmentId));
  const target = await q
    .where({ 's.name': message.name })
    .andWhere((w) => {
      w.whereNull('s.correlation');
      if (message.correlation !== null) w.orWhere('s.correlation', message.correlation);
    })
    .orderBy([{ column: 's.created_at' }, { column: 's.key' }])
    .first('s.case_id', 's.element_id');
  if (!target) return null;
  await trx('cases').where({ id: target.case_id }).forUpdate().first('id');
  await applyCaseEvent(ctx, trx, {
    caseId: target.case_id,
    actorId: null,
    event: {
      type: 'message.receive',
      name: message.name,
      correlation: message.correlation,
      ...(message.variables ? { variables: message.variables } : {}),
    },
  });
  return { caseId: target.case_id, elementId: target.element_id };
}
