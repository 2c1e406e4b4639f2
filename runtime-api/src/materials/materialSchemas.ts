import { z } from 'zod';
import { orNull } from '../http/openapi';
import '../http/openapi';
import { trustLevels } from './trustLevels';

/** zod schemas of the materials API: uploads, materials per item, e-licences, verification. */

// Not imported from ../schemas: that module imports these for the case detail.
const localized = z.object({ zh: z.string(), en: z.string() });

export const trustLevelSchema = z.enum(trustLevels).openapi('TrustLevel', {
  description:
    '电子证照信任等级: A issued by the authority, B verified by a clerk (reusable), C uploaded by the user (verify before reuse), D self-declared',
});

export const materialKeyParams = z.object({
  id: z.string().uuid('must be a UUID'),
  key: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,63}$/, 'not a material key'),
});

export const uploadQuery = z.object({
  filename: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^/\\\0]+$/, 'a file name without folders')
    .optional()
    .openapi({ description: 'The file name to show; defaults to the hash and type' }),
});

export const uploadMediaType = z.enum(['application/pdf', 'image/jpeg', 'image/png']);
export type UploadMediaType = z.infer<typeof uploadMediaType>;

export const uploadSchema = z
  .object({
    id: z.string().uuid(),
    filename: z.string(),
    mediaType: uploadMediaType,
    sizeBytes: z.number().int(),
    sha256: z.string().openapi({ description: 'Content hash: the same bytes are stored once' }),
    createdAt: z.string(),
  })
  .openapi('Upload');

export const eLicenceTypeSchema = z.object({ key: z.string(), name: localized });

const itemRef = z.object({ itemCode: z.string(), name: localized });

export const attachmentSchema = z
  .object({
    source: z.enum(['upload', 'eLicence', 'reused']).openapi({
      description:
        'upload: the applicant uploaded it for this case; eLicence: issued by an earlier item of this case and attached automatically; reused: held from an earlier case',
    }),
    trustLevel: trustLevelSchema,
    attachedAt: z.string(),
    verifiedBy: z.object({ id: z.string(), displayName: z.string() }).nullable(),
    verifiedAt: z.string().nullable(),
    upload: uploadSchema.omit({ createdAt: true }).nullable(),
    eLicence: z
      .object({
        id: z.string().uuid(),
        type: z.string(),
        typeName: localized,
        number: z.string(),
        holderEntity: z
          .string()
          .nullable()
          .openapi({ description: '持证主体: the business the licence is for; null for a personal licence' }),
        holderCreditCode: z
          .string()
          .nullable()
          .openapi({ description: 'The holder business’s 统一社会信用代码, when known' }),
        issuingDepartmentId: z.string(),
        issuingCaseId: z.string().nullable(),
        issuedAt: z.string(),
        trustLevel: trustLevelSchema,
      })
      .nullable(),
  })
  .openapi('MaterialAttachment');

export const itemMaterialsSchema = z
  .object({
    itemCode: z.string(),
    name: localized,
    departmentId: z.string(),
    materials: z.array(
      z.object({
        key: z.string(),
        name: localized,
        requirement: z.enum(['required', 'secondary']),
        minTrust: orNull(trustLevelSchema),
        eLicenceType: orNull(eLicenceTypeSchema),
        status: z.enum(['satisfied', 'needsVerification', 'awaitingELicence', 'missing']),
        providedBy: orNull(itemRef).openapi({ description: 'The earlier item whose e-licence satisfies it' }),
        attachment: orNull(attachmentSchema),
      }),
    ),
  })
  .openapi('ItemMaterials');

export const caseMaterialsSchema = z
  .object({ caseId: z.string().uuid(), items: z.array(itemMaterialsSchema) })
  .openapi('CaseMaterials');

export const taskMaterialsSchema = z
  .object({
    taskId: z.string().uuid(),
    caseId: z.string().uuid(),
    caseNumber: z.string(),
    item: orNull(itemMaterialsSchema).openapi({ description: "The task's item; null for steps of no item" }),
    items: z.array(itemMaterialsSchema).openapi({
      description:
        "For a step of no item (the window's intake, 受理): every item of the case, to check them all at once",
    }),
  })
  .openapi('TaskMaterials');

export const bundleMaterialsQuery = z.object({
  items: z
    .string()
    .max(2000)
    .optional()
    .transform((s) => (s ? s.split(',').filter(Boolean) : undefined))
    .openapi({ description: 'Comma-separated item codes to merge; all items of the bundle when absent' }),
});

export const bundleMaterialsSchema = z
  .object({
    bundleKey: z.string(),
    items: z.array(z.object({ code: z.string(), name: localized, when: z.string().nullable() })).openapi({
      description:
        "The bundle's items with the FEEL condition under which each runs: evaluate it on the answers and pass the running items as ?items= to merge only theirs",
    }),
    materials: z.array(
      z.object({
        key: z.string(),
        name: localized,
        eLicenceType: orNull(eLicenceTypeSchema),
        minTrust: orNull(trustLevelSchema),
        required: z.boolean(),
        items: z.array(
          z.object({ code: z.string(), name: localized, requirement: z.enum(['required', 'secondary']) }),
        ),
        providedBy: orNull(itemRef),
        reusable: z
          .object({ kind: z.enum(['eLicence', 'upload']), trustLevel: trustLevelSchema })
          .nullable()
          .openapi({ description: 'What the applicant already holds: attached at filing, not asked again' }),
      }),
    ),
  })
  .openapi('BundleMaterials');

export const attachUploadBody = z.object({ uploadId: z.string().uuid('must be an upload id') }).strict();

/** 核验 names the file the clerk looked at, so a file swapped in afterwards is not the one verified. */
export const verifyMaterialBody = z
  .object({
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'the sha256 of the file you viewed (attachment.upload.sha256)')
      .openapi({ description: 'The content hash of the upload the clerk viewed (attachment.upload.sha256)' }),
  })
  .strict()
  .openapi('VerifyMaterial');
