import type { Knex } from 'knex';
import { applyCaseEvent } from '../commands/applyCaseEvent';
import type { AppContext } from '../context';

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
): Promise<{ caseId: string; elementId: string } | null> {
  const target = await trx('case_subscriptions')
    .where({ name: message.name })
    .andWhere((w) => {
      w.whereNull('correlation');
      if (message.correlation !== null) w.orWhere('correlation', message.correlation);
    })
    .orderBy([{ column: 'created_at' }, { column: 'key' }])
    .first('case_id', 'element_id');
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
