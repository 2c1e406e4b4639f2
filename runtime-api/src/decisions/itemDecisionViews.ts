import type { ItemPause } from '@yijian/engine';
import type { Knex } from 'knex';
import type { RemediesNotice } from './remedies';

/** One `item_decisions` row with its item's names (null for an unknown item) and the clerk's name. */
export interface ItemDecisionRow {
  case_id: string;
  item_code: string;
  task_id: string;
  department_id: string;
  decision: 'granted' | 'refused';
  reasons: string | null;
  legal_basis: string | null;
  remedies: RemediesNotice | null;
  decided_by: string;
  decided_at: Date;
  decided_by_name: string;
  name_zh: string | null;
  name_en: string | null;
}

/** The item decisions of a case with the item names and the deciding clerk, in decision order. */
export function itemDecisionsQuery(knex: Knex, caseId: string): Promise<ItemDecisionRow[]> {
  return knex('item_decisions as d')
    .join('users as u', 'u.id', 'd.decided_by')
    .leftJoin('items as i', 'i.code', 'd.item_code')
    .where('d.case_id', caseId)
    .orderBy('d.decided_at')
    .select('d.*', 'u.display_name as decided_by_name', 'i.name_zh', 'i.name_en');
}

/** One decision as the API shows it (schema `ItemDecision`). */
export function presentItemDecision(row: ItemDecisionRow) {
  return {
    itemCode: row.item_code,
    name: { zh: row.name_zh ?? row.item_code, en: row.name_en ?? row.item_code },
    departmentId: row.department_id,
    decision: row.decision,
    reasons: row.reasons ?? null,
    legalBasis: row.legal_basis ?? null,
    remedies: row.remedies ?? null,
    decidedAt: new Date(row.decided_at).toISOString(),
    decidedBy: { id: row.decided_by, displayName: row.decided_by_name },
  };
}

/** The items paused on their own, read off the case snapshot's context (Art. 45). */
export async function itemPausesQuery(knex: Knex, caseId: string): Promise<ItemPause[]> {
  const row: { item_pauses: ItemPause[] | null } | undefined = await knex('cases')
    .where({ id: caseId })
    .first(knex.raw(`snapshot->'machine'->'context'->'itemPauses' as item_pauses`));
  return row?.item_pauses ?? [];
}

/** One item pause as the API shows it (schema `ItemPause`). */
export function presentItemPauses(pauses: readonly ItemPause[]) {
  return pauses.map((p) => ({
    itemCode: p.itemCode,
    kind: p.kind,
    procedure: p.procedure ?? null,
    reason: p.reason,
    expectedWorkingDays: p.expectedWorkingDays ?? null,
    from: p.from,
  }));
}
