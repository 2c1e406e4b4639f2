import type { Knex } from 'knex';
import type { DefinitionCache } from '../catalogue/definitionCache';
import { isDecisionStep } from '../decisions/decideItem';
import type { TaskRow } from '../sql/departmentQueue';
import { returnTargets, type TaskAction, type TaskFacts, taskActions, type Viewer } from './allowedActions';

/** The columns of a case's tasks that the action rules read. */
const FACT_COLUMNS = [
  'id',
  'case_id',
  'kind',
  'element_id',
  'item_code',
  'department_id',
  'status',
  'assignee_id',
  'delegated_by',
  'countersign_of',
  'completed_by',
  'created_at',
  'completed_at',
  'paused_reason',
  'name_zh',
  'name_en',
] as const;

type FactRow = TaskFacts & { case_id: string; name_zh: string; name_en: string };

/** What a task row carries besides its own fields: what this user may do with it now. */
export interface TaskActionsView {
  allowedActions: TaskAction[];
  /** 退回 targets, when `return` is allowed: earlier steps of the same item, latest first. */
  returnTargets: { elementId: string; name: { zh: string; en: string } }[];
  /** An open item's decision step: concluded by 准予/不予许可 only (decideItem.ts). */
  decisionStep: boolean;
}

/**
 * Loads what the action rules need for a page of task rows in two index-backed reads (the
 * tasks of their cases by `tasks_case_idx`, the open review corrections by
 * `review_corrections_open_idx`), and answers each row's actions. `caseTasks` may be passed when
 * the caller has read every task of the case already (the case page).
 */
export async function taskActionsFor(
  knex: Knex,
  definitions: DefinitionCache,
  user: Viewer,
  rows: readonly TaskRow[],
  caseTasks?: readonly FactRow[],
): Promise<(row: TaskRow) => TaskActionsView> {
  const caseIds = [...new Set(rows.map((r) => r.case_id))];
  const staff = user.role !== 'applicant';
  const [tasks, corrections, decisionSteps] = await Promise.all([
    caseTasks ??
      (staff && caseIds.length
        ? (knex('tasks')
            .whereIn('case_id', caseIds)
            .select(...FACT_COLUMNS) as Promise<FactRow[]>)
        : Promise.resolve([] as FactRow[])),
    staff && caseIds.length
      ? (knex('review_corrections')
          .whereIn('case_id', caseIds)
          .whereNull('satisfied_at')
          .select('case_id', 'item_code') as Promise<{ case_id: string; item_code: string }[]>)
      : Promise.resolve([]),
    decisionStepsOf(definitions, rows),
  ]);
  const byCase = new Map<string, FactRow[]>();
  for (const t of tasks) byCase.set(t.case_id, [...(byCase.get(t.case_id) ?? []), t]);
  const openCorrections = new Map<string, Set<string>>();
  for (const c of corrections)
    openCorrections.set(c.case_id, (openCorrections.get(c.case_id) ?? new Set()).add(c.item_code));

  return (row) => {
    const siblings = byCase.get(row.case_id) ?? [];
    const allowedActions = taskActions(user, row, {
      caseStatus: row.case_status,
      isDecisionStep: decisionSteps.has(row.id),
      caseTasks: siblings,
      openReviewCorrections: openCorrections.get(row.case_id) ?? new Set(),
    });
    return {
      allowedActions,
      decisionStep: decisionSteps.has(row.id),
      returnTargets: allowedActions.includes('return')
        ? returnTargets(row, siblings).map((t) => {
            const named = t as FactRow;
            return { elementId: t.element_id, name: { zh: named.name_zh, en: named.name_en } };
          })
        : [],
    };
  };
}

/** The ids of the rows that are their item's decision step (their definition says so). */
async function decisionStepsOf(definitions: DefinitionCache, rows: readonly TaskRow[]): Promise<Set<string>> {
  const steps = rows.filter(
    (r) => r.kind === 'step' && r.item_code && (r.status === 'open' || r.status === 'claimed'),
  );
  const keys = [...new Set(steps.map((r) => `${r.definition_key}\u0000${r.definition_version}`))];
  const loaded = new Map(
    await Promise.all(
      keys.map(async (k) => {
        const [key, version] = k.split('\u0000') as [string, string];
        return [k, await definitions.get(key, Number(version))] as const;
      }),
    ),
  );
  return new Set(
    steps
      .filter((r) =>
        isDecisionStep(loaded.get(`${r.definition_key}\u0000${r.definition_version}`)!, r.element_id),
      )
      .map((r) => r.id),
  );
}
