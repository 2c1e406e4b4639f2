import { SPECIAL_PROCEDURES } from '@yijian/engine';
import { z } from 'zod';
import { orNull } from './http/openapi';
import './http/openapi';
import { CASE_ACTIONS, ITEM_ACTIONS, TASK_ACTIONS } from './access/allowedActions';
import { CASE_EVENT_TYPES } from './commands/caseEvents';
import { itemMaterialsSchema } from './materials/materialSchemas';

/** zod schemas of the API: the single source of its types, validation and OpenAPI document. */

export const localized = z.object({ zh: z.string(), en: z.string() }).openapi('LocalizedName');

export const userSchema = z
  .object({
    id: z.string().uuid(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(['applicant', 'clerk', 'manager', 'admin', 'designer', 'system']),
    departmentId: z.string().nullable(),
    departmentName: orNull(localized),
  })
  .openapi('User');

export const loginBody = z
  .object({
    username: z.string().trim().min(1, 'username is required').max(100),
    password: z.string().min(1, 'password is required').max(200),
  })
  .openapi('LoginRequest');

/** A new password: long rather than clever (NIST 800-63B); the server hashes it with argon2. */
const newPassword = z.string().min(12, 'at least 12 characters').max(200);

export const passwordChangeBody = z
  .object({ currentPassword: z.string().min(1, 'password is required').max(200), newPassword })
  .openapi('PasswordChange');

/** An account as an admin sees it (账户管理). */
export const accountSchema = z
  .object({
    id: z.string().uuid(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(['applicant', 'clerk', 'manager', 'admin', 'designer', 'system']),
    departmentId: z.string().nullable(),
    /** 停用: no login, no session (POST /api/users/:id/disable, …/enable). */
    disabled: z.boolean(),
    activeSessions: z.number().int(),
  })
  .openapi('Account');

export const newAccountBody = z
  .object({
    username: z
      .string()
      .trim()
      .min(1, 'username is required')
      .max(100)
      .regex(/^[A-Za-z0-9._-]+$/),
    displayName: z.string().trim().min(1).max(100),
    role: z.enum(['applicant', 'clerk', 'manager', 'admin', 'designer']),
    departmentId: z.string().max(100).nullable().default(null),
    password: newPassword,
  })
  .refine((a) => a.role !== 'clerk' || a.departmentId !== null, {
    message: 'a clerk belongs to a department',
    path: ['departmentId'],
  })
  .openapi('NewAccount');

/** What an admin may change of an account: its name, role and department (a clerk needs one). */
export const accountChangeBody = z
  .object({
    displayName: z.string().trim().min(1).max(100).optional(),
    role: z.enum(['applicant', 'clerk', 'manager', 'admin', 'designer']).optional(),
    departmentId: z.string().max(100).nullable().optional(),
  })
  .strict()
  .openapi('AccountChange');

export const loginResponse = z.object({ token: z.string(), user: userSchema }).openapi('LoginResponse');

/** 演示账号: who the login page offers to sign in as, when the demo accounts are seeded. */
export const demoAccountsSchema = z
  .object({
    /** The one password of every demo account; null when no demo accounts are seeded. */
    password: z.string().nullable(),
    accounts: z.array(
      z.object({
        username: z.string(),
        displayName: z.string(),
        role: z.enum(['applicant', 'clerk', 'manager', 'admin', 'designer']),
        department: orNull(localized),
      }),
    ),
  })
  .openapi('DemoAccounts');

export const departmentSchema = z
  .object({
    id: z.string(),
    name: localized,
    /** The region whose holiday calendar the department's window counts in; null: national. */
    region: z.string().nullable(),
  })
  .openapi('Department');

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
  /** The help text in English, where the dictionary has one. */
  descriptionEn: z.string().optional(),
  values: z
    .array(z.object({ label: z.string(), labelEn: z.string().optional(), value: z.string() }))
    .optional(),
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
    materials: z
      .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,63}$/, 'not a material key'), z.string().uuid())
      .optional()
      .openapi({
        description: 'Upload ids (POST /api/uploads) by material key; one satisfies every item needing it',
      }),
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

