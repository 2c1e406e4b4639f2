import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { z } from 'zod';
import { taskActionsFor } from '../access/taskActionFacts';
import { regionCalendars } from '../calendar/regionCalendars';
import { claimTask, completeTask } from '../commands/taskCommands';
import type { AppContext } from '../context';
import { startOfShanghaiDay } from '../deadlines/deadlineJobs';
import type { AuthUser } from '../http/auth';
import { validationReasons } from '../http/errorCodes';
import { ApiError, invalidField, notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import { presentTask } from '../presenters';
import {
  bulkClaimBody,
  bulkClaimResponse,
  completeTaskBody,
  idParams,
  queueQuery,
  queueResponse,
  taskSchema,
} from '../schemas';
import {
  decodeCursor,
  departmentQueueQuery,
  encodeCursor,
  type QueueFilter,
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
      let after = query.cursor ? decodeCursor(query.cursor) : null;
      if (query.cursor && !after) throw invalidField('query.cursor', validationReasons.notACursor);
      if (query.filedFrom && query.filedTo && query.filedFrom > query.filedTo) {
        throw invalidField('query.filedTo', validationReasons.notBefore, { date: query.filedFrom });
      }
      // Database time, read beside the page: only a filter by light needs it before.
      const nowRead = ctx.now();
      nowRead.catch(() => {}); // awaited below; a failure is answered there, not left unhandled
      const filter = queueFilterOf(query, user, query.light ? await nowRead : null);
      // A light depends on each item's warning policy and region, and a step without a deadline
      // of its own shows its item's: SQL narrows the dated steps by `now`, the light is then read
      // per row. Such a page may come back short; the cursor still moves on by what was read, so
      // paging stays exact.
      const exactLight = query.light ?? null;
      const tasks: z.input<typeof taskSchema>[] = [];
      let nextCursor: string | null = null;
      for (let round = 0; round < (exactLight ? 4 : 1) && tasks.length < query.limit; round++) {
        const want = query.limit - tasks.length;
        const rows: TaskRow[] = await departmentQueueQuery(ctx.readKnex, {
          departmentId,
          after,
          limit: want + 1,
          filter,
        });
        const page = rows.slice(0, want);
        const last = page.at(-1);
        // Each task counts in its case's region (a regional holiday moves its light).
        const [calendarOf, actionsOf, now] = await Promise.all([
          regionCalendars(ctx, page),
          taskActionsFor(ctx.readKnex, ctx.definitions, user, page),
          nowRead,
        ]);
        const shown = page.map((r) => presentTask(r, calendarOf(r), now, actionsOf(r)));
        tasks.push(...(exactLight ? shown.filter((t) => t.deadline?.light === exactLight) : shown));
        after =
          rows.length > want && last
            ? { dueAt: last.due_at ? new Date(last.due_at).toISOString() : null, id: last.id }
            : null;
        nextCursor = after ? encodeCursor(after) : null;
        if (!after) break;
      }
      return { tasks, nextCursor };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/tasks/:id',
      summary: 'One task of my department (or mine), with what I may do with it now',
      tag: 'tasks',
      roles: ['clerk', 'manager', 'admin'],
      params: idParams,
      response: taskSchema,
    },
    async ({ params, user }) => readTask(ctx, user, params.id),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/tasks/claim',
      summary: '批量认领: claim several tasks at once; each row says whether it is now mine',
      tag: 'tasks',
      roles: ['clerk', 'admin'],
      body: bulkClaimBody,
      response: bulkClaimResponse,
    },
    async ({ body, user }) => {
      // One transaction a task: a task someone else took does not undo the others. Claiming a
      // task that is already mine is a no-op (claimTask), so a retried request answers the same.
      const results = [];
      for (const taskId of new Set(body.ids)) {
        try {
          await ctx.knex.transaction((trx) => claimTask(ctx, trx, { user, taskId }));
          results.push({ taskId, outcome: 'claimed' as const });
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          results.push({
            taskId,
            outcome:
              err.code === 'task_claimed_by_other' ? ('claimedByOther' as const) : ('notAllowed' as const),
            error: { code: err.code, messages: err.messages },
          });
        }
      }
      return { results };
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

const nextDay = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/** The queue's query string as a {@link QueueFilter}: days are Asia/Shanghai days. */
function queueFilterOf(query: z.infer<typeof queueQuery>, user: AuthUser, now: string | null): QueueFilter {
  return {
    ...(query.q ? { search: query.q } : {}),
    ...(query.item ? { itemCode: query.item } : {}),
    ...(query.step ? { elementId: query.step } : {}),
    ...(query.status ? { status: [query.status] } : {}),
    // 我认领的: what I claimed is claimed, whatever else was asked.
    ...(query.assignee === 'me' ? { assigneeId: user.id, status: ['claimed' as const] } : {}),
    ...(query.light && now ? { overdue: { now, value: query.light === 'red' } } : {}),
    ...(query.filedFrom ? { filedFrom: startOfShanghaiDay(query.filedFrom) } : {}),
    ...(query.filedTo ? { filedBefore: startOfShanghaiDay(nextDay(query.filedTo)) } : {}),
    ...(query.dueBefore ? { dueBefore: startOfShanghaiDay(query.dueBefore) } : {}),
  };
}
