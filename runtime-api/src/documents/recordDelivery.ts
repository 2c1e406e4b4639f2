import type { Knex } from 'knex';
import { appendCaseEvent } from '../commands/caseEvents';
import type { AppContext } from '../context';

/**
 * 送达: records how the results were handed over (window pickup, post with the tracking number,
 * electronic) in the delivery command's transaction, and logs it in the audit chain.
 */
export async function recordDelivery(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { caseId: string; method: string; trackingNumber: string | null; userId: string },
): Promise<void> {
  const at = await ctx.now(trx);
  const [row] = await trx('case_deliveries')
    .insert({
      case_id: input.caseId,
      method: input.method,
      tracking_number: input.method === 'post' ? input.trackingNumber : null,
      delivered_by: input.userId,
      delivered_at: at,
    })
    .returning('id');
  await appendCaseEvent(trx, input.caseId, {
    type: 'delivery.recorded',
    at,
    actorId: input.userId,
    payload: { deliveryId: row.id, method: input.method, trackingNumber: input.trackingNumber },
  });
}
