import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { shanghaiDate } from '@yijian/engine';
import type { Router } from 'express';
import { z } from 'zod';
import {
  caseRatingStateSchema,
  draftBody,
  draftDeletedSchema,
  draftSchema,
  draftSummarySchema,
  prefillSchema,
  ratingBody,
  rectificationListQuery,
  rectificationPageSchema,
  rectificationSchema,
  requestedMaterialsSchema,
  resolveRectificationBody,
} from '../applicant/applicantSchemas';
import {
  caseCorrectionState,
  intakeRequestedMaterials,
  reviewRequestedMaterials,
} from '../applicant/correctionAnswers';
import { deleteDraft, listDrafts, loadDraft, saveDraft } from '../applicant/drafts';
import { prefillFor } from '../applicant/prefill';
import {
  caseRating,
  presentRectification,
  RATEABLE_STATUSES,
  rateCase,
  rectificationRows,
  resolveRectification,
} from '../applicant/ratings';
import type { AppContext } from '../context';
import { validationReasons } from '../http/errorCodes';
import { invalidField, notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import { bundleKeyParams, idParams } from '../schemas';
import { type VisibleCaseRow, visibleCases } from '../sql/caseQueries';
import {
  decodeRectificationCursor,
  encodeRectificationCursor,
  rectificationPageQuery,
} from '../sql/rectificationList';

/**
 * The applicant's side around a case: drafts of the combined form (草稿), prefill from the account
 * and e-licences (预填), 好差评 after delivery, and the 整改 a bad rating opens for a department.
 */
export function applicantRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  const bundleParams = z.object({ bundleKey: bundleKeyParams.shape.key });
  const today = async () => shanghaiDate(await ctx.now());

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/drafts',
      summary: 'My drafts (草稿) of combined forms, most recently saved first',
      tag: 'drafts',
      roles: ['applicant'],
      response: draftSummarySchema.array(),
    },
    async ({ user }) => listDrafts(ctx.knex, user.id),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/drafts/:bundleKey',
      summary: 'My draft of a bundle’s combined form, with its uploads, to resume where I was',
      tag: 'drafts',
      roles: ['applicant'],
      params: bundleParams,
      response: draftSchema,
    },
    async ({ params, user }) => loadDraft(ctx.knex, user.id, params.bundleKey),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'put',
      path: '/api/drafts/:bundleKey',
      summary: 'Save my draft of a bundle’s combined form (autosave): answers, uploads by material, section',
      tag: 'drafts',
      roles: ['applicant'],
      params: bundleParams,
      body: draftBody,
      response: draftSchema,
    },
    async ({ params, body, user }) => {
      await ctx.knex.transaction((trx) => saveDraft(trx, user.id, params.bundleKey, body));
      return loadDraft(ctx.knex, user.id, params.bundleKey);
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'delete',
      path: '/api/drafts/:bundleKey',
      summary: 'Discard my draft of a bundle (filing a case discards it too)',
      tag: 'drafts',
      roles: ['applicant'],
      params: bundleParams,
      response: draftDeletedSchema,
    },
    async ({ params, user }) => {
      if (!(await deleteDraft(ctx.knex, user.id, params.bundleKey)))
        throw notFound('draft', params.bundleKey);
      return { deleted: true };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/bundles/:key/prefill',
      summary:
        'Answers the platform already holds for me (预填): my name from the account, the business’s name and credit code from my e-licences',
      tag: 'drafts',
      roles: ['applicant'],
      params: bundleKeyParams,
      query: z.object({ party: z.enum(['buyer', 'seller']).optional() }).strict(),
      response: prefillSchema,
    },
    async ({ params, query, user }) => prefillFor(ctx.knex, user, params.key, query.party),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/cases/:id/correction-materials',
      summary:
        'The materials the open correction notices (intake and review) ask for, each once: the upload slots of the correction screen',
      tag: 'lifecycle',
      roles: ['applicant', 'clerk', 'manager', 'admin'],
      params: idParams,
      response: requestedMaterialsSchema,
    },
    async ({ params, user }) => {
      const kase: Pick<VisibleCaseRow, 'id'> | undefined = await visibleCases(ctx.knex, user)
        .where('c.id', params.id)
        .first('c.id');
      if (!kase) throw notFound('case', params.id);
      const row = await caseCorrectionState(ctx.knex, params.id);
      if (!row) throw notFound('case', params.id);
      const intake = row.status === 'correction' ? await intakeRequestedMaterials(ctx.knex, row) : [];
      const review = await reviewRequestedMaterials(ctx.knex, row);
      const all = [...intake, ...review.filter((m) => !intake.some((i) => i.key === m.key))];
      return { materials: all };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/cases/:id/rating',
      summary: 'The case’s 好差评 with the rectifications it opened, and whether I can rate it now',
      tag: 'ratings',
      roles: ['applicant', 'clerk', 'manager', 'admin'],
      params: idParams,
      response: caseRatingStateSchema,
    },
    async ({ params, user }) => {
      const kase: Pick<VisibleCaseRow, 'id' | 'status'> | undefined = await visibleCases(ctx.knex, user)
        .where('c.id', params.id)
        .first('c.id', 'c.status');
      if (!kase) throw notFound('case', params.id);
      const rating = await caseRating(ctx.knex, params.id, await today());
      const canRate =
        user.role === 'applicant' &&
        rating === null &&
        (RATEABLE_STATUSES as readonly string[]).includes(kase.status as string);
      return { canRate, rating };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/cases/:id/rating',
      summary:
        'Rate the service (好差评, 1–5 with reasons) once the results are delivered; a bad rating (1–2) opens 整改 for the department',
      tag: 'ratings',
      roles: ['applicant'],
      params: idParams,
      body: ratingBody,
      response: caseRatingStateSchema,
      status: 201,
      idempotent: true,
    },
    async ({ params, body, user, command }) => {
      await command(ctx.knex, (trx) => rateCase(ctx, trx, { user, caseId: params.id, rating: body }));
      return { canRate: false, rating: await caseRating(ctx.knex, params.id, await today()) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/rectifications',
      summary:
        '整改 opened by bad ratings, by deadline, keyset paged (pass nextCursor back): a clerk sees their department’s, managers and admins every department’s (filter by departmentId)',
      tag: 'ratings',
      roles: ['clerk', 'manager', 'admin'],
      query: rectificationListQuery,
      response: rectificationPageSchema,
    },
    async ({ query, user }) => {
      const after = query.cursor ? decodeRectificationCursor(query.cursor) : null;
      if (query.cursor && !after) throw invalidField('query.cursor', validationReasons.notACursor);
      const department = user.role === 'clerk' ? user.departmentId : query.departmentId;
      const rows = await rectificationPageQuery(ctx.knex, {
        ...(department ? { departmentId: department } : {}),
        status: query.status,
        after,
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const on = await today();
      const rectifications = page.map((r) => presentRectification(r, on));
      const last = page.at(-1);
      const lastShown = rectifications.at(-1);
      return {
        rectifications,
        nextCursor:
          rows.length > query.limit && last && lastShown
            ? encodeRectificationCursor({
                dueDate: lastShown.dueDate,
                openedAt: last.cursor_opened_at,
                id: last.id,
              })
            : null,
      };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/rectifications/:id/resolve',
      summary: 'Close a rectification (整改) with what was done; the applicant reads the reply',
      tag: 'ratings',
      roles: ['clerk', 'admin'],
      params: idParams,
      body: resolveRectificationBody,
      response: rectificationSchema,
    },
    async ({ params, body, user }) => {
      const id = await ctx.knex.transaction((trx) =>
        resolveRectification(ctx, trx, { user, id: params.id, reply: body.reply }),
      );
      const row = await rectificationRows(ctx.knex).where('r.id', id).first();
      if (!row) throw notFound('rectification', id);
      return presentRectification(row, await today());
    },
  );
}
