import type { Knex } from 'knex';

/** Small reads of tasks the routes need around a command: where a task belongs, who may take it. */

/** The case a task belongs to, or undefined for an unknown task. */
export async function caseIdOfTask(db: Knex, taskId: string): Promise<string | undefined> {
  const row: { case_id: string } | undefined = await db('tasks').where({ id: taskId }).first('case_id');
  return row?.case_id;
}

/** The department whose queue holds a task, or undefined for an unknown task. */
export async function departmentOfTask(db: Knex, taskId: string): Promise<string | undefined> {
  const row: { department_id: string } | undefined = await db('tasks')
    .where({ id: taskId })
    .first('department_id');
  return row?.department_id;
}

/** The other clerks of a department, by name: whom a step can be transferred or delegated to. */
export function departmentColleagues(
  db: Knex,
  departmentId: string,
  exceptUserId: string,
): Promise<{ id: string; display_name: string }[]> {
  return db('users')
    .where({ role: 'clerk', department_id: departmentId })
    .whereNot({ id: exceptUserId })
    .orderBy('display_name')
    .select('id', 'display_name');
}

/** The open steps of some cases, oldest first: what a case list shows as "now at". */
export function openTasksOfCases(
  db: Knex,
  caseIds: readonly string[],
): Promise<{ id: string; case_id: string; name_zh: string; name_en: string; department_id: string }[]> {
  if (caseIds.length === 0) return Promise.resolve([]);
  return db('tasks')
    .whereIn('case_id', caseIds)
    .whereIn('status', ['open', 'claimed'])
    .orderBy('created_at')
    .select('id', 'case_id', 'name_zh', 'name_en', 'department_id');
}
