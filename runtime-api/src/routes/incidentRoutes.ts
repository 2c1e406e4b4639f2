import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { migrateCase, retryIncident } from '../commands/incidentCommands';
import type { AppContext } from '../context';
import { defineRoute } from '../http/route';
import { openIncidentsQuery } from '../incidents/openIncidents';
import { presentIncidents } from '../incidents/presentIncidents';
import {
  caseDetailSchema,
  caseIdParams,
  incidentListQuery,
  incidentParams,
  incidentSchema,
  migrateCaseBody,
  retryIncidentBody,
} from '../schemas';
import { caseDetail } from './caseRoutes';

/**
 * 故障处理 (Camunda Operate's incidents view): the open incidents over all cases, retrying one after
 * fixing the case's data, and moving a case to a fixed process version. Every repair is audited.
 */
export function incidentRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/incidents',
      summary: 'Open incidents (故障), oldest first, optionally of one bundle, with their case numbers',
      tag: 'incidents',
      roles: ['manager', 'admin'],
      query: incidentListQuery,
      response: incidentSchema.array(),
    },
    async ({ query }) =>
      presentIncidents(ctx.knex, ctx.definitions, await openIncidentsQuery(ctx.knex, query)),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/admin/cases/:caseId/incidents/:incidentId/retry',
      summary:
        'Retry an incident with a reason, after setting case variables (audited before/after); answers with the incident, resolved or still open with one attempt more. Send Idempotency-Key to retry safely',
      tag: 'incidents',
      roles: ['admin'],
      params: incidentParams,
      body: retryIncidentBody,
      response: incidentSchema,
      idempotent: true,
    },
    async ({ params, body, user, command }) =>
      command(ctx.knex, (trx) => retryIncident(ctx, trx, { user, ...params, ...body })),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/admin/cases/:caseId/migrate',
      summary:
        'Move a running case to a newer deployed version of its process (版本迁移), with a reason; refused (422) naming each element that cannot move',
      tag: 'incidents',
      roles: ['admin'],
      params: caseIdParams,
      body: migrateCaseBody,
      response: caseDetailSchema,
      idempotent: true,
    },
    async ({ params, body, user, command }) => {
      await command(ctx.knex, (trx) => migrateCase(ctx, trx, { user, caseId: params.caseId, ...body }));
      return caseDetail(ctx, user, params.caseId);
    },
  );
}
