import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { DefinitionError } from '@yijian/engine';
import type { Router } from 'express';
import type { z } from 'zod';
import { deployBpmnBody, deployedVersionSchema } from '../catalogue/definitionSchemas';
import { deployDrawnBpmn, recordRefusal } from '../catalogue/deployDrawnBpmn';
import type { AppContext } from '../context';
import { defineRoute } from '../http/route';
import { bundleKeyParams } from '../schemas';

/** Who draws and deploys processes (the Studio's modeler). */
const modelers = ['admin', 'designer'] as const;

/** 建模器: deploy a BPMN document drawn in the Studio's modeler as a bundle's next version. */
export function modelerRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/bundles/:key/versions',
      summary:
        '部署绘制的流程: deploy BPMN drawn in the modeler as the next version of the bundle’s process (checked as composed bundles are; 422 deployment_refused names each element); the same document again deploys nothing; send Idempotency-Key to retry safely',
      tag: 'catalogue',
      roles: modelers,
      params: bundleKeyParams,
      body: deployBpmnBody,
      response: deployedVersionSchema,
      status: 201,
      idempotent: true,
    },
    async ({ params, body, user, command, setStatus }) => {
      const input = { key: params.key, xml: body.bpmn, userId: user.id, now: await ctx.now() };
      let deployed: z.infer<typeof deployedVersionSchema>;
      try {
        deployed = await command(ctx.knex, (trx) => deployDrawnBpmn(trx, input));
      } catch (thrown) {
        if (thrown instanceof DefinitionError) throw await recordRefusal(ctx.knex, input, thrown);
        throw thrown;
      }
      if (!deployed.versionCreated) setStatus(200);
      return deployed;
    },
  );
}
