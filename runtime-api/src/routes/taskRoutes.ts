import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { taskActionsFor } from '../access/taskActionFacts';
import { regionCalendars } from '../calendar/regionCalendars';
import { claimTask, completeTask } from '../commands/taskCommands';
import type { AppContext } from '../context';
import type { AuthUser } from '../http/auth';
import { validationReasons } from '../http/errorCodes';
import { ApiError, invalidField, notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import { presentTask } from '../presenters';
import { completeTaskBody, idParams, queueQuery, queueResponse, taskSchema } from '../schemas';
import {
  decodeCursor,
  departmentQueueQuery,
  encodeCursor,
  type TaskRow,
  taskRows,
} from '../sql/departmentQueue';

export function taskRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/queue',
      summary: "My department's queue (待办), earliest deadline first",
      tag: 'tasks',
      roles: ['clerk', 'manager', 'admin'],
      query: queueQuery,
      response: queueResponse,
    },
    async ({ query, user }) => {
      const departmentId = user.role === 'clerk' ? user.departmentId! : query.departmentId;
      if (!departmentId) throw invalidField('query.departmentId', validationReasons.required);
      if (user.role === 'clerk' && query.departmentId && query.departmentId !== user.departmentId) {
        throw new ApiError('queue_not_yours');
      }
      const after = query.cursor ? decodeCursor(query.cursor) : null;
      if (query.cursor && !after) throw invalidField('query.cursor', validationReasons.notACursor);
      const rows: TaskRow[] = await departmentQueueQuery(ctx.readKnex, {
        departmentId,
        after,
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      // Each task counts in its case's region (a regional holiday moves its light).
      const [calendarOf, now, actionsOf] = await Promise.all([
        regionCalendars(ctx, page),
        ctx.now(),
        taskActionsFor(ctx.readKnex, ctx.definitions, user, page),
      ]);
      return {
        tasks: page.map((r) => presentTask(r, calendarOf(r), now, actionsOf(r))),
        nextCursor:
          rows.length > query.limit && last
            ? encodeCursor({ dueAt: last.due_at ? new Date(last.due_at).toISOString() : null, id: last.id })
            : null,
      };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/tasks/:id/claim',
      summary: 'Claim (认领) a task of my department',
      tag: 'tasks',
      roles: ['clerk', 'admin'],
      params: idParams,
      response: taskSchema,
    },
    async ({ params, user }) => {
      await ctx.knex.transaction((trx) => claimTask(ctx, trx, { user, taskId: params.id }));
      return readTask(ctx, user, params.id);
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/tasks/:id/complete',
      summary: 'Complete (办结) a task; send Idempotency-Key to retry safely',
      tag: 'tasks',
      roles: ['clerk', 'admin'],
      params: idParams,
      body: completeTaskBody,
      response: taskSchema,
      idempotent: true,
    },
    async ({ params, body, user, command }) => {
      // Answered from the rows the command wrote (a retry: the first answer), not read again.
      const row = await command(ctx.knex, (trx) =>
        completeTask(ctx, trx, {
          user,
          taskId: params.id,
          outcome: body.outcome,
          comment: body.comment ?? null,
        }),
      );
      const calendar = await ctx.calendar.get((row.calendar_region as string | null) ?? undefined);
      // A completed step offers nothing more here (its 撤回 is on the 已办 list, GET /api/tasks/done).
      return presentTask(
        row as unknown as TaskRow,
        calendar,
        new Date(row.completed_at as string).toISOString(),
        {
          allowedActions: [],
          returnTargets: [],
          decisionStep: false,
        },
      );
    },
  );
}

async function readTask(ctx: AppContext, user: AuthUser, taskId: string) {
  const q = taskRows(ctx.knex).where('t.id', taskId);
  if (user.role === 'clerk') q.where('t.department_id', user.departmentId);
  const row: TaskRow | undefined = await q.first();
  if (!row) throw notFound('task', taskId);
  const [calendar, now, actionsOf] = await Promise.all([
    ctx.calendar.get(row.calendar_region ?? undefined),
    ctx.now(),
    taskActionsFor(ctx.knex, ctx.definitions, user, [row]),
  ]);
  return presentTask(row, calendar, now, actionsOf(row));
}
