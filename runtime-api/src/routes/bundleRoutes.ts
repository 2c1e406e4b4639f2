import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { AppContext } from '../context';
import { notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import { bundleDetailSchema, bundleKeyParams, bundleSchema } from '../schemas';

const anyone = ['applicant', 'clerk', 'manager', 'admin'] as const;

export function bundleRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  // biome-ignore lint/suspicious/noExplicitAny: knex rows are untyped.
  const present = async (row: any) => {
    const [{ definition }, items] = await Promise.all([
      ctx.definitions.latest(row.key),
      ctx
        .knex('bundle_items as bi')
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
    async () => Promise.all((await ctx.knex('bundles').orderBy('sort_order').select()).map(present)),
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
      if (!row) throw notFound(`Bundle ${params.key}`);
      return { ...(await present(row)), form: row.form_schema };
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
