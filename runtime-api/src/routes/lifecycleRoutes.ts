import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import { z } from 'zod';
import {
  decideIntake,
  deliverCase,
  extendClock,
  pauseClock,
  resumeClock,
  submitCorrections,
} from '../commands/caseLifecycle';
import type { AppContext } from '../context';
import { warningPolicySchema } from '../deadlines/warningPolicy';
import { setBundleWarningPolicy, setItemWarningPolicy } from '../deadlines/warningPolicyQueries';
import { notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import {
  caseDetailSchema,
  correctionsBody,
  deliverBody,
  extendClockBody,
  idParams,
  intakeDecisionBody,
  pauseClockBody,
  resumeClockBody,
} from '../schemas';
import { caseIdOfTask } from '../sql/taskQueries';
import { caseDetail } from './caseRoutes';

/**
 * The case lifecycle around the process: the window's intake decision, the applicant's
 * corrections, special procedures and the extension of the statutory clock, delivery of results,
 * and the warning policies that light and urge deadlines. Each command answers with the case.
 */
export function lifecycleRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/tasks/:id/intake',
      summary:
        'Decide the window’s intake step (预审): accept (受理, the clock starts), one correction notice listing everything (一次性补正告知), or refuse (不予受理)',
      tag: 'lifecycle',
      roles: ['clerk', 'admin'],
      params: idParams,
      body: intakeDecisionBody,
      response: caseDetailSchema,
      idempotent: true,
    },
    async ({ params, body, user, command }) => {
      await command(ctx.knex, (trx) => decideIntake(ctx, trx, { user, taskId: params.id, decision: body }));
      const caseId = await caseIdOfTask(ctx.knex, params.id);
      if (!caseId) throw notFound('task', params.id);
      return caseDetail(ctx, user, caseId);
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/cases/:id/corrections',
      summary: 'Hand in the corrections (补正) the notice asked for; the window decides again',
      tag: 'lifecycle',
      roles: ['applicant'],
      params: idParams,
      body: correctionsBody,
      response: caseDetailSchema,
      idempotent: true,
    },
    async ({ params, body, user, command }) => {
      await command(ctx.knex, (trx) =>
        submitCorrections(ctx, trx, {
          user,
          caseId: params.id,
          form: body.form,
          note: body.note ?? null,
          toleratedGaps: body.toleratedGaps ?? [],
        }),
      );
      return caseDetail(ctx, user, params.id);
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/cases/:id/clock/pause',
      summary:
        'Pause the statutory clock for a special procedure (特别程序, Art. 45: hearing, inspection, testing, expert review …) with its reason and expected duration',
      tag: 'lifecycle',
      roles: ['clerk', 'manager', 'admin'],
      params: idParams,
      body: pauseClockBody,
      response: caseDetailSchema,
      idempotent: true,
    },
    async ({ params, body, user, command }) => {
      await command(ctx.knex, (trx) => pauseClock(ctx, trx, { user, caseId: params.id, ...body }));
      return caseDetail(ctx, user, params.id);
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/cases/:id/clock/resume',
      summary: 'The special procedure’s result is in: the clock resumes with the working days it had left',
      tag: 'lifecycle',
      roles: ['clerk', 'manager', 'admin'],
      params: idParams,
      body: resumeClockBody,
      response: caseDetailSchema,
      idempotent: true,
    },
    async ({ params, body, user, command }) => {
      await command(ctx.knex, (trx) =>
        resumeClock(ctx, trx, { user, caseId: params.id, result: body.result }),
      );
      return caseDetail(ctx, user, params.id);
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/cases/:id/clock/extend',
      summary:
        'Extend the limit once (延期, Art. 42), approved by the caller: up to 10 working days for an item, 15 for a joint bundle; the reason is told to the applicant',
      tag: 'lifecycle',
      roles: ['manager', 'admin'],
      params: idParams,
      body: extendClockBody,
      response: caseDetailSchema,
      idempotent: true,
    },
    async ({ params, body, user, command }) => {
      await command(ctx.knex, (trx) => extendClock(ctx, trx, { user, caseId: params.id, ...body }));
      return caseDetail(ctx, user, params.id);
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/cases/:id/deliver',
      summary: 'Hand over the results (领证/送达) of a concluded case',
      tag: 'lifecycle',
      roles: ['clerk', 'admin'],
      params: idParams,
      body: deliverBody,
      response: caseDetailSchema,
      idempotent: true,
    },
    async ({ params, body, user, command }) => {
      await command(ctx.knex, (trx) =>
        deliverCase(ctx, trx, {
          user,
          caseId: params.id,
          method: body.method,
          trackingNumber: body.trackingNumber,
        }),
      );
      return caseDetail(ctx, user, params.id);
    },
  );

  const policyResponse = warningPolicySchema.openapi('WarningPolicy');
  defineRoute(
    router,
    registry,
    {
      method: 'put',
      path: '/api/admin/items/:code/warning-policy',
      summary: 'Set how an item’s steps warn: yellow threshold (working days or share), reminder, 督办 grace',
      tag: 'admin',
      roles: ['admin'],
      params: z.object({ code: z.string().min(1).max(64) }),
      body: warningPolicySchema,
      response: policyResponse,
    },
    async ({ params, body }) => {
      if (!(await setItemWarningPolicy(ctx.knex, params.code, body))) throw notFound('item', params.code);
      return body;
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'put',
      path: '/api/admin/bundles/:key/warning-policy',
      summary: 'Set how a bundle’s case clock warns: yellow threshold, reminder, 督办 grace',
      tag: 'admin',
      roles: ['admin'],
      params: z.object({ key: z.string().min(1).max(64) }),
      body: warningPolicySchema,
      response: policyResponse,
    },
    async ({ params, body }) => {
      if (!(await setBundleWarningPolicy(ctx.knex, params.key, body))) throw notFound('bundle', params.key);
      return body;
    },
  );
}
