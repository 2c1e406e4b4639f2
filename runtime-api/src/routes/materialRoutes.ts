import { createHash } from 'node:crypto';
import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import express, { type Router } from 'express';
import { z } from 'zod';
import { bundleByKey } from '../catalogue/bundleQueries';
import type { AppContext } from '../context';
import type { AuthUser } from '../http/auth';
import { notFound } from '../http/errors';
import { defineRoute, responded } from '../http/route';
import { attachUploadToCase, bundleMaterialNeeds, verifyCaseMaterial } from '../materials/attachMaterials';
import { caseItemMaterials } from '../materials/caseMaterialViews';
import {
  insertUpload,
  ownUploadOf,
  storeFile,
  type UploadRow,
  uploadContent,
  uploadRows,
  uploadVisibleTo,
} from '../materials/fileQueries';
import { itemConditions } from '../materials/itemConditions';
import { bundleItems } from '../materials/materialCatalogueQueries';
import {
  attachUploadBody,
  bundleMaterialsQuery,
  bundleMaterialsSchema,
  caseMaterialsSchema,
  materialKeyParams,
  taskMaterialsSchema,
  uploadQuery,
  uploadSchema,
  verifyMaterialBody,
} from '../materials/materialSchemas';
import { checkUploadLimits } from '../materials/uploadLimits';
import {
  checkUpload,
  fileTooLarge,
  MAX_UPLOAD_BYTES,
  uploadMediaTypes,
  uploadTypes,
} from '../materials/uploadPolicy';
import { bundleKeyParams, idParams } from '../schemas';
import { visibleCases } from '../sql/caseQueries';
import { taskRows } from '../sql/departmentQueue';

const staff = ['clerk', 'manager', 'admin'] as const;

function presentUpload(row: UploadRow) {
  return {
    id: row.id,
    filename: row.filename,
    mediaType: row.media_type,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    createdAt: row.created_at.toISOString(),
  };
}

/** The case as its viewer may see it (same rule as the case API); 404 otherwise. */
async function visibleCase(ctx: AppContext, user: AuthUser, caseId: string) {
  const row = await visibleCases(ctx.knex, user).where('c.id', caseId).first('c.id', 'c.bundle_key');
  if (!row) throw notFound('case', caseId);
  return { id: row.id as string, bundleKey: row.bundle_key as string };
}

/**
 * Materials (申请材料) and e-licences (电子证照): uploads stored once by content hash, the merged
 * materials of a bundle for the apply form, per item what satisfies each material of a case or
 * task, the applicant's later uploads and the clerk's verification (核验).
 */
