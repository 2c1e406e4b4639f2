import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { type ProcessDefinition, parseBpmn } from '@yijian/engine';
import { completeAnswers, type FormSchema } from '@yijian/process-library';
import type { Router } from 'express';
import { z } from 'zod';
import { allDepartments } from '../auth/accountQueries';
import { NATIONAL_REGION } from '../catalogue/calendarCache';
import { type CompositionInput, checkComposition } from '../catalogue/publishBundle';
import type { AppContext } from '../context';
import { bulkMigrate } from '../definitions/bulkMigrate';
import {
  bundleFormSchema,
  definitionChanges,
  definitionSummaries,
  definitionVersions,
  deployedBpmn,
  deployedVersions,
  setRetired,
} from '../definitions/definitionQueries';
import {
  bulkMigrationBody,
  bulkMigrationSchema,
  definitionChangeSchema,
  definitionDiffSchema,
  definitionSummarySchema,
  definitionVersionsSchema,
  diffQuery,
  draftParams,
  draftSchema,
  draftSummarySchema,
  draftUpdateBody,
  newDraftBody,
  retireBody,
  testRunBody,
  testRunSchema,
  versionParams,
} from '../definitions/definitionSchemas';
import {
  checkBpmn,
  createDraft,
  deleteDraft,
  getDraft,
  listDrafts,
  updateDraft,
} from '../definitions/drafts';
import { testRun } from '../definitions/testRun';
import { diffDefinitions } from '../definitions/versionDiff';
import { notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import { bundleKeyParams } from '../schemas';

/** Who works on definitions in the Studio. */
const designers = ['admin', 'designer'] as const;

/**
 * 流程版本管理 (the lifecycle of a definition in the Studio): drafts saved without deploying, the
 * deployed versions with their running cases, a diff of two versions, retiring and restoring a
 * version or a whole bundle, `.bpmn` import and export, migrating running cases in bulk, and a
 * test run of a draft on the real engine that writes nothing.
 */
export function definitionRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/definitions',
      summary: 'Every bundle with its lifecycle: retired or not, versions, running cases, drafts',
      tag: 'definitions',
      roles: designers,
      response: definitionSummarySchema.array(),
    },
    async () => definitionSummaries(ctx.knex),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/definitions/test-run',
      summary:
        '试运行: play a draft (or a deployed version) with sample answers on the real engine, writing nothing: the steps it opens, the items that apply and those skipped with their condition, the path',
      tag: 'definitions',
      roles: designers,
      body: testRunBody,
      response: testRunSchema,
    },
    async ({ body }) => {
      let bpmn: string;
      let form: FormSchema | null = null;
      let definition: ProcessDefinition;
      if (body.draftId) {
        const draft = await getDraft(ctx.knex, body.draftId);
        if (draft.kind === 'composition') {
          const departments = (await allDepartments(ctx.knex)).map((d) => ({
            id: d.id,
            name: { zh: d.name_zh, en: d.name_en },
          }));
          const { bundle } = await checkComposition(
            draft.composition as CompositionInput,
            ctx.catalogue.items,
            departments,
          );
          bpmn = bundle.bpmn;
          form = bundle.form;
        } else {
          bpmn = draft.bpmn ?? '';
          await checkBpmn(bpmn, draft.bundleKey);
          form = await bundleFormSchema(ctx.knex, draft.bundleKey);
        }
        definition = await parseBpmn(bpmn, { key: draft.bundleKey, version: 1 });
      } else {
        const key = body.bundleKey!;
        const version = body.version!;
        const xml = await deployedBpmn(ctx.knex, key, version);
        if (xml === undefined) throw notFound('process', `${key} v${version}`);
        bpmn = xml;
        definition = await ctx.definitions.get(key, version);
        form = await bundleFormSchema(ctx.knex, key);
      }
      const [now, calendar] = await Promise.all([ctx.now(), ctx.calendar.get(NATIONAL_REGION)]);
      const answers = form ? completeAnswers(form, body.answers) : body.answers;
      return { bpmn, form, ...testRun(definition, answers, { now, calendar }) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/definitions/:key/versions',
      summary: 'The deployed versions of a bundle’s process, newest first, each with its running cases',
      tag: 'definitions',
      roles: designers,
      params: bundleKeyParams,
      response: definitionVersionsSchema,
    },
    async ({ params }) => definitionVersions(ctx.knex, params.key),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/definitions/:key/changes',
      summary:
        'The audited lifecycle changes of a bundle (retire, restore, drafts, bulk migrations), newest first',
      tag: 'definitions',
      roles: designers,
      params: bundleKeyParams,
      response: definitionChangeSchema.array(),
    },
    async ({ params }) => definitionChanges(ctx.knex, params.key),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/definitions/:key/versions/:version/bpmn',
      summary: 'Export: the BPMN XML of one deployed version, as a .bpmn download',
      tag: 'definitions',
      roles: designers,
      params: versionParams,
      response: 'text/xml',
    },
    async ({ params, res }) => {
      const xml = await deployedBpmn(ctx.knex, params.key, params.version);
      if (xml === undefined) throw notFound('process', `${params.key} v${params.version}`);
      res.setHeader('Content-Disposition', `attachment; filename="${params.key}-v${params.version}.bpmn"`);
      return xml;
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/definitions/:key/diff',
      summary:
        'What changed from one version to another: elements added, removed and changed (with the attributes), from the compiled models',
      tag: 'definitions',
      roles: designers,
      params: bundleKeyParams,
      query: diffQuery,
      response: definitionDiffSchema,
    },
    async ({ params, query }) => {
      const versions = await deployedVersions(ctx.knex, params.key, [query.from, query.to]);
      for (const version of [query.from, query.to]) {
        if (!versions.includes(version)) throw notFound('process', `${params.key} v${version}`);
      }
      const [from, to] = await Promise.all([
        ctx.definitions.get(params.key, query.from),
        ctx.definitions.get(params.key, query.to),
      ]);
      return { key: params.key, from: query.from, to: query.to, ...diffDefinitions(from, to) };
    },
  );

  for (const retire of [true, false]) {
    const verb = retire ? 'retire' : 'restore';
    defineRoute(
      router,
      registry,
      {
        method: 'post',
        path: `/api/definitions/:key/${verb}`,
        summary: retire
          ? '撤下 a bundle: hidden from applicants, new filings refused (409 bundle_retired); running cases continue. Audited'
          : '恢复 a retired bundle: offered and filed again. Audited',
        tag: 'definitions',
        roles: designers,
        params: bundleKeyParams,
        body: retireBody,
        response: definitionVersionsSchema,
      },
      async ({ params, body, user }) => {
        const now = await ctx.now();
        await ctx.knex.transaction((trx) =>
          setRetired(trx, { key: params.key, version: null, retire, reason: body.reason, user, now }),
        );
        return definitionVersions(ctx.knex, params.key);
      },
    );
    defineRoute(
      router,
      registry,
      {
        method: 'post',
        path: `/api/definitions/:key/versions/:version/${verb}`,
        summary: retire
          ? 'Retire one version: no new case starts on it (filings start on the latest version not retired); its running cases continue. Audited'
          : 'Restore a retired version. Audited',
        tag: 'definitions',
        roles: designers,
        params: versionParams,
        body: retireBody,
        response: definitionVersionsSchema,
      },
      async ({ params, body, user }) => {
        const now = await ctx.now();
        await ctx.knex.transaction((trx) =>
          setRetired(trx, {
            key: params.key,
            version: params.version,
            retire,
            reason: body.reason,
            user,
            now,
          }),
        );
        return definitionVersions(ctx.knex, params.key);
      },
    );
  }

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/definitions/:key/migrations',
      summary:
        '批量版本迁移: move the running cases of one version to a newer one where the engine allows, each refusal with its reasons; `dryRun` first. Each moved case is audited',
      tag: 'definitions',
      roles: designers,
      params: bundleKeyParams,
      body: bulkMigrationBody,
      response: bulkMigrationSchema,
    },
    async ({ params, body, user }) => bulkMigrate(ctx, { key: params.key, ...body, user }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/definitions/:key/drafts',
      summary: 'Drafts of a bundle (saved, not deployed), last saved first',
      tag: 'definitions',
      roles: designers,
      params: bundleKeyParams,
      response: draftSummarySchema.array(),
    },
    async ({ params }) => listDrafts(ctx.knex, params.key),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/definitions/:key/drafts',
      summary:
        'Save a composition or a BPMN document as a draft of a bundle without deploying (an imported .bpmn is checked by the engine; refusals name the elements)',
      tag: 'definitions',
      roles: designers,
      params: bundleKeyParams,
      body: newDraftBody,
      response: draftSchema,
      status: 201,
    },
    async ({ params, body, user }) => {
      const now = await ctx.now();
      return ctx.knex.transaction((trx) => createDraft(trx, { key: params.key, body, user, now }));
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/definition-drafts/:id',
      summary: 'One draft with its composition or BPMN',
      tag: 'definitions',
      roles: designers,
      params: draftParams,
      response: draftSchema,
    },
    async ({ params }) => getDraft(ctx.knex, params.id),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'put',
      path: '/api/definition-drafts/:id',
      summary:
        'Save over a draft; send the `updatedAt` it was opened with: if someone saved it since, 409 draft_changed and nothing is written',
      tag: 'definitions',
      roles: designers,
      params: draftParams,
      body: draftUpdateBody,
      response: draftSchema,
    },
    async ({ params, body, user }) => {
      const now = await ctx.now();
      return ctx.knex.transaction((trx) => updateDraft(trx, { id: params.id, body, user, now }));
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'delete',
      path: '/api/definition-drafts/:id',
      summary: 'Delete a draft (audited)',
      tag: 'definitions',
      roles: designers,
      params: draftParams,
      response: z.object({ id: z.string().uuid(), deleted: z.literal(true) }).openapi('DeletedDraft'),
    },
    async ({ params, user }) => {
      const now = await ctx.now();
      await ctx.knex.transaction((trx) => deleteDraft(trx, { id: params.id, user, now }));
      return { id: params.id, deleted: true as const };
    },
  );
}
