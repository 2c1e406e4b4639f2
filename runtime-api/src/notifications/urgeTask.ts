import type { Knex } from 'knex';
import { appendCaseEvent } from '../commands/caseEvents';
import { stateName } from '../http/errorCodes';
import { ApiError, notFound } from '../http/errors';

/**
 * 催办/督办 by hand: a manager's message to the clerks of an open step, logged on the case as
 * `task.urged` / `task.supervised` (the notification follows from the event).
 */
export async function urgeTask(
  trx: Knex.Transaction,
  input: {
    taskId: string;
    level: 'urge' | 'supervise';
    message: string;
    actorId: string;
    now: () => Promise<string>;
  },
): Promise<{ taskId: string; level: 'urge' | 'supervise'; at: string }> {
  const found: { case_id: string } | undefined = await trx('tasks')
    .where({ id: input.taskId })
    .first('case_id');
  if (!found) throw notFound('task', input.taskId);
  // The case lock first, as every command takes it, then the step re-read under it.
  await trx('cases').where({ id: found.case_id }).forUpdate().first('id');
  const task = await trx('tasks').where({ id: input.taskId }).first();
  if (!['open', 'claimed'].includes(task.status))
    throw new ApiError('task_not_open', { status: stateName(task.status) });
  const at = await input.now();
  await appendCaseEvent(trx, task.case_id, {
    type: input.level === 'urge' ? 'task.urged' : 'task.supervised',
    at,
    actorId: input.actorId,
    elementId: task.element_id,
    activationKey: task.activation_key,
    payload: {
      name: { zh: task.name_zh, en: task.name_en },
      departmentId: task.department_id,
      dueDate: task.due_date ?? null,
      manual: true,
      message: input.message,
      ...(task.assignee_id ? { assigneeId: task.assignee_id } : {}),
    },
  });
  return { taskId: task.id, level: input.level, at };
}
