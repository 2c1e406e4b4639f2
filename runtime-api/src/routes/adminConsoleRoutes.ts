import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { z } from 'zod';
import { apiKeyList, previewCalendarNotice, warningPolicies } from '../admin/adminConsoleQueries';
import { calendarNoticeBody, parseCalendarNotice } from '../calendar/parseCalendarNotice';
import type { AppContext } from '../context';
import { warningPolicySchema } from '../deadlines/warningPolicy';
import { defineRoute } from '../http/route';

const localized = z.object({ zh: z.string(), en: z.string() });
const policy = warningPolicySchema.openapi('WarningPolicyInForce');
const noticeDay = z.object({ date: z.string(), kind: z.enum(['rest', 'makeUpWork']), name: z.string() });

const apiKeySchema = z
  .object({
    id: z.string().uuid(),
    name: z.string(),
    username: z.string(),
    departmentId: z.string(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .openapi('ApiKey');

const warningPoliciesSchema = z
  .object({
    items: z.array(
      z.object({
        code: z.string(),
        name: localized,
        departmentId: z.string(),
        policy,
        isDefault: z.boolean(),
      }),
    ),
    bundles: z.array(z.object({ key: z.string(), name: localized, policy, isDefault: z.boolean() })),
  })
  .openapi('WarningPolicies');

const noticePreviewSchema = z
  .object({
    region: z.string(),
    year: z.number().int(),
    added: z.array(noticeDay),
    removed: z.array(noticeDay),
    changed: z.array(z.object({ date: z.string(), before: noticeDay, after: noticeDay })),
    firstChange: z.string().nullable(),
    openDeadlines: z
      .number()
      .int()
      .openapi({ description: 'Open case and step deadlines on or after the first changed day: counted again on load' }),
  })
  .openapi('CalendarNoticePreview');

const region = z.string().regex(/^CN(-[0-9A-Z]{2,6})?$/, 'a region is CN or CN-<code>, e.g. CN-GD');
const year = z.coerce.number().int().min(2004).max(2100);

/** 管理控制台: what the admin screens read that no other route gives (keys, policies, a notice preview). */
export function adminConsoleRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/admin/api-keys',
      summary: 'Department systems’ API keys (never the keys themselves), newest first',
      tag: 'systems',
      roles: ['admin'],
      response: apiKeySchema.array(),
    },
    async () => apiKeyList(ctx.knex),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/admin/warning-policies',
      summary: 'The warning policy in force for every item (its steps) and bundle (the case clock)',
      tag: 'cases',
      roles: ['admin'],
      response: warningPoliciesSchema,
    },
    async () => warningPolicies(ctx.knex),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/admin/calendar/:region/:year/preview',
      summary: 'What loading a holiday notice would change (days added, removed, renamed; deadlines recounted) — nothing is written',
      tag: 'calendar',
      roles: ['admin'],
      params: z.object({ region, year }),
      body: calendarNoticeBody,
      response: noticePreviewSchema,
    },
    async ({ params, body }) =>
      previewCalendarNotice(ctx.knex, {
        region: params.region,
        year: params.year,
        days: parseCalendarNotice(params.year, body, params.region),
      }),
  );
}
