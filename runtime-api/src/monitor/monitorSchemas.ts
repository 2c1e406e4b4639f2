import { z } from 'zod';
import { orNull } from '../http/openapi';
import { caseSummarySchema, deadlineSchema } from '../schemas';

const localized = z.object({ zh: z.string(), en: z.string() });

export const monitorLightSchema = z
  .enum(['green', 'yellow', 'red', 'paused', 'atWindow', 'incident'])
  .openapi('MonitorLight', {
    description:
      'Where an open case stands: its light, a paused clock, at the window, or stuck on an incident',
  });

export const monitorCaseQuery = z
  .object({
    status: z.enum(['open', 'concluded']).default('open'),
    bundleKey: z.string().max(64).optional(),
    departmentId: z.string().max(64).optional(),
    itemCode: z.string().max(64).optional(),
    light: monitorLightSchema.optional(),
    cursor: z.string().max(400).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const monitorStepSchema = z.object({
  id: z.string().uuid(),
  kind: z.enum(['step', 'intake']),
  elementId: z.string(),
  name: localized,
  itemCode: z.string().nullable(),
  departmentId: z.string(),
  assignee: z.string().nullable(),
  deadline: orNull(deadlineSchema),
  late: z.boolean().openapi({ description: '超期: the step’s own deadline has passed' }),
});

export const monitorCaseSchema = caseSummarySchema
  .extend({
    monitorLight: orNull(monitorLightSchema),
    intakeDue: orNull(deadlineSchema).openapi({
      description: '受理期限 while the case is at the window (Art. 32: 5 working days)',
    }),
    steps: z.array(monitorStepSchema),
    lateSteps: z.number().int(),
  })
  .openapi('MonitorCase');

export const monitorCasePageSchema = z
  .object({
    cases: z.array(monitorCaseSchema),
    nextCursor: z.string().nullable(),
    scanned: z.number().int().openapi({ description: 'Rows read for this page (a light filter skips some)' }),
  })
  .openapi('MonitorCasePage');

export const monitorExportQuery = monitorCaseQuery
  .omit({ cursor: true, limit: true })
  .extend({ format: z.enum(['xlsx', 'csv']).default('xlsx') })
  .strict();

export const heatmapSchema = z
  .object({
    bundleKey: z.string(),
    elements: z.array(
      z.object({
        elementId: z.string(),
        waiting: z.number().int().openapi({ description: 'Open steps waiting at the element' }),
        late: z.number().int().openapi({ description: 'Of them, past their own deadline' }),
        incidents: z.number().int().openapi({ description: 'Open incidents parked at the element' }),
      }),
    ),
  })
  .openapi('BundleHeatmap');

export const performanceQuery = z
  .object({
    by: z.enum(['item', 'department']).default('item'),
    months: z.coerce.number().int().min(1).max(24).default(6),
  })
  .strict();

export const performanceSchema = z
  .object({
    by: z.enum(['item', 'department']),
    months: z.array(z.string()).openapi({ description: 'YYYY-MM, oldest first (Asia/Shanghai)' }),
    series: z.array(
      z.object({
        key: z.string(),
        name: localized,
        points: z.array(
          z.object({
            month: z.string(),
            finished: z.number().int(),
            onTime: z.number().int(),
            onTimeRate: z.number().nullable().openapi({ description: '0–1; null when nothing finished' }),
            avgWorkingDays: z.number().nullable(),
            avgLimitWorkingDays: z.number().nullable(),
          }),
        ),
      }),
    ),
  })
  .openapi('MonitorPerformance');
