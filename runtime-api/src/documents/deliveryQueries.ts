import type { Knex } from 'knex';
import { appendCaseEvent } from '../commands/caseEvents';
import { ApiError, notFound } from '../http/errors';

type Db = Knex | Knex.Transaction;

/** A row of `case_deliveries` (送达). */
export interface DeliveryRow {
  id: string;
  method: 'window' | 'post' | 'electronic';
  tracking_number: string | null;
  delivered_at: Date;
  confirmed_at: Date | null;
}

/** Every delivery of a case, oldest first. */
export function caseDeliveries(db: Db, caseId: string): Promise<DeliveryRow[]> {
  return db('case_deliveries').where({ case_id: caseId }).orderBy('delivered_at');
}

/** A document's file: its bytes, type and the case it belongs to; undefined for an unknown one. */
export async function documentFile(
  db: Db,
  documentId: string,
): Promise<{ case_id: string; filename: string; content: Buffer; media_type: string } | undefined> {
  return db('case_documents as d')
    .join('files as f', 'f.sha256', 'd.sha256')
    .where('d.id', documentId)
    .first('d.case_id', 'd.filename', 'f.content', 'f.media_type');
}

/**
 * 电子送达回执: the applicant confirms receiving the results delivered electronically (again:
 * unchanged); audited as `delivery.confirmed`.
 */
export async function confirmElectronicDelivery(
  trx: Knex.Transaction,
  input: { caseId: string; userId: string; now: () => Promise<string> },
): Promise<DeliveryRow> {
  const kase = await trx('cases')
    .where({ id: input.caseId, applicant_id: input.userId })
    .forUpdate()
    .first('id');
  if (!kase) throw notFound('case', input.caseId);
  const delivery: DeliveryRow | undefined = await trx('case_deliveries')
    .where({ case_id: kase.id, method: 'electronic' })
    .orderBy('delivered_at', 'desc')
    .first();
  if (!delivery) throw new ApiError('delivery_not_electronic');
  if (delivery.confirmed_at) return delivery;
  const now = await input.now();
  const [updated] = await trx('case_deliveries')
    .where({ id: delivery.id })
    .update({ confirmed_at: now, confirmed_by: input.userId })
    .returning('*');
  await appendCaseEvent(trx, kase.id, {
    type: 'delivery.confirmed',
    at: now,
    actorId: input.userId,
    payload: { deliveryId: delivery.id, method: 'electronic' },
  });
  return updated;
}