export function materialRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  // The file travels as the raw body with its own Content-Type; JSON bodies stay at 1 MB.
  const rawBody = express.raw({ type: () => true, limit: MAX_UPLOAD_BYTES });
  router.post('/api/uploads', (req, res, next) => {
    // Only an applicant's body is read; anyone else gets the route's 401/403 without sending 10 MB.
    if (req.user?.role !== 'applicant') return next();
    rawBody(req, res, (err?: { type?: string }) =>
      next(err?.type === 'entity.too.large' ? fileTooLarge() : err),
    );
  });

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/uploads',
      summary: `Upload a material file as the raw body (${Object.keys(uploadTypes).join(', ')}; at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB). Stored once by SHA-256; the same file again returns the same upload (200)`,
      tag: 'materials',
      roles: ['applicant'],
      rawBody: { mediaTypes: uploadMediaTypes, maxBytes: MAX_UPLOAD_BYTES },
      query: uploadQuery,
      response: uploadSchema,
      status: 201,
    },
    async ({ query, user, req, setStatus }) => {
      const mediaType = await checkUpload(req.header('content-type'), req.body);
      const content = req.body as Buffer;
      const sha256 = createHash('sha256').update(content).digest('hex');
      const filename = query.filename ?? `${sha256.slice(0, 12)}.${uploadTypes[mediaType].extension}`;
      const { created, row } = await ctx.knex.transaction(async (trx) => {
        // The same file again is the same upload, and costs nothing; a new one counts.
        const existing = await ownUploadOf(trx, user.id, sha256);
        if (!existing) await checkUploadLimits(trx, user.id, content.length);
        await storeFile(trx, { sha256, content, mediaType });
        const inserted = await insertUpload(trx, { sha256, userId: user.id, filename });
        const row = await uploadRows(trx).where({ 'u.uploaded_by': user.id, 'u.sha256': sha256 }).first();
        return { created: inserted.length > 0, row };
      });
      setStatus(created ? 201 : 200);
      // Inserted or found just now in the same transaction: it is there.
      return presentUpload(row!);
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/uploads/:id/content',
      summary:
        'The bytes of an upload: its uploader, clerks of a department working a case it is attached to, managers and admins',
      tag: 'materials',
      roles: ['applicant', ...staff],
      params: idParams,
      response: z.string().openapi({ format: 'binary', description: 'The file with its own Content-Type' }),
      example: '%PDF-1.7 … (the uploaded bytes)',
    },
    async ({ params, user, res }) => {
      const q = uploadVisibleTo(ctx.knex, user, params.id);
      if (!(await q.first('u.id'))) throw notFound('upload', params.id);
      const file = await uploadContent(ctx.knex, params.id);
      res
        .status(200)
        .type(file.media_type)
        .set('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
        .send(file.content);
      return responded;
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/bundles/:key/materials',
      summary:
        "The materials of a bundle's items merged by material (each asked once), with the item whose e-licence provides it and what the applicant already holds",
      tag: 'materials',
      roles: ['applicant', ...staff],
      params: bundleKeyParams,
      query: bundleMaterialsQuery,
      response: bundleMaterialsSchema,
    },
    async ({ params, query, user }) => {
      const bundle = await bundleByKey(ctx.knex, params.key);
      if (!bundle) throw notFound('bundle', params.key);
      const [items, conditions] = await Promise.all([
        bundleItems(ctx.knex, bundle.key),
        itemConditions(ctx.knex, bundle.key),
      ]);
      return {
        bundleKey: bundle.key,
        items: items.map((i) => ({
          code: i.code,
          name: { zh: i.name_zh, en: i.name_en },
          when: conditions.get(i.code) ?? null,
        })),
        materials: await bundleMaterialNeeds(ctx.knex, {
          bundleKey: bundle.key,
          itemCodes: query.items,
          applicantId: user.role === 'applicant' ? user.id : null,
        }),
      };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/cases/:id/materials',
      summary:
        'Per item of a case, its materials: satisfied by which upload or e-licence, trust level, source',
      tag: 'materials',
      roles: ['applicant', ...staff],
      params: idParams,
      response: caseMaterialsSchema,
    },
    async ({ params, user }) => {
      const kase = await visibleCase(ctx, user, params.id);
      return { caseId: kase.id, items: await caseItemMaterials(ctx.knex, kase) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'put',
      path: '/api/cases/:id/materials/:key',
      summary:
        '补交材料: attach an upload of mine to a material of my open case (trust C); the same upload again changes nothing',
      tag: 'materials',
      roles: ['applicant'],
      params: materialKeyParams,
      body: attachUploadBody,
      response: caseMaterialsSchema,
    },
    async ({ params, body, user }) => {
      await ctx.knex.transaction((trx) =>
        attachUploadToCase(ctx, trx, {
          user,
          caseId: params.id,
          materialKey: params.key,
          uploadId: body.uploadId,
        }),
      );
      const kase = await visibleCase(ctx, user, params.id);
      return { caseId: kase.id, items: await caseItemMaterials(ctx.knex, kase) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/cases/:id/materials/:key/verify',
      summary: "核验: confirm the applicant's upload (C → B), so later cases may reuse it",
      tag: 'materials',
      roles: ['clerk', 'admin'],
      params: materialKeyParams,
      body: verifyMaterialBody,
      response: caseMaterialsSchema,
    },
    async ({ params, user, body }) => {
      await ctx.knex.transaction((trx) =>
        verifyCaseMaterial(ctx, trx, {
          user,
          caseId: params.id,
          materialKey: params.key,
          viewedSha256: body.sha256,
        }),
      );
      const kase = await visibleCase(ctx, user, params.id);
      return { caseId: kase.id, items: await caseItemMaterials(ctx.knex, kase) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/tasks/:id/materials',
      summary: "The materials of a task's item: what satisfies each, trust level and source",
      tag: 'materials',
      roles: staff,
      params: idParams,
      response: taskMaterialsSchema,
    },
    async ({ params, user }) => {
      const q = taskRows(ctx.knex).where('t.id', params.id);
      if (user.role === 'clerk') q.where('t.department_id', user.departmentId);
      const task = await q.first();
      if (!task) throw notFound('task', params.id);
      const all = await caseItemMaterials(ctx.knex, { id: task.case_id, bundleKey: task.bundle_key });
      const item = task.item_code ? (all.find((i) => i.itemCode === task.item_code) ?? null) : null;
      return {
        taskId: task.id,
        caseId: task.case_id,
        caseNumber: task.case_number,
        item,
        items: task.item_code ? [] : all,
      };
    },
  );
}
