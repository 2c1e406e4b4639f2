import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { requestLanguage } from '../http/errors';
import { defineRoute, responded } from '../http/route';
import { bundleHeatmap } from '../monitor/heatmap';
import { incidentGroupsQuery, withIncidents } from '../monitor/incidentSummary';
import { monitorCases } from '../monitor/monitorCases';
import { exportRows, toCsv, toXlsx } from '../monitor/monitorExport';
import {
  heatmapSchema,
  monitorCasePageSchema,
  monitorCaseQuery,
  monitorExportQuery,
  performanceQuery,
  performanceSchema,
} from '../monitor/monitorSchemas';
import { monitorSummary } from '../monitor/monitorSummary';
import { monitorPerformance } from '../monitor/performance';

const localized = z.object({ zh: z.string(), en: z.string() });
const counts = {
  green: z.number().int(),
  yellow: z.number().int(),
  red: z.number().int(),
  paused: z.number().int(),
  atWindow: z.number().int(),
};

/** Open incidents, and open cases with one (counted red, never green or yellow). */
const incidentCounts = {
  incidents: z.number().int(),
  incidentCases: z.number().int(),
};

const monitorSummarySchema = z
  .object({
    totals: z.object({ open: z.number().int(), ...counts, ...incidentCounts }),
    byBundle: z.array(z.object({ bundleKey: z.string(), name: localized, ...counts, ...incidentCounts })),
    byDepartment: z.array(
      z.object({
        departmentId: z.string(),
        open: z.number().int(),
        overdue: z.number().int(),
        nearDue: z.number().int(),
      }),
    ),
    byItem: z.array(
      z.object({ itemCode: z.string(), name: localized, departmentId: z.string().nullable(), ...counts }),
    ),
  })
  .openapi('MonitorSummary');

/** 效能监察: the numbers behind the manager's charts, over all open work. */
export function monitorRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/monitor/summary',
      summary:
        'Open cases per bundle by light (paused and at the window apart; a case with an open incident is red) and open incidents per bundle, overdue and near-due steps per department, item clocks per item — over all open work',
      tag: 'monitor',
      roles: ['manager', 'admin'],
      response: monitorSummarySchema,
    },
    async () => {
      const [calendar, now] = await Promise.all([ctx.calendar.get(), ctx.now()]);
      const [summary, incidents] = await Promise.all([
        monitorSummary(ctx.readKnex, calendar, now, { compactOn: ctx.knex }),
        incidentGroupsQuery(ctx.readKnex),
      ]);
      return withIncidents(summary, incidents, calendar, now);
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/monitor/cases',
      summary:
        'Drill-down: cases by bundle, department, item and light (open: earliest deadline first; concluded: newest first), each with its open steps (late ones marked) and the window’s intake due date; keyset paged',
      tag: 'monitor',
      roles: ['manager', 'admin'],
      query: monitorCaseQuery,
      response: monitorCasePageSchema,
    },
    async ({ query, user }) => monitorCases(ctx, user, query),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/monitor/cases/export',
      summary:
        'The same list as a spreadsheet (.xlsx) or CSV (UTF-8 with BOM), every row the filters select (at most 20,000)',
      tag: 'monitor',
      roles: ['manager', 'admin'],
      query: monitorExportQuery,
      response: { file: [XLSX, 'text/csv'] },
      example: '\uFEFF办件编号,一件事,申请人,… (one row per case; .xlsx: the same columns as a workbook)',
    },
    async ({ query, user, req, res }) => {
      const { format, ...filter } = query;
      const language = requestLanguage(req);
      const rows = await exportRows(ctx, user, filter);
      const stamp = (await ctx.now()).slice(0, 10);
      const name = `${language === 'en' ? 'cases' : '办件'}-${stamp}.${format}`;
      res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
      if (format === 'csv') res.type('text/csv; charset=utf-8').send(toCsv(rows, language));
      else res.type(XLSX).send(await toXlsx(rows, language));
      return responded;
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/monitor/bundles/:key/heatmap',
      summary:
        'Heat map of a bundle’s diagram: per element the open steps waiting, the late ones and parked incidents',
      tag: 'monitor',
      roles: ['manager', 'admin'],
      params: z.object({ key: z.string().max(64) }),
      response: heatmapSchema,
    },
    async ({ params }) => bundleHeatmap(ctx.readKnex, params.key, await ctx.now()),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/monitor/performance',
      summary:
        'On-time rate and working days used against the limit, per item or department and month, of finished items',
      tag: 'monitor',
      roles: ['manager', 'admin'],
      query: performanceQuery,
      response: performanceSchema,
    },
    async ({ query }) => {
      const [calendar, now] = await Promise.all([ctx.calendar.get(), ctx.now()]);
      return monitorPerformance(ctx.readKnex, calendar, now, query);
    },
  );
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
