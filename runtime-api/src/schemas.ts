import { z } from 'zod';
import './http/openapi';

/** zod schemas of the API: the single source of its types, validation and OpenAPI document. */

export const localized = z.object({ zh: z.string(), en: z.string() }).openapi('LocalizedName');

export const userSchema = z
  .object({
    id: z.string().uuid(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(['applicant', 'clerk', 'manager', 'admin']),
    departmentId: z.string().nullable(),
    departmentName: localized.nullable(),
  })
  .openapi('User');

export const loginBody = z
  .object({
    username: z.string().trim().min(1, 'username is required').max(100),
    password: z.string().min(1, 'password is required').max(200),
  })
  .openapi('LoginRequest');

export const loginResponse = z.object({ token: z.string(), user: userSchema }).openapi('LoginResponse');

export const departmentSchema = z.object({ id: z.string(), name: localized }).openapi('Department');

const limitSchema = z.object({
  value: z.number().int(),
  unit: z.enum(['workingDays', 'calendarDays', 'calendarMonths']),
  kind: z.enum(['statutory', 'promised']),
});

export const bundleSchema = z
  .object({
    key: z.string(),
    name: localized,
    description: localized,
    leadDepartmentId: z.string(),
    version: z.number().int(),
    items: z.array(
      z.object({ code: z.string(), name: localized, departmentId: z.string(), limits: z.array(limitSchema) }),
    ),
    limits: z.array(limitSchema),
  })
  .openapi('Bundle');

const formFieldSchema = z.object({
  key: z.string(),
  type: z.enum(['textfield', 'number', 'textarea', 'select', 'checkbox']),
  label: z.string(),
  labelEn: z.string(),
  description: z.string().optional(),
  values: z.array(z.object({ label: z.string(), value: z.string() })).optional(),
  validate: z
    .object({
      required: z.boolean().optional(),
      min: z.number().optional(),
      max: z.number().optional(),
      minLength: z.number().optional(),
      maxLength: z.number().optional(),
      pattern: z.string().optional(),
    })
    .optional(),
  section: z.string().optional().openapi({ description: 'The topic section the field belongs to' }),
  conditional: z
    .object({ hide: z.string() })
    .optional()
    .openapi({ description: 'form-js conditional: hidden (and not required) while the FEEL `hide` is true' }),
});

const formSectionSchema = z.object({ id: z.string(), label: z.string(), labelEn: z.string() });

export const bundleDetailSchema = bundleSchema
  .extend({
    form: z.object({
      type: z.literal('default'),
      id: z.string(),
      schemaVersion: z.number(),
      components: z.array(formFieldSchema),
      sections: z.array(formSectionSchema).optional(),
    }),
  })
  .openapi('BundleDetail');

export const bundleKeyParams = z.object({
  key: z.string().regex(/^[a-z][a-zA-Z0-9-]{0,63}$/, 'not a bundle key'),
});
export const idParams = z.object({ id: z.string().uuid('must be a UUID') });

export const fileCaseBody = z
  .object({
    bundleKey: z.string().min(1, 'bundleKey is required').max(64),
    form: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'Answers keyed by field dictionary key, e.g. "shop.area"' }),
  })
  .strict()
  .openapi('FileCaseRequest');

export const deadlineSchema = z
  .object({
    dueAt: z.string(),
    dueDate: z.string(),
    provisional: z.boolean(),
    remainingWorkingDays: z.number().int(),
    light: z.enum(['green', 'yellow', 'red']),
  })
  .openapi('Deadline');

export const taskSchema = z
  .object({
    id: z.string().uuid(),
    caseId: z.string().uuid(),
    caseNumber: z.string(),
    bundleName: localized,
    elementId: z.string(),
    name: localized,
    itemCode: z.string().nullable(),
    departmentId: z.string(),
    status: z.enum(['open', 'claimed', 'completed', 'cancelled']),
    assignee: z.object({ id: z.string(), displayName: z.string() }).nullable(),
    createdAt: z.string(),
    dueAt: z.string().nullable(),
    deadline: deadlineSchema.nullable(),
    completedAt: z.string().nullable(),
  })
  .openapi('Task');

export const caseSummarySchema = z
  .object({
    id: z.string().uuid(),
    caseNumber: z.string(),
    bundleKey: z.string(),
    bundleName: localized,
    applicantName: z.string(),
    status: z.enum(['inProgress', 'concluded']),
    filedAt: z.string(),
    concludedAt: z.string().nullable(),
    deadline: deadlineSchema.nullable(),
    openTasks: z.array(z.object({ id: z.string(), name: localized, departmentId: z.string() })),
  })
  .openapi('CaseSummary');

export const timelineEntrySchema = z
  .object({
    seq: z.number().int(),
    type: z.string(),
    at: z.string(),
    actor: z.object({ id: z.string(), displayName: z.string() }).nullable(),
    elementId: z.string().nullable(),
    name: localized.nullable(),
    departmentId: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
  })
  .openapi('TimelineEntry');

export const caseDetailSchema = caseSummarySchema
  .extend({
    form: z.record(z.string(), z.unknown()),
    definition: z.object({ key: z.string(), version: z.number().int() }),
    tasks: z.array(taskSchema),
    timeline: z.array(timelineEntrySchema),
  })
  .openapi('CaseDetail');

export const caseListQuery = z.object({
  status: z.enum(['open', 'concluded', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

export const queueQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  departmentId: z.string().max(64).optional(),
});

export const queueResponse = z
  .object({ tasks: z.array(taskSchema), nextCursor: z.string().nullable() })
  .openapi('QueuePage');

export const completeTaskBody = z
  .object({
    outcome: z.enum(['approved']).openapi({ description: 'Only approval exists in the walking skeleton' }),
    comment: z.string().trim().max(2000).optional(),
  })
  .strict()
  .openapi('CompleteTaskRequest');
