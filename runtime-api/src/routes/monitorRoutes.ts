import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../context';
import { defineRoute } from '../http/route';
import { incidentGroupsQuery, withIncidents } from '../monitor/incidentSummary';
import { monitorSummary } from '../monitor/monitorSummary';

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
}
