import type { Knex } from 'knex';
import { appendCaseEvent, type CaseEventType, type NewCaseEvent } from '../commands/caseEvents';

/**
 * Material events in the case's audit log (hash-chained like every other):
 * `materials.attached` (uploads and reused materials at filing, or a later upload),
 * `material.verified` (核验 by a clerk, C → B), `eLicence.issued` (an item's result licence).
 */
export type MaterialEventType = Extract<
  CaseEventType,
  'materials.attached' | 'material.verified' | 'eLicence.issued'
>;

/** Appends a material event; the caller holds the case row lock, as for every case event. */
export function appendMaterialEvent(
  trx: Knex.Transaction,
  caseId: string,
  event: Omit<NewCaseEvent, 'type'> & { type: MaterialEventType },
): Promise<void> {
  return appendCaseEvent(trx, caseId, event);
}