export const clockSchema = z
  .object({
    state: z.enum(['notStarted', 'running', 'paused', 'stopped']),
    limit: z
      .object({
        value: z.number(),
        unit: z.enum(['workingDays', 'calendarDays', 'calendarMonths']),
        kind: z.string(),
      })
      .nullable(),
    startDate: z.string().nullable(),
    dueDate: z.string().nullable(),
    provisional: z.boolean(),
    /** Working days left (frozen while paused; negative when overdue; null before acceptance). */
    remainingWorkingDays: z.number().int().nullable(),
    light: z.enum(['green', 'yellow', 'red']).nullable(),
    pauses: z.array(
      z.object({
        kind: z.enum(['correction', 'specialProcedure']),
        procedure: z.string().nullable(),
        reason: z.string(),
        expectedWorkingDays: z.number().int().nullable(),
        from: z.string(),
        until: z.string().nullable(),
        remainingAtPause: z.number().int(),
        /** The special procedure's result, once the clock resumed. */
        result: z.string().nullable().optional(),
      }),
    ),
    extension: z
      .object({ workingDays: z.number().int(), approverId: z.string(), reason: z.string(), on: z.string() })
      .nullable(),
  })
  .openapi('StatutoryClock');

export const lifecycleSchema = z
  .object({
    receivedOn: z.string().nullable(),
    acceptedOn: z.string().nullable(),
    deemedAcceptance: z.boolean(),
    correctionNotice: z
      .object({
        items: z.array(z.object({ subject: z.string(), reason: z.string() })),
        note: z.string().optional(),
        on: z.string(),
      })
      .nullable(),
    rejectionReason: z.string().nullable(),
    issuance: orNull(deadlineSchema),
    deliveredAt: z.string().nullable(),
    maxExtensionWorkingDays: z.number().int(),
  })
  .openapi('CaseLifecycle');

export const caseItemSchema = z
  .object({
    scopeKey: z.string(),
    itemCode: z.string(),
    name: localized,
    departmentId: z.string().nullable(),
    status: z.enum(['running', 'paused', 'completed', 'cancelled']),
    startedAt: z.string(),
    limit: z.object({ value: z.number(), unit: z.string(), kind: z.string() }),
    dueDate: z.string().nullable(),
    /** The item's own light while it runs: red when it overruns its own limit. */
    deadline: orNull(deadlineSchema),
    pausedRemainingWorkingDays: z.number().int().nullable(),
    endedAt: z.string().nullable(),
    allowedActions: z
      .array(z.enum(ITEM_ACTIONS))
      .openapi({ description: 'The item’s own special procedure (Art. 45) the viewer may start or end now' }),
  })
  .openapi('CaseItem');

