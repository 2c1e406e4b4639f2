import type { ProcessDefinition } from '@yijian/engine';
import { ITEM_REFUSED } from '@yijian/process-library';
import type { Knex } from 'knex';
import { workRefusal } from '../access/allowedActions';
import { refuseIf } from '../access/refusals';
import { applyCaseEvent } from '../commands/applyCaseEvent';
import { openCountersign } from '../commands/countersign';
import { lockTask, logTaskEvent } from '../commands/taskCommands';
import type { AppContext } from '../context';
import type { AuthUser } from '../http/auth';
import { ApiError } from '../http/errors';
import { issueResultLicence } from '../materials/issueResultLicence';
import { closeTask } from '../sql/taskWrites';
import { remediesNotice } from './remedies';

/** 准予许可 / 不予许可 of an item at its decision step. */
export type ItemDecision =
  | { decision: 'grant'; reasons?: string | undefined; legalBasis?: string | undefined }
  | { decision: 'refuse'; reasons: string; legalBasis: string };

/**
 * Whether a step is an item's decision step: its BPMN element catches {@link ITEM_REFUSED} on an
 * error boundary, so a refusal has a path the bundle's diagram chose (composer, item templates).
 */
export function isDecisionStep(definition: ProcessDefinition, elementId: string): boolean {
  const node = definition.nodes[elementId];
  return (node?.boundaryEvents ?? []).some((id) => {
    const d = definition.nodes[id]?.eventDefinition;
    return d?.type === 'error' && (d.errorCode === ITEM_REFUSED || d.errorCode === null);
  });
}

/**
 * Which rows of a task list are item decision steps, by each case's model: one cached definition
 * per distinct bundle version on the page. Rows carry `definition_key`/`definition_version`.
 */
export async function decisionSteps(
  ctx: AppContext,
  rows: readonly Record<string, unknown>[],
): Promise<(row: Record<string, unknown>) => boolean> {
  const keyOf = (r: Record<string, unknown>) => `${r.definition_key}@${r.definition_version}`;
  const versions = new Map<string, ProcessDefinition>();
  for (const r of rows) {
    const key = keyOf(r);
    if (versions.has(key) || r.definition_key == null) continue;
    versions.set(key, await ctx.definitions.get(String(r.definition_key), Number(r.definition_version)));
  }
  return (r) => {
    const definition = versions.get(keyOf(r));
    return r.kind === 'step' && definition !== undefined && isDecisionStep(definition, String(r.element_id));
  };
}

/**
 * 许可决定: the department decides its item. A grant completes the step (the item goes on to
 * issuance); a refusal ends the step in the business error ITEM_REFUSED, which the composed BPMN
 * routes (the item concludes refused; a refused prerequisite concludes the bundle partially).
 * Either way the decision is recorded with its reasons, legal basis and the Art. 38 remedies, and
 * audited as `item.decided`.
 */
export async function decideItem(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; taskId: string; decision: ItemDecision },
): Promise<void> {
  const task = await lockTask(trx, input.user, input.taskId);
  refuseIf(workRefusal(input.user, task));
  // 委派: the delegate hands the step back; the delegator decides (as allowedActions offers it).
  if (task.delegated_by) throw new ApiError('delegation_pending');
  const kase = await trx('cases')
    .where({ id: task.case_id })
    .first('definition_key', 'definition_version', 'status');
  const definition = await ctx.definitions.get(kase.definition_key, kase.definition_version, trx);
  if (task.kind !== 'step' || !isDecisionStep(definition, task.element_id))
    throw new ApiError('not_a_decision_step');
  // 加签 on a decision step: decide once the countersigner has signed.
  if (task.countersign_of || (await openCountersign(trx, task.id)))
    throw new ApiError('countersign_pending', {
      reason: { 'zh-CN': '许可决定须在加签完成后作出', en: 'decide once the countersignature is done' },
    });
  // The locked row has it (lockTask reads the whole task).
  const item = { item_code: task.item_code };
  if (!item?.item_code) throw new ApiError('not_a_decision_step');
  const d = input.decision;
  const outcome = d.decision === 'grant' ? 'approved' : 'refused';
  const now = await ctx.now(trx);
  const remedies = remediesNotice();
  if (task.status === 'open') await logTaskEvent(trx, 'task.claimed', task, input.user.id, now);
  await closeTask(
    trx,
    { id: task.id },
    { status: 'completed', at: now, by: input.user.id, outcome, comment: d.reasons ?? null },
  );
  await trx('item_decisions').insert({
    case_id: task.case_id,
    item_code: item.item_code,
    task_id: task.id,
    department_id: task.department_id,
    decision: d.decision === 'grant' ? 'granted' : 'refused',
    reasons: d.reasons ?? null,
    legal_basis: d.legalBasis ?? null,
    remedies: JSON.stringify(remedies),
    decided_by: input.user.id,
    decided_at: now,
  });
  await logTaskEvent(trx, 'task.completed', task, input.user.id, now, {
    outcome,
    comment: d.reasons ?? null,
  });
  await logTaskEvent(trx, 'item.decided', task, input.user.id, now, {
    itemCode: item.item_code,
    decision: d.decision === 'grant' ? 'granted' : 'refused',
    reasons: d.reasons ?? null,
    legalBasis: d.legalBasis ?? null,
    // The decision letter (documents) prints the text; the numbers stay as data beside it.
    remedies: remedies.zh,
    remediesNotice: remedies,
  });
  await applyCaseEvent(ctx, trx, {
    caseId: task.case_id,
    locked: task.case,
    now,
    actorId: input.user.id,
    event: {
      type: 'task.complete',
      activationKey: task.activation_key,
      actorId: input.user.id,
      outcome,
      ...(d.decision === 'refuse' ? { error: { errorCode: ITEM_REFUSED } } : {}),
    },
  });
  await issueResultLicence(trx, { taskId: task.id, outcome, at: now });
}
