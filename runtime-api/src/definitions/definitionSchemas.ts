import { MAX_BPMN_BYTES } from '@yijian/engine';
import { z } from 'zod';
import { orNull } from '../http/openapi';
import { bundleDetailSchema, bundleKeyParams, composeBundleBody, localized } from '../schemas';
import { CHANGE_ACTIONS } from './definitionQueries';

/** zod schemas of the definitions lifecycle (drafts, versions, retirement, migration, test run). */

const bpmnText = z
  .string()
  .min(1, 'the BPMN document is empty')
  .max(MAX_BPMN_BYTES, `at most ${MAX_BPMN_BYTES} characters`)
  .openapi({ description: 'A BPMN 2.0 XML document' });

const reason = z.string().trim().min(1, 'say why (it is kept in the audit log)').max(2000);

const draftName = z.string().trim().min(1, 'name the draft').max(200);

export const draftParams = z.object({ id: z.string().uuid('must be a UUID') });

export const versionParams = bundleKeyParams.extend({
  version: z.coerce.number().int().min(1).max(1_000_000),
});

export const draftSummarySchema = z
  .object({
    id: z.string().uuid(),
    bundleKey: z.string(),
    kind: z.enum(['composition', 'bpmn']),
    name: z.string(),
    createdAt: z.string(),
    updatedAt: z.string().openapi({ description: 'Send it back with a save: a stale one is refused (409)' }),
    updatedBy: z.string().nullable().openapi({ description: 'Display name of who saved it last' }),
  })
  .openapi('DefinitionDraftSummary');

export const draftSchema = draftSummarySchema
  .extend({
    composition: orNull(composeBundleBody),
    bpmn: z.string().nullable(),
  })
  .openapi('DefinitionDraft');

export const newDraftBody = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('composition'), name: draftName, composition: composeBundleBody }).strict(),
    z.object({ kind: z.literal('bpmn'), name: draftName, bpmn: bpmnText }).strict(),
  ])
  .openapi('NewDefinitionDraft');

export const draftUpdateBody = z
  .object({
    updatedAt: z.string().datetime({ offset: true, message: 'the updatedAt the draft was opened with' }),
    name: draftName.optional(),
    composition: composeBundleBody.optional(),
    bpmn: bpmnText.optional(),
  })
  .strict()
  .refine((b) => b.composition === undefined || b.bpmn === undefined, {
    message: 'a draft is a composition or a BPMN document, not both',
    path: ['bpmn'],
  })
  .openapi('DefinitionDraftUpdate');

const retirement = z.object({ at: z.string(), by: z.string().nullable(), reason: z.string().nullable() });

export const definitionVersionSchema = z
  .object({
    version: z.number().int(),
    deployedAt: z.string(),
    deployedBy: z.string().nullable(),
    retired: orNull(retirement),
    runningCases: z.number().int().openapi({ description: 'Cases of this version not yet concluded' }),
    startsNewCases: z.boolean().openapi({ description: 'The version a filing starts on now' }),
  })
  .openapi('DefinitionVersion');

export const definitionSummarySchema = z
  .object({
    key: z.string(),
    name: localized,
    shipped: z.boolean(),
    retired: orNull(retirement),
    latestVersion: z.number().int(),
    activeVersion: z.number().int().nullable(),
    runningCases: z.number().int(),
    drafts: z.number().int(),
  })
  .openapi('DefinitionSummary');

export const definitionVersionsSchema = definitionSummarySchema
  .extend({ versions: z.array(definitionVersionSchema) })
  .openapi('DefinitionVersions');

export const retireBody = z.object({ reason }).strict().openapi('RetireRequest');

const diffElement = z.object({ id: z.string(), type: z.string(), name: orNull(localized) });

export const diffQuery = z.object({
  from: z.coerce.number().int().min(1),
  to: z.coerce.number().int().min(1),
});

export const definitionDiffSchema = z
  .object({
    key: z.string(),
    from: z.number().int(),
    to: z.number().int(),
    added: z.array(diffElement),
    removed: z.array(diffElement),
    changed: z.array(
      diffElement.extend({
        changes: z.array(
          z.object({ attribute: z.string(), before: z.string().nullable(), after: z.string().nullable() }),
        ),
      }),
    ),
  })
  .openapi('DefinitionDiff');

export const bulkMigrationBody = z
  .object({
    fromVersion: z.number().int().min(1),
    toVersion: z.number().int().min(1),
    reason,
    dryRun: z.boolean().openapi({ description: 'Only say which cases would move and which not' }),
  })
  .strict()
  .openapi('BulkMigrationRequest');

const caseRef = z.object({ caseId: z.string().uuid(), caseNumber: z.string() });

export const bulkMigrationSchema = z
  .object({
    key: z.string(),
    fromVersion: z.number().int(),
    toVersion: z.number().int(),
    dryRun: z.boolean(),
    moved: z.array(caseRef).openapi({ description: 'Moved (or, in a dry run, would move)' }),
    refused: z.array(
      caseRef.extend({
        problems: z.array(z.object({ elementId: z.string().nullable(), message: z.string() })),
      }),
    ),
    more: z
      .boolean()
      .openapi({ description: 'More running cases remain than one request handles; run again' }),
  })
  .openapi('BulkMigrationResult');

export const testRunBody = z
  .object({
    draftId: z.string().uuid().optional(),
    bundleKey: bundleKeyParams.shape.key
      .optional()
      .openapi({ description: 'With `version`: a deployed version' }),
    version: z.number().int().min(1).optional(),
    answers: z
      .record(z.string().max(200), z.unknown())
      .refine((v) => Object.keys(v).length <= 500, 'at most 500 answers')
      .openapi({ description: 'Sample answers of the combined form, keyed like a filing (shop.area)' }),
  })
  .strict()
  .refine((b) => (b.draftId !== undefined) !== (b.bundleKey !== undefined && b.version !== undefined), {
    message: 'name a draft (draftId) or a deployed version (bundleKey and version)',
    path: ['draftId'],
  })
  .openapi('TestRunRequest');

export const testRunSchema = z
  .object({
    bpmn: z.string().openapi({ description: 'The BPMN the run stepped, for the diagram' }),
    form: orNull(bundleDetailSchema.shape.form),
    outcome: z.enum(['concluded', 'stuck', 'incident']),
    phase: z.string(),
    steps: z.array(
      z.object({
        elementId: z.string(),
        name: localized,
        itemCode: z.string().nullable(),
        departmentId: z.string(),
      }),
    ),
    items: z.array(
      z.object({
        itemCode: z.string(),
        elementId: z.string(),
        name: localized,
        applies: z.boolean(),
        condition: z.string().nullable(),
        conditionText: orNull(localized),
      }),
    ),
    visitedElements: z.array(z.string()),
    takenFlows: z.array(z.string()),
    problems: z.array(
      z
        .object({
          elementId: z
            .string()
            .nullable()
            .openapi({ description: 'The element the run stopped at, when known' }),
          code: z.string().openapi({ description: 'The engine’s incident code, or test_run_stuck' }),
          message: z.string().openapi({ description: 'What went wrong, in English' }),
          messages: localized.openapi({
            description:
              'The same sentence in zh-CN (`zh`) and English (`en`), to show in the reader’s language',
          }),
        })
        .openapi('TestRunProblem'),
    ),
  })
  .openapi('TestRunResult');

export const definitionChangeSchema = z
  .object({
    id: z.string(),
    action: z.enum(CHANGE_ACTIONS),
    version: z.number().int().nullable(),
    actor: z.string().nullable(),
    at: z.string(),
    reason: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()),
  })
  .openapi('DefinitionChange');