export const taskSchema = z
  .object({
    id: z.string().uuid(),
    caseId: z.string().uuid(),
    caseNumber: z.string(),
    bundleName: localized,
    /** Who applied: the entity's name from the form (`entity.name`), else the applicant's own. */
    applicantName: z.string().openapi({ description: 'The entity applying (entity.name), else the person' }),
    elementId: z.string(),
    kind: z.enum(['step', 'intake']).openapi({ description: 'intake: the window’s pre-review (预审受理)' }),
    decisionStep: z.boolean().openapi({
      description:
        'An item’s decision step (by the model: its refusal path): concluded with POST /api/tasks/:id/decision (准予/不予许可), never /complete',
    }),
    name: localized,
    itemCode: z.string().nullable(),
    departmentId: z.string(),
    status: z.enum(['open', 'claimed', 'completed', 'cancelled']),
    assignee: z.object({ id: z.string(), displayName: z.string() }).nullable(),
    createdAt: z.string(),
    dueAt: z.string().nullable(),
    deadline: orNull(deadlineSchema),
    /** The step's deadline is put aside while the case clock is paused. */
    pausedRemainingWorkingDays: z.number().int().nullable(),
    /** Why the step waits: its item's (or the case's) special procedure or correction (Art. 45). */
    pausedReason: z.string().nullable(),
    /** 委派: the delegator the step goes back to; null when not delegated. */
    delegatedBy: z.string().nullable(),
    completedAt: z.string().nullable(),
    corrected: z.boolean().openapi({
      description: '已补正: the case came back after a correction notice (at the window or in review)',
    }),
    allowedActions: z.array(z.enum(TASK_ACTIONS)).openapi({
      description:
        'What the viewer may do with this task now (computed from role, department, assignee and state); the web app shows these and no others',
    }),
    returnTargets: z.array(z.object({ elementId: z.string(), name: localized })).openapi({
      description:
        '退回: the earlier steps it may go back to, latest first (empty unless `return` is allowed)',
    }),
  })
  .openapi('Task');

export const caseSummarySchema = z
  .object({
    id: z.string().uuid(),
    caseNumber: z.string(),
    bundleKey: z.string(),
    bundleName: localized,
    applicantName: z.string(),
    status: z
      .enum(['preReview', 'correction', 'inProgress', 'concluded', 'delivered', 'rejected', 'withdrawn'])
      .openapi({
        description:
          'Lifecycle phase: preReview (预审, at the window), correction (补正), inProgress (受理, clock running or paused), concluded (办结), delivered (已送达), rejected (不予受理), withdrawn (撤回申请)',
      }),
    filedAt: z.string(),
    concludedAt: z.string().nullable(),
    deadline: orNull(deadlineSchema),
    clock: clockSchema,
    openTasks: z.array(z.object({ id: z.string(), name: localized, departmentId: z.string() })),
    incidentState: z.enum(['incident', 'beingHandled']).nullable().openapi({
      description:
        'An open incident (故障) stops the case: staff see `incident` (and a red light, never green or yellow); the applicant sees `beingHandled` (一个技术问题正在处理) and nothing more; null when none is open',
    }),
  })
  .openapi('CaseSummary');

export const timelineEntrySchema = z
  .object({
    seq: z.number().int(),
    type: z.enum(CASE_EVENT_TYPES),
    at: z.string(),
    actor: z.object({ id: z.string(), displayName: z.string() }).nullable(),
    elementId: z.string().nullable(),
    name: orNull(localized),
    departmentId: z.string().nullable(),
    messages: orNull(localized).openapi({
      description:
        'incident.raised: the incident’s sentence in zh-CN and English (older events: the English in both); null for other events',
    }),
    detail: z.record(z.string(), z.unknown()),
  })
  .openapi('TimelineEntry');

/** 许可决定 of one item, with the Art. 38 remedies as data the decision letter prints. */
export const itemDecisionSchema = z
  .object({
    itemCode: z.string(),
    name: localized,
    departmentId: z.string(),
    decision: z.enum(['granted', 'refused']),
    reasons: z.string().nullable(),
    legalBasis: z.string().nullable(),
    remedies: z
      .object({
        reconsiderationDays: z.number(),
        litigationMonths: z.number(),
        zh: z.string(),
        en: z.string(),
      })
      .nullable(),
    decidedAt: z.string(),
    decidedBy: z.object({ id: z.string(), displayName: z.string() }),
  })
  .openapi('ItemDecision');

/** 特别程序 of one item (Art. 45): that item and the joint clock wait; the others run. */
export const itemPauseSchema = z
  .object({
    itemCode: z.string(),
    kind: z.enum(['correction', 'specialProcedure']),
    procedure: z.string().nullable(),
    reason: z.string(),
    expectedWorkingDays: z.number().int().nullable(),
    from: z.string(),
  })
  .openapi('ItemPause');
