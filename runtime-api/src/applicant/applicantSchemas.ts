import { z } from 'zod';
import { orNull } from '../http/openapi';
import { uploadSchema } from '../materials/materialSchemas';
import { localized } from '../schemas';

/** A form answer as a draft keeps it: what the combined form's inputs hold. */
const draftAnswer = z.union([z.string().max(5000), z.number(), z.boolean(), z.null()]);

/** 草稿: what the apply page saves as the applicant types (one per applicant and bundle). */
export const draftBody = z
  .object({
    form: z
      .record(z.string().min(1).max(200), draftAnswer)
      .refine((form) => Object.keys(form).length <= 300, 'at most 300 answers')
      .openapi({ description: 'The answers so far, keys flat (`shop.area`)' }),
    materials: z
      .record(z.string().min(1).max(64), z.string().uuid('must be an upload id'))
      .refine((m) => Object.keys(m).length <= 100, 'at most 100 materials')
      .openapi({ description: 'Upload ids (the applicant’s own) by material key' }),
    step: z.number().int().min(0).max(50).openapi({ description: 'The form section the applicant is on' }),
  })
  .strict()
  .openapi('DraftRequest');

export const draftSchema = z
  .object({
    bundleKey: z.string(),
    bundleName: localized,
    form: z.record(z.string(), draftAnswer),
    materials: z.record(z.string(), uploadSchema),
    step: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Draft');

export const draftSummarySchema = z
  .object({
    bundleKey: z.string(),
    bundleName: localized,
    step: z.number().int(),
    answered: z.number().int().openapi({ description: 'How many answers the draft holds' }),
    updatedAt: z.string(),
  })
  .openapi('DraftSummary');

export const draftDeletedSchema = z.object({ deleted: z.boolean() }).openapi('DraftDeleted');

/** Where a prefilled answer comes from: the account, or an e-licence the applicant holds. */
export const prefillSchema = z
  .object({
    values: z.array(
      z.object({
        key: z.string(),
        value: z.string(),
        source: z.enum(['account', 'eLicence']),
        /** The licence the value was read from (its number), for an e-licence source. */
        licenceNumber: z.string().nullable(),
      }),
    ),
    /** The parties of a two-party bundle (买受人, 出卖人) and their fields; empty otherwise. */
    parties: z.array(
      z.object({
        party: z.enum(['buyer', 'seller']),
        label: z.string(),
        labelEn: z.string(),
        fieldKeys: z.array(z.string()),
      }),
    ),
  })
  .openapi('Prefill');

/**
 * 好差评 reasons, after the national scheme's evaluation points (国办发〔2019〕51号: 服务态度,
 * 办事效率, 办事指南, 材料, 跑动次数, 结果): praise for 3–5, complaints for 1–2.
 */
export const GOOD_REASONS = [
  'clearGuide',
  'fewMaterials',
  'fast',
  'noTrips',
  'courteous',
  'resultAsExpected',
] as const;
export const BAD_REASONS = [
  'unclearGuide',
  'repeatedMaterials',
  'slow',
  'manyTrips',
  'discourteous',
  'resultUnclear',
  'other',
] as const;
export const ratingReason = z.enum([...GOOD_REASONS, ...BAD_REASONS]).openapi('RatingReason');

/** 非常满意 5, 满意 4, 基本满意 3, 不满意 2, 非常不满意 1: the last two are bad ratings. */
export const ratingBody = z
  .object({
    score: z.number().int().min(1).max(5),
    reasons: z.array(ratingReason).max(13).default([]),
    comment: z.string().trim().max(1000).optional(),
    /** For a bad rating: the department it is about (one of the case's); the lead department by default. */
    departmentId: z.string().min(1).max(64).optional(),
  })
  .strict()
  .openapi('RatingRequest');

export const rectificationSchema = z
  .object({
    id: z.string().uuid(),
    caseId: z.string().uuid(),
    caseNumber: z.string(),
    bundleName: localized,
    departmentId: z.string(),
    departmentName: localized,
    status: z.enum(['open', 'resolved']),
    openedAt: z.string(),
    dueDate: z.string(),
    overdue: z.boolean(),
    score: z.number().int(),
    reasons: z.array(ratingReason),
    comment: z.string().nullable(),
    reply: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    resolvedBy: z.string().nullable(),
  })
  .openapi('Rectification');

/** A page of 整改 by deadline; pass `nextCursor` back for the next (null on the last page). */
export const rectificationPageSchema = z
  .object({ rectifications: z.array(rectificationSchema), nextCursor: z.string().nullable() })
  .openapi('RectificationPage');

export const caseRatingSchema = z
  .object({
    caseId: z.string().uuid(),
    score: z.number().int(),
    reasons: z.array(ratingReason),
    comment: z.string().nullable(),
    ratedAt: z.string(),
    rectifications: z.array(rectificationSchema),
  })
  .openapi('CaseRating');

export const caseRatingStateSchema = z
  .object({
    /** The case can be rated now (delivered, not rated yet, caller is its applicant). */
    canRate: z.boolean(),
    rating: orNull(caseRatingSchema),
  })
  .openapi('CaseRatingState');

export const rectificationListQuery = z
  .object({
    status: z.enum(['open', 'resolved', 'all']).default('open'),
    departmentId: z.string().min(1).max(64).optional(),
    cursor: z.string().max(200).optional().openapi({ description: 'nextCursor of the previous page' }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const resolveRectificationBody = z
  .object({ reply: z.string().trim().min(1, 'say what was done').max(2000) })
  .strict()
  .openapi('ResolveRectificationRequest');

/** The materials the open correction notices ask for, each once, with whether it is answered. */
export const requestedMaterialsSchema = z
  .object({
    materials: z.array(
      z.object({
        key: z.string(),
        name: localized,
        gapAllowed: z.boolean().openapi({ description: '容缺 may be declared (secondary for every item)' }),
        answered: z.boolean().openapi({ description: 'Attached since the notice' }),
      }),
    ),
  })
  .openapi('RequestedMaterials');
