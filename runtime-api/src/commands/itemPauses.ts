import type { PauseKind, SpecialProcedure } from '@yijian/engine';
import type { Knex } from 'knex';
import { inProgressRefusal } from '../access/allowedActions';
import { refuseIf } from '../access/refusals';
import type { AppContext } from '../context';
import type { AuthUser } from '../http/auth';
import { ApiError } from '../http/errors';
import { applyCaseEvent } from './applyCaseEvent';
import { lockCase } from './caseLifecycle';

/**
 * 特别程序 of one item (Art. 45): the item's department (or a manager) pauses that item; its
 * steps, BPMN timers and clock stop, and the joint clock with them; the other items keep running.
 */
export async function pauseItem(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: {
    user: AuthUser;
    caseId: string;
    itemCode: string;
    kind: PauseKind;
    procedure?: SpecialProcedure;
    reason: string;
    expectedWorkingDays?: number;
  },
): Promise<void> {
  const kase = await lockCase(trx, input.user, input.caseId, ['clerk', 'manager', 'admin']);
  await assertItemDepartment(trx, input.user, kase.id, input.itemCode);
  refuseIf(inProgressRefusal('pause', kase));
  await applyCaseEvent(ctx, trx, {
    caseId: kase.id,
    actorId: input.user.id,
    event: {
      type: 'item.pause',
      actorId: input.user.id,
      itemCode: input.itemCode,
      kind: input.kind,
      ...(input.procedure ? { procedure: input.procedure } : {}),
      reason: input.reason,
      ...(input.expectedWorkingDays ? { expectedWorkingDays: input.expectedWorkingDays } : {}),
    },
  });
}

/** The item's special procedure is over: only the paused clocks count again (Art. 45). */
export async function resumeItem(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; caseId: string; itemCode: string; result: string },
): Promise<void> {
  const kase = await lockCase(trx, input.user, input.caseId, ['clerk', 'manager', 'admin']);
  await assertItemDepartment(trx, input.user, kase.id, input.itemCode);
  await applyCaseEvent(ctx, trx, {
    caseId: kase.id,
    actorId: input.user.id,
    event: { type: 'item.resume', actorId: input.user.id, itemCode: input.itemCode, result: input.result },
  });
}

/** A clerk pauses only an item their department works in this case. */
export async function assertItemDepartment(
  trx: Knex.Transaction,
  user: AuthUser,
  caseId: string,
  itemCode: string,
) {
  if (user.role !== 'clerk') return;
  const own = await trx('tasks')
    .where({ case_id: caseId, item_code: itemCode, department_id: user.departmentId })
    .first('id');
  if (!own) throw new ApiError('item_not_your_department', { item: itemCode });
}