export const incidentSchema = z
  .object({
    id: z.string(),
    caseId: z.string().uuid(),
    caseNumber: z.string(),
    bundleKey: z.string(),
    bundleName: localized,
    key: z.string().openapi({ description: 'Unique per case: the engine’s incident key or `job:<job key>`' }),
    source: z.enum(['engine', 'job']),
    elementId: z.string().nullable(),
    elementName: orNull(localized).openapi({ description: 'The step or element it is stuck at' }),
    item: z.object({ code: z.string(), name: localized }).nullable(),
    code: z.string().openapi({ description: 'e.g. condition_not_boolean, variable_missing, job_failed' }),
    message: z.string().openapi({ description: 'What is wrong and how to fix it, in English' }),
    messages: localized.openapi({
      description:
        'The same sentence in zh-CN (`zh`) and English (`en`), to show in the reader’s language; an incident raised before both were kept has its English in both',
    }),
    attempts: z.number().int(),
    raisedBy: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'The case event (task, timer, message) or the job that ran into it' }),
    raisedAt: z.string(),
    status: z.enum(['open', 'resolved']),
    resolvedAt: z.string().nullable(),
    resolution: z.string().nullable(),
    definitionVersion: z.number().int().openapi({ description: 'The process version the case runs' }),
  })
  .openapi('Incident');

const variableName = z
  .string()
  .regex(/^[A-Za-z_][\w.-]{0,99}$/, 'a variable name: letters, digits, _ . - (e.g. shop.area)');

export const retryIncidentBody = z
  .object({
    reason: z.string().trim().min(1, 'say why (it is kept in the audit log)').max(2000),
    variables: z
      .record(variableName, z.unknown())
      .refine((v) => Object.keys(v).length <= 100, 'at most 100 variables at once')
      .optional()
      .openapi({
        description: 'Case variables to set before the retry (form answers by key, e.g. shop.area)',
      }),
  })
  .strict()
  .openapi('RetryIncidentRequest');

export const migrateCaseBody = z
  .object({
    toVersion: z
      .number()
      .int()
      .min(1)
      .openapi({ description: 'A newer deployed version of the case’s process' }),
    reason: z.string().trim().min(1, 'say why (it is kept in the audit log)').max(2000),
  })
  .strict()
  .openapi('MigrateCaseRequest');

export const incidentParams = z.object({
  caseId: z.string().uuid('must be a UUID'),
  incidentId: z.string().regex(/^[1-9][0-9]{0,17}$/, 'not an incident id'),
});

export const caseIdParams = z.object({ caseId: z.string().uuid('must be a UUID') });

