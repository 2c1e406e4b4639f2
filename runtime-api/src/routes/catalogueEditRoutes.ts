import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { type FieldDefinition, fieldDictionary, fieldSections } from '@yijian/process-library';
import type { Router } from 'express';
import { z } from 'zod';
import {
  catalogueChangeSchema,
  catalogueChangesQuery,
  eLicenceTypeSchema,
  fieldDictionarySchema,
  itemCodeParams,
  itemCreateBody,
  itemFormPreviewBody,
  itemFormPreviewSchema,
  itemFormSaveBody,
  itemSaveBody,
  itemVersionSchema,
  materialTypeBody,
  materialTypeCreateBody,
  materialTypeKeyParams,
  materialTypeSchema,
  republishSchema,
  storedItemFormSchema,
  storedItemSchema,
} from '../catalogue/catalogueSchemas';
import {
  bundleCatalogueVersions,
  catalogueChanges,
  currentCatalogue,
  eLicenceTypes,
  itemVersions,
  latestItem,
  type StoredItem,
} from '../catalogue/catalogueStore';
import {
  bundlesUsing,
  compositionOf,
  createItem,
  createMaterialType,
  listMaterialTypes,
  previewItemForm,
  saveItem,
  saveItemForm,
  saveMaterialType,
} from '../catalogue/editCatalogue';
import { publishBundle } from '../catalogue/publishBundle';
import type { AppContext } from '../context';
import { notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import { bundleKeyParams } from '../schemas';

/** Who edits the catalogue (事项目录维护) and designs item forms. */
const editors = ['admin', 'designer'] as const;

/**
 * Catalogue editing in the Studio: service items and their forms (form designer) as versioned
 * data, materials, the audit trail of every change, and 重新发布 — composing a bundle again from
 * the edited catalogue as its next version (running cases keep theirs).
 */
export function catalogueEditRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  const presentItem = async (stored: StoredItem, warnings: string[] = []) => ({
    code: stored.code,
    version: stored.version,
    source: stored.source,
    savedAt: stored.createdAt,
    savedBy: stored.createdBy,
    item: stored.item,
    bundles: await bundlesUsing(ctx.knex, stored.code),
    warnings,
  });
  const presentForm = async (stored: StoredItem) => ({
    itemCode: stored.code,
    itemName: stored.item.name,
    version: stored.version,
    source: stored.source,
    savedAt: stored.createdAt,
    savedBy: stored.createdBy,
    schema: stored.form,
    bundles: await bundlesUsing(ctx.knex, stored.code),
  });
  const stored = async (code: string) => {
    const found = await latestItem(ctx.knex, code);
    if (!found) throw notFound('item', code);
    return found;
  };

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/catalogue/fields',
      summary: '字段字典: the shared questions items take their fields from (key, type, labels, validation)',
      tag: 'catalogue',
      roles: editors,
      response: fieldDictionarySchema,
    },
    async () => ({
      fields: Object.entries(fieldDictionary as Record<string, FieldDefinition>).map(([key, definition]) => ({
        key,
        ...structuredClone(definition),
        section: key.slice(0, key.indexOf('.')),
      })),
      sections: [...fieldSections],
    }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/catalogue/items',
      summary: '新增事项: a new service item (its form starts empty), audited',
      tag: 'catalogue',
      roles: editors,
      body: itemCreateBody,
      response: storedItemSchema,
      status: 201,
    },
    async ({ body, user }) => {
      const { stored: created, warnings } = await ctx.knex.transaction((trx) =>
        createItem(trx, body, user.id),
      );
      return presentItem(created, warnings);
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/catalogue/items/:code',
      summary: 'One service item as stored (latest version), with the bundles that use it',
      tag: 'catalogue',
      roles: editors,
      params: itemCodeParams,
      response: storedItemSchema,
    },
    async ({ params }) => presentItem(await stored(params.code)),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'put',
      path: '/api/catalogue/items/:code',
      summary:
        '修改事项: the next version of an item (names, departments, legal basis, limits with promised ≤ statutory, materials, fees, steps), audited; bundles change when published again',
      tag: 'catalogue',
      roles: editors,
      params: itemCodeParams,
      body: itemSaveBody,
      response: storedItemSchema,
    },
    async ({ params, body, user }) => {
      const { stored: saved, warnings } = await ctx.knex.transaction((trx) =>
        saveItem(trx, params.code, body, user.id),
      );
      return presentItem(saved, warnings);
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/catalogue/items/:code/versions',
      summary: 'The stored versions of an item and its form, newest first',
      tag: 'catalogue',
      roles: editors,
      params: itemCodeParams,
      response: itemVersionSchema.array(),
    },
    async ({ params }) => {
      const versions = await itemVersions(ctx.knex, params.code);
      if (versions.length === 0) throw notFound('item', params.code);
      return versions.map((v) => ({
        version: v.version,
        source: v.source,
        savedAt: v.createdAt,
        savedBy: v.createdBy,
      }));
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/catalogue/items/:code/form',
      summary: "An item's form (form-js schema) as the form designer edits it",
      tag: 'catalogue',
      roles: editors,
      params: itemCodeParams,
      response: storedItemFormSchema,
    },
    async ({ params }) => presentForm(await stored(params.code)),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'put',
      path: '/api/catalogue/items/:code/form',
      summary:
        "保存表单: the next version of an item's form, checked by the form rules (shared fields keep the dictionary's type and validation), audited",
      tag: 'catalogue',
      roles: editors,
      params: itemCodeParams,
      body: itemFormSaveBody,
      response: storedItemFormSchema,
    },
    async ({ params, body, user }) =>
      presentForm(
        await ctx.knex.transaction((trx) =>
          saveItemForm(trx, params.code, body, { base: ctx.catalogue.items, userId: user.id }),
        ),
      ),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/catalogue/items/:code/form/preview',
      summary: "The combined form of a bundle with the item's form as being edited (nothing saved)",
      tag: 'catalogue',
      roles: editors,
      params: itemCodeParams,
      body: itemFormPreviewBody,
      response: itemFormPreviewSchema,
    },
    async ({ params, body }) => previewItemForm(ctx.knex, params.code, body, ctx.catalogue.items),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/catalogue/materials',
      summary: '材料目录: material types with their e-licence, trust level and the items asking for them',
      tag: 'catalogue',
      roles: editors,
      response: materialTypeSchema.array(),
    },
    async () => listMaterialTypes(ctx.knex, ctx.catalogue.items),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/catalogue/materials',
      summary:
        '新建材料: a new material type (key, names, e-licence type, trust level) items can ask for, audited',
      tag: 'catalogue',
      roles: editors,
      body: materialTypeCreateBody,
      response: materialTypeSchema,
      status: 201,
    },
    async ({ body, user }) => ctx.knex.transaction((trx) => createMaterialType(trx, body, user.id)),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/catalogue/e-licence-types',
      summary: '电子证照类型: the e-licences a material can be satisfied by or an item can issue',
      tag: 'catalogue',
      roles: editors,
      response: eLicenceTypeSchema.array(),
    },
    async () =>
      (await eLicenceTypes(ctx.knex)).map((r) => ({
        key: r.key,
        name: { zh: r.name_zh, en: r.name_en },
      })),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'put',
      path: '/api/catalogue/materials/:key',
      summary: '修改材料: names, e-licence type and trust level of a material, audited',
      tag: 'catalogue',
      roles: editors,
      params: materialTypeKeyParams,
      body: materialTypeBody,
      response: materialTypeSchema,
    },
    async ({ params, body, user }) =>
      ctx.knex.transaction((trx) =>
        saveMaterialType(trx, params.key, body, { base: ctx.catalogue.items, userId: user.id }),
      ),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/catalogue/changes',
      summary: '目录变更记录: who changed which item, form or material, with before and after (newest first)',
      tag: 'catalogue',
      roles: editors,
      query: catalogueChangesQuery,
      response: catalogueChangeSchema.array(),
    },
    async ({ query }) => {
      return (await catalogueChanges(ctx.knex, query)).map((r) => ({
        id: String(r.id),
        kind: r.kind,
        target: r.target,
        version: r.version ?? null,
        changedBy: { id: r.changed_by, username: r.username, displayName: r.display_name },
        changedAt: new Date(r.changed_at).toISOString(),
        before: r.before ?? null,
        after: r.after,
      }));
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/bundles/:key/republish',
      summary:
        '重新发布: compose a bundle again from the current catalogue (edited items and forms) and deploy it as its next version; running cases keep theirs',
      tag: 'catalogue',
      roles: editors,
      params: bundleKeyParams,
      // Takes no input: the bundle is composed again from what is stored.
      body: z.object({}).strict(),
      response: republishSchema,
    },
    async ({ params, user }) => {
      const now = await ctx.now();
      return ctx.knex.transaction(async (trx) => {
        const composition = await compositionOf(trx, params.key);
        if (!composition) throw notFound('composition', params.key);
        const { definition, created } = await publishBundle(
          trx,
          {
            key: composition.key,
            name: composition.name,
            description: composition.description,
            leadDepartmentId: composition.leadDepartmentId,
            items: composition.items,
            prerequisites: composition.prerequisites,
            promisedLimit: composition.jointLimit.promised,
          },
          {
            catalogue: await currentCatalogue(trx, ctx.catalogue.items),
            userId: user.id,
            now,
            republish: true,
          },
        );
        return {
          key: params.key,
          version: definition.version,
          versionCreated: created,
          catalogueVersions: await bundleCatalogueVersions(trx, params.key),
        };
      });
    },
  );
}
