import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { z } from 'zod';
import { regionCalendars } from '../calendar/regionCalendars';
import type { AppContext } from '../context';
import { isInstant, isUuid } from '../http/cursorFields';
import { validationReasons } from '../http/errorCodes';
import { invalidField } from '../http/errors';
import { defineRoute } from '../http/route';
import { presentTask } from '../presenters';
import { taskSchema } from '../schemas';
import { type DoneCursor, doneTasks } from '../sql/doneTaskQueries';

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
      const rows = await doneTasks(ctx.knex, {
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
          ...presentTask(r, calendarOf(r), now, {
            allowedActions: [],
            returnTargets: [],
            decisionStep: false,
          }),
          canRecall: r.can_recall === true,
        })),
        nextCursor:
          rows.length > query.limit && last
            ? encodeDoneCursor({ completedAt: new Date(last.completed_at ?? 0).toISOString(), id: last.id })
            : null,
      };
    },
  );
}
