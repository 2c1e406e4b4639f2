import { type ELicenceType, eLicenceTypes, type MaterialKey } from '@yijian/process-library';
import { z } from 'zod';
import { orNull } from '../http/openapi';
import '../http/openapi';
import { trustLevelSchema } from '../materials/materialSchemas';

/**
 * zod schemas of catalogue editing (事项目录维护): service items, their forms (form designer) and
 * materials, with the audit trail. The request schemas are the form subset rules' first half; the
 * process library's `checkItemFields` / `validateCatalogue` the second.
 */

const text = (max: number) => z.string().trim().min(1, 'required').max(max);
const bilingual = (max: number) => z.object({ zh: text(max), en: text(max) }).strict();
const localized = z.object({ zh: z.string(), en: z.string() });

export const catalogueTimeLimitSchema = z
  .object({
    value: z.number().int().positive().max(1000),
    unit: z.enum(['workingDays', 'calendarDays', 'calendarMonths']),
  })
  .strict()
  .openapi('CatalogueTimeLimit');

const departmentId = z.string().trim().min(1, 'required').max(64);
const materialKey = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,63}$/, 'not a material key');
/** The materials and e-licence types of the catalogue (材料目录, 电子证照类型). */
const eLicenceType = z.enum(Object.keys(eLicenceTypes) as [ELicenceType, ...ELicenceType[]]);

/** 事项要素: everything of a service item but its code and its questions (the form). */
export const itemDefinitionSchema = z
  .object({
    codeSource: z.enum(['provincialGuide', 'illustrative']),
    name: bilingual(200),
    type: z.enum(['licensing', 'confirmation', 'levy', 'filing', 'publicService', 'otherPower']),
    operation: z.enum(['new', 'change', 'renewal', 'cancellation']),
    competentDepartmentId: departmentId,
    implementingDepartmentId: departmentId,
    legalBasis: text(1000),
    handlingType: z.enum(['immediate', 'promised']),
    statutoryLimit: orNull(catalogueTimeLimitSchema).openapi({
      description: '法定办结时限; null when no law sets one',
    }),
    promisedLimit: catalogueTimeLimitSchema.openapi({
      description: '承诺办结时限: at most the statutory limit',
    }),
    materials: z
      .array(
        z
          .object({
            // Any material of the material catalogue (material_types), the shipped ones and those
            // created in the Studio; the save checks it exists.
            key: materialKey.transform((key) => key as MaterialKey),
            requirement: z.enum(['required', 'secondary']),
            originals: z.number().int().min(0).max(20),
            copies: z.number().int().min(0).max(20),
            trustLevel: trustLevelSchema.optional(),
          })
          .strict(),
      )
      .max(50),
    fees: z
      .array(
        z
          .object({ name: bilingual(200), amountYuan: z.number().min(0).max(10_000_000), basis: text(500) })
          .strict(),
      )
      .max(20),
    result: z.object({ name: bilingual(200), licence: eLicenceType.nullable() }).strict(),
    specialProcedures: z
      .array(
        z
          .object({
            name: bilingual(200),
            expectedWorkingDays: z.number().int().min(1).max(365),
            counted: z.boolean(),
          })
          .strict(),
      )
      .max(20),
    visits: z.number().int().min(0).max(10),
    level: z.enum(['province', 'city', 'county', 'township', 'village']),
    steps: z
      .array(
        z
          .object({
            key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,31}$/, 'a step key: letters and digits'),
            name: bilingual(100),
            limit: catalogueTimeLimitSchema.optional(),
            departmentId: departmentId.optional(),
          })
          .strict(),
      )
      .min(1)
      .max(20)
      .optional()
      .openapi({ description: 'Overrides the default steps 受理 → 审查 → 决定 → 制证发证' }),
  })
  .strict()
  .openapi('ItemDefinition');

export const itemCodeParams = z.object({
  code: z.string().regex(/^[0-9A-Za-z-]{1,64}$/, 'not an item code'),
});

export const itemSaveBody = z
  .object({
    item: itemDefinitionSchema,
    expectedVersion: z
      .number()
      .int()
      .min(0)
      .openapi({ description: 'The version the edit started from; another save since is a 409' }),
  })
  .strict()
  .openapi('ItemSaveRequest');

export const itemCreateBody = z
  .object({
    code: z.string().regex(/^[0-9A-Za-z-]{1,64}$/, '事项编码: letters, digits and -'),
    item: itemDefinitionSchema,
  })
  .strict()
  .openapi('ItemCreateRequest');

export const storedItemSchema = z
  .object({
    code: z.string(),
    version: z.number().int(),
    source: z.enum(['seed', 'designer']),
    savedAt: z.string(),
    savedBy: z.string().nullable(),
    item: itemDefinitionSchema,
    bundles: z.array(z.object({ key: z.string(), name: localized })),
    warnings: z.array(z.string()),
  })
  .openapi('StoredItem');

export const itemVersionSchema = z
  .object({
    version: z.number().int(),
    source: z.enum(['seed', 'designer']),
    savedAt: z.string(),
    savedBy: z.string().nullable(),
  })
  .openapi('ItemVersion');

// ── Form designer ──────────────────────────────────────────────────────────────────────────────