export const incidentListQuery = z.object({
  bundleKey: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

export const caseDetailSchema = caseSummarySchema
  .extend({
    /** Items paused on their own (Art. 45). */
    itemPauses: z.array(itemPauseSchema),
    /** 补正 during review: the open requests, one per item, told to the applicant as one notice. */
    reviewCorrections: z.array(
      z.object({
        itemCode: z.string(),
        departmentId: z.string(),
        items: z.array(z.object({ subject: z.string(), reason: z.string() })),
        requestedAt: z.string(),
      }),
    ),
    /** 准予/不予许可 per decided item: the combined outcome shown to everyone who may see the case. */
    decisions: z.array(itemDecisionSchema),
    form: z.record(z.string(), z.unknown()),
    definition: z.object({ key: z.string(), version: z.number().int() }),
    lifecycle: lifecycleSchema,
    /** The clock of each item of the bundle that has started (事项时限). */
    items: z.array(caseItemSchema),
    tasks: z.array(taskSchema),
    timeline: z.array(timelineEntrySchema),
    incidents: z
      .array(incidentSchema)
      .openapi({ description: 'Open incidents, for staff; always empty for the applicant' }),
    itemMaterials: z
      .array(itemMaterialsSchema)
      .openapi({ description: 'Per item, its materials (see /api/cases/{id}/materials)' }),
    allowedActions: z.array(z.enum(CASE_ACTIONS)).openapi({
      description:
        'What the viewer may do with the case now (clock, delivery, withdrawal, corrections, materials, incidents); per task and per item see theirs',
    }),
    governingLimit: limitSchema.extend({ value: z.number() }).nullable().openapi({
      description:
        'The limit that governs the case: the clock’s once accepted; before, the bundle’s promised limit where it has one (never longer than the statutory), else the statutory',
    }),
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
  q: z.string().trim().min(1).max(100).optional().openapi({
    description: 'Search: a case number prefix, or part of the entity’s or the applicant’s name',
  }),
  item: z.string().max(64).optional().openapi({ description: 'Only steps of this item (事项编码)' }),
  step: z.string().max(128).optional().openapi({ description: 'Only this step (its BPMN element id)' }),
  light: z.enum(['green', 'yellow', 'red']).optional().openapi({
    description: 'Only steps with this light now (tasks without a deadline have none)',
  }),
  status: z.enum(['open', 'claimed']).optional(),
  assignee: z.enum(['me']).optional().openapi({ description: '我认领的: the steps I claimed' }),
  filedFrom: z.iso
    .date()
    .optional()
    .openapi({ description: 'Cases filed on or after this day (Asia/Shanghai)' }),
  filedTo: z.iso
    .date()
    .optional()
    .openapi({ description: 'Cases filed on or before this day (Asia/Shanghai)' }),
  dueBefore: z.iso.date().optional().openapi({ description: 'Steps due before this day (Asia/Shanghai)' }),
});

export const queueResponse = z
  .object({ tasks: z.array(taskSchema), nextCursor: z.string().nullable() })
  .openapi('QueuePage');

export const bulkClaimBody = z
  .object({ ids: z.array(z.string().uuid('must be a UUID')).min(1).max(100) })
  .strict()
  .openapi('BulkClaimRequest');

export const bulkClaimResponse = z
  .object({
    results: z.array(
      z.object({
        taskId: z.string().uuid(),
        outcome: z.enum(['claimed', 'claimedByOther', 'notAllowed']).openapi({
          description:
            'claimed: the task is now mine (also when it already was); claimedByOther: a colleague has it; notAllowed: not open, not of my department, or unknown',
        }),
        error: z
          .object({ code: z.string(), messages: z.object({ 'zh-CN': z.string(), en: z.string() }) })
          .optional()
          .openapi({ description: 'Why the task was not claimed, in both languages' }),
      }),
    ),
  })
  .openapi('BulkClaimResult');

export const completeTaskBody = z
  .object({
    outcome: z.enum(['approved']).openapi({ description: 'Only approval exists in the walking skeleton' }),
    comment: z.string().trim().max(2000).optional(),
  })
  .strict()
  .openapi('CompleteTaskRequest');

// ── 组合一件事 and 办事指南: composing bundles from catalogue items, and their service guides ──

const timeLimitSchema = z.object({
  value: z.number().int().positive(),
  unit: z.enum(['workingDays', 'calendarDays', 'calendarMonths']),
});

const textPair = (max: number) =>
  z.object({
    zh: z.string().trim().min(1, 'required').max(max),
    en: z.string().trim().min(1, 'required').max(max),
  });

export const composeBundleBody = z
  .object({
    key: z
      .string()
      .regex(/^[a-z][a-zA-Z0-9-]{0,63}$/, 'a bundle key starts with a lowercase letter: letters, digits, -'),
    name: textPair(100),
    description: textPair(1000),
    leadDepartmentId: z.string().min(1, 'the lead department (牵头部门) is required').max(64),
    items: z
      .array(
        z
          .object({
            itemCode: z
              .string()
              .trim()
              .min(1)
              .max(64)
              .openapi({ description: '事项编码 of a catalogue item' }),
            when: z
              .string()
              .trim()
              .min(1, 'an empty condition: leave it out for an item that always applies')
              .max(500)
              .optional()
              .openapi({ description: 'FEEL on the combined form answers, e.g. shop.area > 300' }),
          })
          .strict(),
      )
      .min(1, 'a bundle needs at least one item')
      .max(30),
    prerequisites: z
      .array(
        z
          .object({
            before: z.string().max(64).openapi({ description: 'Must conclude first' }),
            after: z.string().max(64),
          })
          .strict(),
      )
      .max(200)
      .default([]),
    promisedLimit: timeLimitSchema
      .optional()
      .openapi({ description: '承诺时限 of the bundle; at most the joint statutory 45 working days' }),
    sort: z
      .number()
      .int()
      .min(0)
      .max(100_000)
      .optional()
      .openapi({ description: 'Position in bundle lists' }),
  })
  .strict()
  .openapi('ComposeBundleRequest');

export const bundleCompositionSchema = z
  .object({
    key: z.string(),
    name: localized,
    description: localized,
    leadDepartmentId: z.string(),
    items: z.array(z.object({ itemCode: z.string(), when: z.string().optional() })),
    prerequisites: z.array(z.object({ before: z.string(), after: z.string() })),
    promisedLimit: timeLimitSchema.optional(),
    shipped: z.boolean().openapi({
      description: 'Shipped by the process library: publish a changed copy under another key',
    }),
  })
  .openapi('BundleComposition');

export const catalogueItemSchema = z
  .object({
    code: z.string(),
    codeSource: z.enum(['provincialGuide', 'illustrative']),
    name: localized,
    type: z.string(),
    typeName: localized,
    departmentId: z.string(),
    handlingType: z.enum(['immediate', 'promised']),
    statutoryLimit: orNull(timeLimitSchema),
    promisedLimit: timeLimitSchema,
    resultLicence: z.string().nullable(),
    fields: z.array(
      z.object({
        key: z.string(),
        type: z.string(),
        label: z.string(),
        labelEn: z.string(),
        values: z
          .array(z.object({ label: z.string(), labelEn: z.string().optional(), value: z.string() }))
          .optional(),
      }),
    ),
  })
  .openapi('CatalogueItem');

const guideDepartment = z.object({ id: z.string(), name: localized });

export const serviceGuideSchema = z
  .object({
    bundleKey: z.string(),
    name: localized,
    description: localized,
    leadDepartment: guideDepartment,
    departments: z.array(guideDepartment),
    jointLimit: z.object({
      statutory: timeLimitSchema,
      extension: timeLimitSchema,
      promised: timeLimitSchema.optional(),
    }),
    items: z.array(
      z.object({
        code: z.string(),
        codeSource: z.string(),
        name: localized,
        type: z.string(),
        typeName: localized,
        department: guideDepartment,
        legalBasis: z.string(),
        handlingType: z.enum(['immediate', 'promised']),
        statutoryLimit: orNull(timeLimitSchema),
        promisedLimit: timeLimitSchema,
        condition: z.string().nullable(),
        conditionText: orNull(localized).openapi({
          description: 'The condition with answer keys as their form labels, for applicants',
        }),
        prerequisites: z.array(z.string()),
        result: z.object({ name: localized, licence: z.string().nullable() }),
        specialProcedures: z.array(
          z.object({ name: localized, expectedWorkingDays: z.number(), counted: z.boolean() }),
        ),
        visits: z.number().int(),
      }),
    ),
    materials: z.array(
      z.object({
        key: z.string(),
        name: localized,
        requirement: z.enum(['required', 'secondary']),
        originals: z.number().int(),
        copies: z.number().int(),
        eLicence: z.object({ type: z.string(), name: localized }).nullable(),
        trustLevel: z.string().nullable(),
        neededBy: z.array(z.object({ itemCode: z.string(), providedBy: z.string().nullable() })),
        providedInChain: z.boolean(),
      }),
    ),
    fees: z.array(
      z.object({ itemCode: z.string(), name: localized, amountYuan: z.number(), basis: z.string() }),
    ),
    totalFeesYuan: z.number(),
    visits: z.number().int(),
    withdrawnAt: z.string().nullable().openapi({
      description: 'When the bundle was withdrawn (撤下): no new applications; null while it is offered',
    }),
  })
  .openapi('ServiceGuide');

export const composedBundleSchema = bundleDetailSchema
  .extend({
    guideUrl: z.string().openapi({ description: 'The API path of the bundle’s service guide' }),
    versionCreated: z
      .boolean()
      .openapi({ description: 'False when the same composition was already the latest version' }),
  })
  .openapi('ComposedBundle');

export const compositionPreviewSchema = z
  .object({
    bpmn: z.string().openapi({ description: 'The composed, laid-out BPMN 2.0 XML' }),
    form: bundleDetailSchema.shape.form,
    guide: serviceGuideSchema,
    warnings: z.array(z.string()),
  })
  .openapi('CompositionPreview');

export const intakeDecisionBody = z
  .discriminatedUnion('decision', [
    z.object({ decision: z.literal('accept'), comment: z.string().trim().max(2000).optional() }).strict(),
    z
      .object({
        decision: z.literal('correction'),
        items: z
          .array(
            z
              .object({
                subject: z.string().trim().min(1, 'name the material or field').max(200),
                reason: z.string().trim().min(1, 'say what is wrong').max(1000),
              })
              .strict(),
          )
          .min(1, 'a correction notice lists every correction at once, at least one')
          .max(50),
        note: z.string().trim().max(2000).optional(),
      })
      .strict(),
    z
      .object({
        decision: z.literal('reject'),
        reason: z.string().trim().min(1, 'state the reason').max(2000),
      })
      .strict(),
  ])
  .openapi('IntakeDecision');

/** 容缺: secondary materials of a correction notice declared missing (the rest must be uploaded). */
export const toleratedGaps = z
  .array(z.string().min(1).max(64))
  .max(50)
  .openapi({ description: 'Material keys declared 容缺 (secondary materials only)' });

export const correctionsBody = z
  .object({
    form: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'Changed answers, merged over the filed ones' }),
    note: z.string().trim().max(2000).optional(),
    toleratedGaps: toleratedGaps.optional(),
  })
  .strict()
  .openapi('CorrectionsRequest');

