import { PREPARED, tables } from '@yijian/db';
import type { ItemDeadlineEffect, Limit, OpenDeadline, StartItemEffect } from '@yijian/engine';
import type { Knex } from 'knex';
import { ITEM_WARNING_POLICY } from './taskWrites';

/**
 * Starts an item's clock once per sub-process instance: when it is new, the item's 提醒/催办
 * policy read with the insert (its deadline jobs need it); null when the clock was running.
 */
export async function insertItemOnce(
  trx: Knex.Transaction,
  caseId: string,
  effect: StartItemEffect,
  at: string,
): Promise<{ warning_policy: unknown } | null> {
  const inserted = (await tables
    .caseItems(trx)
    .insert({
      case_id: caseId,
      scope_key: effect.scopeKey,
      element_id: effect.elementId,
      item_code: effect.itemCode,
      status: 'running',
      started_at: at,
      due_start_date: effect.startDate,
      due_limit: JSON.stringify(effect.limit),
      due_date: effect.dueDate,
      due_at: effect.dueAt,
      due_provisional: effect.provisional,
    })
    .onConflict(['case_id', 'scope_key'])
    .ignore()
    .returning([trx.raw(ITEM_WARNING_POLICY('case_items'))] as never)
    .options(PREPARED)) as unknown as {
    warning_policy: unknown;
  }[];
  return inserted[0] ?? null;
}

/** Ends a running or paused item clock (completed or cancelled). */
export function endItem(
  trx: Knex.Transaction,
  caseId: string,
  scopeKey: string,
  outcome: 'completed' | 'cancelled',
  at: string,
) {
  return tables
    .caseItems(trx)
    .where({ case_id: caseId, scope_key: scopeKey })
    .whereIn('status', ['running', 'paused'])
    .update({ status: outcome, ended_at: at });
}

/** The case's running (with a deadline) and paused item clocks, as the engine's pause and resume rules read them. */
export async function itemDeadlines(trx: Knex.Transaction, caseId: string): Promise<OpenDeadline[]> {
  const rows = await tables
    .caseItems(trx)
    .where({ case_id: caseId })
    .where((w) =>
      w.where('status', 'paused').orWhere((r) => r.where('status', 'running').whereNotNull('due_date')),
    )
    .select(
      'scope_key',
      'item_code',
      'status',
      'due_date',
      'paused_remaining',
      'due_start_date',
      'due_limit',
    );
  return rows.map((r) => ({
    kind: 'item',
    key: r.scope_key,
    itemCode: r.item_code,
    dueDate: r.due_date,
    paused: r.status === 'paused',
    pausedRemaining: r.paused_remaining,
    startDate: r.due_start_date,
    limit: r.due_limit as Limit | null,
  }));
}

/** Writes an item clock's deadline as the engine moved it (paused, counting again, recounted). */
export async function writeItemDeadline(
  trx: Knex.Transaction,
  caseId: string,
  effect: ItemDeadlineEffect,
): Promise<{ warning_policy: unknown } | undefined> {
  const [row] = await tables
    .caseItems(trx)
    .where({ case_id: caseId, scope_key: effect.scopeKey })
    .update({
      ...(effect.change === 'paused'
        ? { status: 'paused' }
        : effect.change === 'resumed'
          ? { status: 'running' }
          : {}),
      due_date: effect.dueDate,
      due_at: effect.dueAt,
      paused_remaining: effect.pausedRemaining,
      ...(effect.provisional !== null ? { due_provisional: effect.provisional } : {}),
      ...(effect.basis
        ? { due_start_date: effect.basis.startDate, due_limit: JSON.stringify(effect.basis.limit) }
        : {}),
    })
    .returning([
      trx.raw('(select i.warning_policy from items i where i.code = case_items.item_code) as warning_policy'),
    ]);
  return row as unknown as { warning_policy: unknown } | undefined;
}