/** One question as the form designer saves it: the form-js subset combined forms use. */
export const itemFormFieldSchema = z
  .object({
    key: z
      .string()
      .regex(
        /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?$/,
        'a key: <topic>.<name> or item<code>.<name>',
      )
      .max(100),
    type: z.enum(['textfield', 'number', 'textarea', 'select', 'checkbox']),
    label: text(200),
    labelEn: text(200),
    description: z.string().trim().max(500).optional(),
    descriptionEn: z.string().trim().max(500).optional(),
    values: z
      .array(z.object({ label: text(100), labelEn: text(100).optional(), value: text(100) }).strict())
      .max(100)
      .optional(),
    validate: z
      .object({
        required: z.boolean().optional(),
        min: z.number().optional(),
        max: z.number().optional(),
        minLength: z.number().int().min(0).optional(),
        maxLength: z.number().int().min(1).optional(),
        pattern: z.string().max(200).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .openapi('ItemFormField');

export const itemFormSchema = z
  .object({
    type: z.literal('default'),
    id: z.string().max(100),
    schemaVersion: z.number().int(),
    components: z.array(itemFormFieldSchema).max(100),
  })
  .strict()
  .openapi('ItemForm');

export const itemFormSaveBody = z
  .object({ schema: itemFormSchema, expectedVersion: z.number().int().min(0) })
  .strict()
  .openapi('ItemFormSaveRequest');

export const storedItemFormSchema = z
  .object({
    itemCode: z.string(),
    itemName: localized,
    version: z.number().int(),
    source: z.enum(['seed', 'designer']),
    savedAt: z.string(),
    savedBy: z.string().nullable(),
    schema: itemFormSchema,
    bundles: z.array(z.object({ key: z.string(), name: localized })),
  })
  .openapi('StoredItemForm');

export const itemFormPreviewBody = z
  .object({
    schema: itemFormSchema,
    bundleKey: z.string().regex(/^[a-z][a-zA-Z0-9-]{0,63}$/, 'not a bundle key'),
  })
  .strict()
  .openapi('ItemFormPreviewRequest');

const combinedFieldSchema = itemFormFieldSchema.extend({
  section: z.string().optional(),
  conditional: z.object({ hide: z.string() }).optional(),
});

export const itemFormPreviewSchema = z
  .object({
    form: z.object({
      type: z.literal('default'),
      id: z.string(),
      schemaVersion: z.number(),
      components: z.array(combinedFieldSchema),
      sections: z.array(z.object({ id: z.string(), label: z.string(), labelEn: z.string() })).optional(),
    }),
    /** For each key of the edited form, the items of the bundle that ask it too. */
    sharedWith: z.record(z.string(), z.array(z.string())),
  })
  .openapi('ItemFormPreview');

export const dictionaryFieldSchema = z
  .object({
    key: z.string(),
    type: z.enum(['textfield', 'number', 'textarea', 'select', 'checkbox']),
    label: z.string(),
    labelEn: z.string(),
    description: z.string().optional(),
    descriptionEn: z.string().optional(),
    values: z
      .array(z.object({ label: z.string(), labelEn: z.string().optional(), value: z.string() }))
      .optional(),
    validate: itemFormFieldSchema.shape.validate,
    section: z.string(),
  })
  .openapi('DictionaryField');

export const fieldDictionarySchema = z
  .object({
    fields: z.array(dictionaryFieldSchema),
    sections: z.array(z.object({ id: z.string(), label: z.string(), labelEn: z.string() })),
  })
  .openapi('FieldDictionary');

// ── Materials ─────────────────────────────────────────────────────────────────────────────────

export const materialTypeKeyParams = z.object({ key: materialKey });

export const materialTypeBody = z
  .object({
    name: bilingual(200),
    eLicenceType: eLicenceType.nullable().openapi({ description: 'The e-licence that satisfies it' }),
    trustLevel: orNull(trustLevelSchema).openapi({
      description: 'Weakest trust level reused without a clerk',
    }),
  })
  .strict()
  .openapi('MaterialTypeRequest');

/** 新建材料: a material type of its own key; the key is how items and uploads name it. */
export const materialTypeCreateBody = z
  .object({
    key: materialKey.openapi({
      description: 'Material key (letters and digits, starting with a letter), e.g. fireSafetyPlan',
    }),
    name: bilingual(200),
    eLicenceType: eLicenceType.nullable().openapi({ description: 'The e-licence that satisfies it' }),
    trustLevel: orNull(trustLevelSchema).openapi({
      description: 'Weakest trust level reused without a clerk',
    }),
  })
  .strict()
  .openapi('MaterialTypeCreateRequest');

export const materialTypeSchema = z
  .object({
    key: z.string(),
    name: localized,
    eLicenceType: z.string().nullable(),
    trustLevel: z.string().nullable(),
    editedAt: z.string().nullable(),
    usedBy: z.array(z.string()).openapi({ description: 'Codes of the items asking for it' }),
  })
  .openapi('MaterialType');

export const eLicenceTypeSchema = z.object({ key: z.string(), name: localized }).openapi('ELicenceType');

// ── Audit ─────────────────────────────────────────────────────────────────────────────────────

export const catalogueChangesQuery = z
  .object({
    kind: z.enum(['item', 'itemForm', 'material']).optional(),
    target: z.string().max(64).optional(),
  })
  .strict();

export const catalogueChangeSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['item', 'itemForm', 'material']),
    target: z.string(),
    version: z.number().int().nullable(),
    changedBy: z.object({ id: z.string(), username: z.string(), displayName: z.string() }),
    changedAt: z.string(),
    before: z.unknown().openapi({ description: 'The item, form or material before; null when created' }),
    after: z.unknown(),
  })
  .openapi('CatalogueChange');

export const republishSchema = z
  .object({
    key: z.string(),
    version: z.number().int(),
    versionCreated: z.boolean(),
    catalogueVersions: z.record(z.string(), z.number().int()),
  })
  .openapi('RepublishedBundle');
