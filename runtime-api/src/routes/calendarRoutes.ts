import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { z } from 'zod';
import { loadCalendarYear } from '../calendar/loadCalendarYear';
import { calendarNoticeBody, parseCalendarNotice } from '../calendar/parseCalendarNotice';
import type { AppContext } from '../context';
import { defineRoute } from '../http/route';

const region = z
  .string()
  .regex(/^CN(-[0-9A-Z]{2,6})?$/, 'a region is CN or CN-<code>, e.g. CN-GD')
  .openapi({ example: 'CN' });
const year = z.coerce.number().int().min(2004).max(2100);
const dayKind = z.enum(['rest', 'makeUpWork']);

const calendarYearResponse = z
  .object({
    region: z.string(),
    year: z.number().int(),
    covered: z.boolean(),
    source: z.string().nullable(),
    days: z.array(z.object({ date: z.string(), kind: dayKind, name: z.string() })),
  })
  .openapi('CalendarYear');

const changeSchema = z
  .object({
    id: z.number().int(),
    region: z.string(),
    year: z.number().int(),
    changedBy: z.string().nullable(),
    changedAt: z.string(),
    source: z.string(),
    daysBefore: z.number().int(),
    daysAfter: z.number().int(),
    recomputedDeadlines: z.number().int(),
  })
  .openapi('CalendarChange');

/** 节假日日历: read a year, load a new notice (admin), and the audit of every change. */
export function calendarRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/calendar/:region/:year',
      summary: 'Rest days and make-up working days of one year (national, or a region’s own)',
      tag: 'calendar',
      roles: ['applicant', 'clerk', 'manager', 'admin'],
      params: z.object({ region, year }),
      response: calendarYearResponse,
    },
    async ({ params }) => {
      const [days, loaded] = await Promise.all([
        ctx
          .knex('calendar_days')
          .where({ region: params.region })
          .whereBetween('date', [`${params.year}-01-01`, `${params.year}-12-31`])
          .orderBy('date')
          .select('date', 'kind', 'name'),
        ctx.knex('calendar_years').where({ region: 'CN', year: params.year }).first('source'),
      ]);
      return {
        region: params.region,
        year: params.year,
        covered: !!loaded,
        source: loaded?.source ?? null,
        days,
      };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'put',
      path: '/api/admin/calendar/:region/:year',
      summary: 'Load a year’s holiday notice (JSON days or iCalendar); recomputes provisional deadlines',
      tag: 'calendar',
      roles: ['admin'],
      params: z.object({ region, year }),
      body: calendarNoticeBody,
      response: z.object({ days: z.number().int(), recomputedDeadlines: z.number().int() }),
    },
    async ({ params, body, user }) => {
      const days = parseCalendarNotice(params.year, body);
      return loadCalendarYear(ctx, {
        region: params.region,
        year: params.year,
        days,
        source: body.source,
        changedBy: user.id,
      });
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/admin/calendar/changes',
      summary: 'Audit of calendar changes, newest first',
      tag: 'calendar',
      roles: ['admin'],
      response: changeSchema.array(),
    },
    async () => {
      const rows = await ctx.knex('calendar_changes as c').orderBy('c.id', 'desc').limit(200).select('c.*');
      return rows.map((r) => ({
        id: Number(r.id),
        region: r.region,
        year: r.year,
        changedBy: r.changed_by,
        changedAt: new Date(r.changed_at).toISOString(),
        source: r.source,
        daysBefore: (r.before as unknown[]).length,
        daysAfter: (r.after as unknown[]).length,
        recomputedDeadlines: r.recomputed_deadlines,
      }));
    },
  );
}
