import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { itemTypeNames } from '@yijian/process-library';
import type { Router } from 'express';
import { currentCatalogue } from '../catalogue/catalogueStore';
import type { AppContext } from '../context';
import { defineRoute } from '../http/route';
import { catalogueItemSchema } from '../schemas';

/** The service-item catalogue (事项目录) bundles are composed from. */
export function itemRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/items',
      summary: 'Service items (政务服务事项) of the catalogue, with the form fields each asks',
      tag: 'catalogue',
      roles: ['applicant', 'clerk', 'manager', 'admin', 'designer'],
      response: catalogueItemSchema.array(),
    },
    async () =>
      (await currentCatalogue(ctx.knex, ctx.catalogue.items)).map((item) => ({
        code: item.code,
        codeSource: item.codeSource,
        name: item.name,
        type: item.type,
        typeName: itemTypeNames[item.type],
        departmentId: item.implementingDepartmentId,
        handlingType: item.handlingType,
        statutoryLimit: item.statutoryLimit,
        promisedLimit: item.promisedLimit,
        resultLicence: item.result.licence,
        fields: item.fields.map((f) => ({
          key: f.key,
          type: f.type,
          label: f.label,
          labelEn: f.labelEn ?? f.label,
          ...(f.values ? { values: f.values } : {}),
        })),
      })),
  );
}
