import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { governingLimit, maxExtension } from '@yijian/engine';
import type { Router } from 'express';
import { caseActions, itemActions } from '../access/allowedActions';
import { taskActionsFor } from '../access/taskActionFacts';
import { deleteDraft } from '../applicant/drafts';
import { regionCalendars } from '../calendar/regionCalendars';
import { fileCase } from '../commands/fileCase';
import { openReviewCorrections } from '../commands/reviewCorrections';
import type { AppContext } from '../context';
import {
  itemDecisionsQuery,
  itemPausesQuery,
  presentItemDecision,
  presentItemPauses,
} from '../decisions/itemDecisionViews';
import type { AuthUser } from '../http/auth';
import { notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import { caseOpenIncidentsQuery, openIncidentCounts } from '../incidents/openIncidents';
import { presentIncidents } from '../incidents/presentIncidents';
import { attachMaterialsAtFiling } from '../materials/attachMaterials';
import { caseItemMaterials } from '../materials/caseMaterialViews';
import {
  incidentStateFor,
  presentCaseItem,
  presentCaseSummary,
  presentLifecycle,
  presentTask,
  presentTimelineEntry,
} from '../presenters';
import { caseDetailSchema, caseListQuery, caseSummarySchema, fileCaseBody, idParams } from '../schemas';
import { caseItemsQuery, caseListPage, caseTimelineQuery, visibleCase } from '../sql/caseQueries';
import { taskRows } from '../sql/departmentQueue';
import { openTasksOfCases } from '../sql/taskQueries';

export function caseRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/cases',
      summary: 'File a case (申办) with one combined form; send Idempotency-Key to retry safely',
      tag: 'cases',
      roles: ['applicant'],
      body: fileCaseBody,
      response: caseDetailSchema,
      status: 201,
      idempotent: true,
    },
    async ({ body, user, command }) => {
      const { caseId } = await command(ctx.knex, async (trx) => {
        const filed = await fileCase(ctx, trx, { user, bundleKey: body.bundleKey, form: body.form });
        await attachMaterialsAtFiling(ctx, trx, { user, caseId: filed.caseId, uploads: body.materials });
        // Filed: the draft (草稿) it was resumed from has served.
        await deleteDraft(trx, user.id, body.bundleKey);
        return { caseId: filed.caseId };
      });
      return caseDetail(ctx, user, caseId);
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/cases',
      summary: 'Cases visible to me',
      tag: 'cases',
      roles: ['applicant', 'clerk', 'manager', 'admin'],
      query: caseListQuery,
      response: caseSummarySchema.array(),
    },
    async ({ query, user }) => {
      const rows = await caseListPage(ctx.knex, user, query);
      const open = await openTasksOfCases(
        ctx.knex,
        rows.map((r) => r.id),
      );
      const [calendarOf, now, incidents] = await Promise.all([
        regionCalendars(ctx, rows),
        ctx.now(),
        openIncidentCounts(
          ctx.knex,
          rows.map((r) => r.id),
        ),
      ]);
      return rows.map((r) =>
        presentCaseSummary(
          r,
          open.filter((t) => t.case_id === r.id),
          calendarOf(r),
          now,
          incidentStateFor(user.role, incidents.get(r.id) ?? 0),
        ),
      );
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/cases/:id',
      summary: 'One case with its tasks and timeline',
      tag: 'cases',
      roles: ['applicant', 'clerk', 'manager', 'admin'],
      params: idParams,
      response: caseDetailSchema,
    },
    async ({ params, user }) => caseDetail(ctx, user, params.id),
  );
}

/** Audit events about incidents and their repair: operators' business, not shown to the applicant. */
const OPERATOR_EVENTS = new Set([
  'incident.raised',
  'incident.retried',
  'incident.resolved',
  'case.variablesEdited',
  'case.migrated',
]);

/** A case as its viewer may see it; 404 for cases that are not theirs, so none can be probed. */
export async function caseDetail(ctx: AppContext, user: AuthUser, caseId: string) {
  const row = await visibleCase(ctx.knex, user, caseId);
  if (!row) throw notFound('case', caseId);
  const [tasks, events, calendar, now, incidentRows] = await Promise.all([
    taskRows(ctx.knex).where('t.case_id', caseId).orderBy('t.created_at').orderBy('t.activation_key'),
    caseTimelineQuery(ctx.knex, caseId),
    // The case's own region: a regional holiday moves its deadlines and lights.
    ctx.calendar.get(row.calendar_region ?? undefined),
    ctx.now(),
    caseOpenIncidentsQuery(ctx.knex, caseId),
  ]);
  // The applicant learns that a technical problem is being handled, never its internals.
  const incidentState = incidentStateFor(user.role, incidentRows.length);
  const incidents =
    incidentState === 'incident' ? await presentIncidents(ctx.knex, ctx.definitions, incidentRows) : [];
  const open = tasks.filter((t) => t.status === 'open' || t.status === 'claimed');
  const itemMaterials = await caseItemMaterials(ctx.knex, { id: caseId, bundleKey: row.bundle_key });
  const [definition, items, decisions, itemPauses, reviewCorrections] = await Promise.all([
    ctx.definitions.get(row.definition_key, row.definition_version),
    caseItemsQuery(ctx.knex, caseId),
    itemDecisionsQuery(ctx.knex, caseId),
    itemPausesQuery(ctx.knex, caseId),
    openReviewCorrections(ctx.knex, caseId),
  ]);
  const summary = presentCaseSummary(row, open, calendar, now, incidentState);
  const actionsOf = await taskActionsFor(ctx.knex, ctx.definitions, user, tasks, tasks);
  const departmentsOf = (itemCode: string) =>
    new Set(tasks.filter((t) => t.item_code === itemCode).map((t) => t.department_id));
  const clockLimit = summary.clock.limit;
  return {
    ...summary,
    form: row.form_data,
    definition: { key: row.definition_key, version: row.definition_version },
    lifecycle: presentLifecycle(row, calendar, now, maxExtension(definition)),
    items: items.map((i) => ({
      ...presentCaseItem(i, calendar, now),
      allowedActions: itemActions(user, row.status, {
        status: i.status,
        departments: departmentsOf(i.item_code),
      }),
    })),
    decisions: decisions.map(presentItemDecision),
    itemPauses: presentItemPauses(itemPauses),
    reviewCorrections: reviewCorrections.map((r) => ({
      itemCode: r.item_code,
      departmentId: r.department_id,
      items: r.items,
      requestedAt: new Date(r.requested_at).toISOString(),
    })),
    tasks: tasks.map((t) => presentTask(t, calendar, now, actionsOf(t))),
    timeline: events
      .filter((e) => user.role !== 'applicant' || !OPERATOR_EVENTS.has(e.type))
      .map(presentTimelineEntry),
    incidents,
    itemMaterials,
    allowedActions: caseActions(user, {
      status: row.status,
      applicantId: row.applicant_id,
      leadDepartmentId: row.lead_department_id ?? null,
      clockState: summary.clock.state,
      extended: summary.clock.extension !== null,
      decided: decisions.length > 0,
      openReviewCorrections: reviewCorrections.length,
      openIncidents: incidentRows.length,
    }),
    governingLimit: clockLimit
      ? {
          ...clockLimit,
          kind: clockLimit.kind === 'promised' ? ('promised' as const) : ('statutory' as const),
        }
      : (governingLimit(definition.limits) ?? null),
  };
}