export const pauseClockBody = z
  .object({
    kind: z.enum(['specialProcedure', 'correction']),
    procedure: z.enum(SPECIAL_PROCEDURES).optional(),
    reason: z.string().trim().min(1, 'state the reason told to the applicant').max(2000),
    expectedWorkingDays: z.number().int().min(1).max(250).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.kind === 'specialProcedure' && !body.procedure)
      ctx.addIssue({ code: 'custom', path: ['procedure'], message: 'which special procedure (Art. 45)' });
    if (body.kind === 'specialProcedure' && !body.expectedWorkingDays)
      ctx.addIssue({
        code: 'custom',
        path: ['expectedWorkingDays'],
        message: 'the expected duration told to the applicant, in working days',
      });
  })
  .openapi('PauseClockRequest');

export const resumeClockBody = z
  .object({ result: z.string().trim().min(1, 'the result of the special procedure').max(2000) })
  .strict()
  .openapi('ResumeClockRequest');

export const extendClockBody = z
  .object({
    workingDays: z.number().int().min(1).max(15),
    reason: z.string().trim().min(1, 'the reason told to the applicant').max(2000),
  })
  .strict()
  .openapi('ExtendClockRequest');

export const deliverBody = z
  .object({
    method: z.enum(['window', 'post', 'electronic']).default('window'),
    /** 邮寄送达: the postal tracking number (required for post). */
    trackingNumber: z.string().trim().min(1).max(64).optional(),
  })
  .strict()
  .openapi('DeliverRequest');
