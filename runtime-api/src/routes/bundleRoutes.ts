import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { ProcessDefinition } from '@yijian/engine';
import { type BundleComposition, bundleCompositions } from '@yijian/process-library';
import type { Router } from 'express';
import rateLimit from 'express-rate-limit';
import type { Knex } from 'knex';
import { bundleGuide, guideOf } from '../catalogue/bundleGuide';
import { currentCatalogue } from '../catalogue/catalogueStore';
import { checkComposition, publishBundle } from '../catalogue/publishBundle';
import { idempotent } from '../commands/idempotency';
import type { AppContext } from '../context';
import { notFound, rateLimitedHandler } from '../http/errors';
import { defineRoute } from '../http/route';
import {
  bundleCompositionSchema,
  bundleDetailSchema,
  bundleKeyParams,
  bundleSchema,
  composeBundleBody,
  composedBundleSchema,
  compositionPreviewSchema,
  serviceGuideSchema,
} from '../schemas';

const anyone = ['applicant', 'clerk', 'manager', 'admin', 'designer'] as const;
/** Who composes and publishes bundles (组合一件事). */
const composers = ['admin', 'designer'] as const;

export const guidePath = (key: string) => `/api/bundles/${encodeURIComponent(key)}/guide`;

export function bundleRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  /** A bundle row as the API shows it; `db` and `definition` let a transaction see its own writes. */
  // biome-ignore lint/suspicious/noExplicitAny: knex rows are untyped.
  const present = async (row: any, db: Knex = ctx.knex, deployed?: ProcessDefinition) => {
    const [definition, items] = await Promise.all([
      deployed ?? ctx.definitions.latest(row.key).then((d) => d.definition),
      db('bundle_items as bi')
        .join('items as i', 'i.code', 'bi.item_code')
        .where('bi.bundle_key', row.key)
        .orderBy('bi.position')
        .select('i.*'),
    ]);
    return {
      key: row.key,
      name: { zh: row.name_zh, en: row.name_en },
      description: { zh: row.description_zh, en: row.description_en },
      leadDepartmentId: row.lead_department_id,
      version: definition.version,
      items: items.map((i) => ({
        code: i.code,
        name: { zh: i.name_zh, en: i.name_en },
        departmentId: i.department_id,
        limits: i.limits,
      })),
      limits: definition.limits,
    };
  };

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/bundles',
      summary: 'Bundles (一件事) an applicant can file',
      tag: 'catalogue',
      roles: anyone,
      response: bundleSchema.array(),
    },
    async () =>
      Promise.all((await ctx.knex('bundles').orderBy('sort_order').select()).map((r) => present(r))),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/bundles',
      summary:
        '组合一件事: compose a bundle from catalogue items and publish it in one request (next version when the key exists); send Idempotency-Key to retry safely',
      tag: 'catalogue',
      roles: composers,
      body: composeBundleBody,
      response: composedBundleSchema,
      status: 201,
    },
    async ({ body, user, req }) => {
      const now = await ctx.now();
      const result = await ctx.knex.transaction((trx) =>
        idempotent(trx, { userId: user.id, key: req.header('Idempotency-Key'), request: body }, async () => {
          const { definition, created } = await publishBundle(trx, body, {
            catalogue: await currentCatalogue(trx, ctx.catalogue.items),
            userId: user.id,
            now,
          });
          const row = await trx('bundles').where({ key: body.key }).first();
          return {
            status: 201,
            body: {
              ...(await present(row, trx, definition)),
              form: row.form_schema,
              guideUrl: guidePath(body.key),
              versionCreated: created,
            },
          };
        }),
      );
      return result.body;
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/bundles/preview',
      summary:
        'Compose a bundle without publishing it: its BPMN, combined form and service guide, or the 400',
      tag: 'catalogue',
      roles: composers,
      body: composeBundleBody,
      response: compositionPreviewSchema,
    },
    async ({ body }) => {
      const departments = (await ctx.knex('departments').select('id', 'name_zh', 'name_en')).map((d) => ({
        id: d.id as string,
        name: { zh: d.name_zh as string, en: d.name_en as string },
      }));
      const catalogue = await currentCatalogue(ctx.knex, ctx.catalogue.items);
      const { composition, bundle, warnings } = await checkComposition(body, catalogue, departments);
      return {
        bpmn: bundle.bpmn,
        form: bundle.form,
        guide: guideOf(composition, catalogue, departments),
        warnings: warnings.map((w) => w.message),
      };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/bundles/:key',
      summary: 'One bundle with its combined form',
      tag: 'catalogue',
      roles: anyone,
      params: bundleKeyParams,
      response: bundleDetailSchema,
    },
    async ({ params }) => {
      const row = await ctx.knex('bundles').where({ key: params.key }).first();
      if (!row) throw notFound('bundle', params.key);
      return { ...(await present(row)), form: row.form_schema };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/bundles/:key/composition',
      summary: 'The composition a bundle is generated from, as POST /api/bundles takes it (a starting point)',
      tag: 'catalogue',
      roles: composers,
      params: bundleKeyParams,
      response: bundleCompositionSchema,
    },
    async ({ params }) => {
      const row = await ctx.knex('bundles').where({ key: params.key }).first('composition');
      // A shipped bundle's composition comes from the process library.
      const composition =
        (row?.composition as BundleComposition | null) ??
        bundleCompositions.find((c) => c.key === params.key);
      if (!row || !composition) throw notFound('composition', params.key);
      const { jointLimit, ...rest } = composition;
      return {
        ...rest,
        ...(jointLimit.promised ? { promisedLimit: jointLimit.promised } : {}),
        shipped: row.composition === null,
      };
    },
  );

  // A service guide is public information (政务公开): readable without an account, rate-limited.
  router.get(
    '/api/bundles/:key/guide',
    rateLimit({
      windowMs: 60_000,
      limit: 300,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: rateLimitedHandler,
    }),
  );
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/bundles/:key/guide',
      summary: '办事指南: the service guide of a bundle, generated from the catalogue (no login needed)',
      tag: 'catalogue',
      roles: 'public',
      params: bundleKeyParams,
      response: serviceGuideSchema,
    },
    async ({ params }) => {
      const guide = await bundleGuide(
        ctx.readKnex,
        params.key,
        await currentCatalogue(ctx.readKnex, ctx.catalogue.items),
      );
      if (!guide) throw notFound('bundle', params.key);
      return guide;
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/bundles/:key/bpmn',
      summary: 'BPMN XML of the latest deployed version',
      tag: 'catalogue',
      roles: anyone,
      params: bundleKeyParams,
      response: 'text/xml',
    },
    async ({ params }) => (await ctx.definitions.latest(params.key)).xml,
  );
}
