import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { ProcessDefinition } from '@yijian/engine';
import { bundleCompositions } from '@yijian/process-library';
import type { Router } from 'express';
import rateLimit from 'express-rate-limit';
import type { Knex } from 'knex';
import type { z } from 'zod';
import { bundleGuide, guideOf } from '../catalogue/bundleGuide';
import {
  allBundles,
  type BundleRow,
  bundleByKey,
  bundleItemRows,
  departmentNames,
  materialTypeNames,
} from '../catalogue/bundleQueries';
import { currentCatalogue } from '../catalogue/catalogueStore';
import { checkComposition, publishBundle } from '../catalogue/publishBundle';
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
  const present = async (
    row: BundleRow,
    db: Knex = ctx.knex,
    deployed?: ProcessDefinition,
  ): Promise<z.input<typeof bundleSchema>> => {
    const [definition, items] = await Promise.all([
      deployed ?? ctx.definitions.latest(row.key).then((d) => d.definition),
      bundleItemRows(db, row.key),
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
      summary: 'Bundles (一件事) an applicant can file (retired ones are not listed)',
      tag: 'catalogue',
      roles: anyone,
      response: bundleSchema.array(),
    },
    async () => Promise.all((await allBundles(ctx.knex)).map((r) => present(r))),
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
      idempotent: true,
    },
    async ({ body, user, command }) => {
      const now = await ctx.now();
      return command(ctx.knex, async (trx) => {
        const { definition, created } = await publishBundle(trx, body, {
          catalogue: await currentCatalogue(trx, ctx.catalogue.items),
          userId: user.id,
          now,
        });
        const row = (await bundleByKey(trx, body.key))!;
        return {
          ...(await present(row, trx, definition)),
          form: row.form_schema,
          guideUrl: guidePath(body.key),
          versionCreated: created,
        };
      });
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
      const departments = (await departmentNames(ctx.knex)).map((d) => ({
        id: d.id,
        name: { zh: d.name_zh, en: d.name_en },
      }));
      const catalogue = await currentCatalogue(ctx.knex, ctx.catalogue.items);
      const { composition, bundle, warnings } = await checkComposition(body, catalogue, departments);
      return {
        bpmn: bundle.bpmn,
        form: bundle.form,
        guide: guideOf(composition, catalogue, departments, {
          materialNames: await materialTypeNames(ctx.knex),
        }),
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
      const row = await bundleByKey(ctx.knex, params.key);
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
      const row = await bundleByKey(ctx.knex, params.key);
      // A shipped bundle's composition comes from the process library.
      const composition = row?.composition ?? bundleCompositions.find((c) => c.key === params.key);
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
