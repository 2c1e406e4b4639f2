import type { Knex } from 'knex';

import type { Row } from '../presenters';

/** The item decisions of a case with the item names and the deciding clerk, in decision order. */
export function itemDecisionsQuery(knex: Knex, caseId: string): Promise<Row[]> {
  return knex('item_decisions as d')
    .join('users as u', 'u.id', 'd.decided_by')
    .leftJoin('items as i', 'i.code', 'd.item_code')
    .where('d.case_id', caseId)
    .orderBy('d.decided_at')
    .select('d.*', 'u.display_name as decided_by_name', 'i.name_zh', 'i.name_en');
}

/** One decision as the API shows it (schema `ItemDecision`). */
export function presentItemDecision(row: Row) {
  return {
    itemCode: row.item_code as string,
    name: { zh: (row.name_zh ?? row.item_code) as string, en: (row.name_en ?? row.item_code) as string },
    departmentId: row.department_id as string,
    decision: row.decision as 'granted' | 'refused',
    reasons: (row.reasons ?? null) as string | null,
    legalBasis: (row.legal_basis ?? null) as string | null,
    remedies: row.remedies ?? null,
    decidedAt: new Date(row.decided_at).toISOString(),
    decidedBy: { id: row.decided_by as string, displayName: row.decided_by_name as string },
  };
}

/** The items paused on their own, read off the case snapshot's context (Art. 45). */
export async function itemPausesQuery(knex: Knex, caseId: string): Promise<Row[]> {
  const row = await knex('cases')
    .where({ id: caseId })
    .first(knex.raw(`snapshot->'machine'->'context'->'itemPauses' as item_pauses`));
  return (row?.item_pauses ?? []) as Row[];
}

/** One item pause as the API shows it (schema `ItemPause`). */
export function presentItemPauses(pauses: Row[]) {
  return pauses.map((p) => ({
    itemCode: p.itemCode as string,
    kind: p.kind as 'correction' | 'specialProcedure',
    procedure: (p.procedure ?? null) as string | null,
    reason: p.reason as string,
    expectedWorkingDays: (p.expectedWorkingDays ?? null) as number | null,
    from: p.from as string,
  }));
}
