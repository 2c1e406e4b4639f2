import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { regionCalendars } from '../calendar/regionCalendars';
import type { AppContext } from '../context';
import { isInstant, isUuid } from '../http/cursorFields';
import { validationReasons } from '../http/errorCodes';
import { invalidField } from '../http/errors';
import { defineRoute } from '../http/route';
import { presentTask, type Row } from '../presenters';
import { taskSchema } from '../schemas';
import { type TaskRow, taskRows } from '../sql/departmentQueue';

export const doneTasksQuery = z
  .object({
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(30),
  })
  .openapi('DoneTasksQuery');

export const doneTaskSchema = taskSchema
  .extend({
    canRecall: z.boolean().openapi({
      description:
        '撤回 is still possible: the next step of the same item is open and nobody has taken it up (POST /api/tasks/:id/recall)',
    }),
  })
  .openapi('DoneTask');

export const doneTasksPage = z
  .object({ tasks: z.array(doneTaskSchema), nextCursor: z.string().nullable() })
  .openapi('DoneTasksPage');

interface DoneCursor {
  completedAt: string;
  id: string;
}

const encodeDoneCursor = (c: DoneCursor) =>
  Buffer.from(JSON.stringify([c.completedAt, c.id])).toString('base64url');

function decodeDoneCursor(raw: string): DoneCursor | null {
  try {
    const [completedAt, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as [
      unknown,
      unknown,
    ];
    if (isInstant(completedAt) && isUuid(id)) return { completedAt, id };
  } catch {
    // an unreadable cursor is the client's error
  }
  return null;
}

/**
 * 已办: one page of the steps the user completed, newest first, by keyset on
 * tasks_done_by_idx (completed_by, completed_at desc, id desc). `can_recall` follows recallStep's
 * rule: exactly one later step of the same item in the case, still open and unclaimed.
 */
export function doneTasksQueryFor(
  knex: Knex,
  input: { userId: string; after: DoneCursor | null; limit: number },
): Knex.QueryBuilder {
  const page = knex('tasks')
    .where({ completed_by: input.userId, status: 'completed', kind: 'step' })
    .select('id')
    .orderBy([
      { column: 'completed_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(input.limit);
  if (input.after)
    page.whereRaw('(completed_at, id) < (?::timestamptz, ?::uuid)', [
      input.after.completedAt,
      input.after.id,
    ]);
  return taskRows(knex)
    .join(page.as('page'), 'page.id', 't.id')
    .select(
      knex.raw(`(
        select count(*) = 1 and bool_and(n.status = 'open')
        from tasks n
        where n.case_id = t.case_id and n.item_code is not distinct from t.item_code and n.kind = 'step'
          and n.created_at >= t.completed_at and n.id <> t.id
      ) as can_recall`),
    )
    .orderBy([
      { column: 't.completed_at', order: 'desc' },
      { column: 't.id', order: 'desc' },
    ]);
}

export function doneTaskRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/tasks/done',
      summary:
        '已办: the steps I completed, newest first (keyset paged), each with whether I can still recall (撤回) it',
      tag: 'tasks',
      roles: ['clerk', 'admin'],
      query: doneTasksQuery,
      response: doneTasksPage,
    },
    async ({ query, user }) => {
      const after = query.cursor ? decodeDoneCursor(query.cursor) : null;
      if (query.cursor && !after) throw invalidField('query.cursor', validationReasons.notACursor);
      const rows: Row[] = await doneTasksQueryFor(ctx.knex, {
        userId: user.id,
        after,
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const [calendarOf, now] = await Promise.all([regionCalendars(ctx, page), ctx.now()]);
      return {
        tasks: page.map((r) => ({
          // Done steps: 撤回 is `canRecall`; nothing else is offered on them.
          ...presentTask(r as TaskRow, calendarOf(r), now, {
            allowedActions: [],
            returnTargets: [],
            decisionStep: false,
          }),
          canRecall: r.can_recall === true,
        })),
        nextCursor:
          rows.length > query.limit && last
            ? encodeDoneCursor({ completedAt: new Date(last.completed_at).toISOString(), id: last.id })
            : null,
      };
    },
  );
}
