import type { Knex } from 'knex';
import { applyCaseEvent } from '../commands/applyCaseEvent';
import type { AppContext } from '../context';
import { casesOfDepartment } from '../sql/caseQueries';

export interface IncomingMessage {
  name: string;
  correlation: string | null;
  variables?: Record<string, unknown>;
}

/** How many waiting subscriptions one delivery looks at before it answers "nothing waiting". */
const CANDIDATES = 20;

/**
 * Routes a message (e.g. a department system reporting a result) to the case that has waited
 * longest for it: a subscription with that name whose correlation equals the message's, or one
 * that waits for any. Returns the case it reached, or null when nothing waits (messages are not
 * buffered).
 *
 * Consuming a subscription is one atomic step, in the lock order of every command: the case row
 * first, then its subscription, re-read under the lock. Of two simultaneous deliveries of one
 * message, the second waits for the first's case lock, then finds the subscription consumed and
 * moves on to the next waiting case, or answers null — never a second "delivered" that the engine
 * then ignores. Waiting (not SKIP LOCKED) keeps a message from being refused while the first
 * delivery could still roll back.
 */
export async function deliverMessage(
  ctx: AppContext,
  trx: Knex.Transaction,
  message: IncomingMessage,
  /** A department system reaches only cases its department works on (a step there, or the lead). */
  departmentId: string | null = null,
): Promise<{ caseId: string; elementId: string } | null> {
  const matching = (q: Knex.QueryBuilder) =>
    q.where({ 's.name': message.name }).andWhere((w) => {
      w.whereNull('s.correlation');
      if (message.correlation !== null) w.orWhere('s.correlation', message.correlation);
    });
  const q = trx('case_subscriptions as s');
  if (departmentId) q.whereIn('s.case_id', casesOfDepartment(trx, departmentId));
  const candidates: { case_id: string; key: string }[] = await matching(q)
    .orderBy([{ column: 's.created_at' }, { column: 's.key' }])
    .limit(CANDIDATES)
    .select('s.case_id', 's.key');
  for (const candidate of candidates) {
    await trx('cases').where({ id: candidate.case_id }).forUpdate().first('id');
    // Under the case lock: still waiting? A delivery that held the lock before us may have taken it.
    const target = await matching(trx('case_subscriptions as s'))
      .where({ 's.case_id': candidate.case_id, 's.key': candidate.key })
      .forUpdate()
      .first('s.case_id', 's.element_id');
    if (!target) continue;
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
  return null;
}
