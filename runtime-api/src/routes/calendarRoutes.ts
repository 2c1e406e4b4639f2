import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { z } from 'zod';
import {
  calendarDaysOfYear,
  nationalYearLoaded,
  openAdminNotifications,
  recentCalendarChanges,
  setDepartmentRegion,
} from '../calendar/calendarQueries';
import { calendarStatus } from '../calendar/calendarStatus';
import { loadCalendarYear } from '../calendar/loadCalendarYear';
import { calendarNoticeBody, parseCalendarNotice } from '../calendar/parseCalendarNotice';
import type { AppContext } from '../context';
import { notFound } from '../http/errors';
import { orNull } from '../http/openapi';
import { defineRoute } from '../http/route';
import { iso } from '../presenters';

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

const localizedText = z.object({ zh: z.string(), en: z.string() });

const calendarStatusResponse = z
  .object({
    today: z.string(),
    year: z.number().int(),
    nextYear: z.number().int(),
    yearLoaded: z.boolean(),
    nextYearLoaded: z.boolean(),
    warning: z
      .object({ code: z.literal('calendar_notice_missing'), year: z.number().int(), message: localizedText })
      .nullable(),
  })
  .openapi('CalendarStatus');

const adminNotification = z
  .object({
    id: z.number().int(),
    kind: z.string(),
    title: localizedText,
    detail: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi('AdminNotification');

/**
 * 节假日日历: read a year, load a new notice (admin), the audit of every change, whether next
 * year's notice is missing, the open admin notifications, and each department's region.
 */
export function calendarRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/calendar/status',
      summary: 'Which years the national calendar covers; a warning from 1 November if next year is missing',
      tag: 'calendar',
      roles: ['clerk', 'manager', 'admin'],
      response: calendarStatusResponse,
    },
    async () => calendarStatus(ctx.knex, await ctx.now()),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/admin/notifications',
      summary: 'Open notifications for admins and managers (e.g. a holiday notice missing), newest first',
      tag: 'calendar',
      roles: ['manager', 'admin'],
      response: adminNotification.array(),
    },
    async () => {
      const rows = await openAdminNotifications(ctx.knex);
      return rows.map((r) => ({
        id: Number(r.id),
        kind: r.kind,
        title: { zh: r.title_zh, en: r.title_en },
        detail: r.detail as Record<string, unknown>,
        createdAt: iso(r.created_at)!,
      }));
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'put',
      path: '/api/admin/departments/:id/region',
      summary:
        'Set the region whose calendar a department counts in (null: national). Cases filed afterwards at its window count in it',
      tag: 'calendar',
      roles: ['admin'],
      params: z.object({ id: z.string().min(1).max(100) }),
      body: z.object({ region: orNull(region) }).strict(),
      response: z.object({ id: z.string(), region: z.string().nullable() }),
    },
    async ({ params, body }) => {
      const updated = await setDepartmentRegion(
        ctx.knex,
        params.id,
        body.region === 'CN' ? null : body.region,
      );
      if (!updated) throw notFound('department', params.id);
      return { id: updated.id, region: updated.region ?? null };
    },
  );

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
        calendarDaysOfYear(ctx.knex, params.region, params.year),
        nationalYearLoaded(ctx.knex, params.year),
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
      const days = parseCalendarNotice(params.year, body, params.region);
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
      const rows = await recentCalendarChanges(ctx.knex);
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
