import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import {
  decideIntake,
  deliverCase,
  extendClock,
  pauseClock,
  resumeClock,
  submitCorrections,
} from '../commands/caseLifecycle';
import { idempotent } from '../commands/idempotency';
import type { AppContext } from '../context';
import { warningPolicySchema } from '../deadlines/warningPolicy';
import type { AuthUser } from '../http/auth';
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
import { caseDetail } from './caseRoutes';

/**
 * The case lifecycle around the process: the window's intake decision, the applicant's
 * corrections, special procedures and the extension of the statutory clock, delivery of results,
 * and the warning policies that light and urge deadlines. Each command answers with the case.
 */
export function lifecycleRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  /** One transaction per command; an Idempotency-Key makes a retry return the first answer. */
  const run = (
    user: AuthUser,
    key: string | undefined,
    request: unknown,
    command: (trx: Knex.Transaction) => Promise<void>,
  ) =>
    ctx.knex.transaction((trx) =>
      idempotent(trx, { userId: user.id, key, request }, async () => {
        await command(trx);
        return { status: 200, body: {} };
      }),
    );

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
    },
    async ({ params, body, user, req }) => {
      await run(user, req.header('Idempotency-Key'), { intake: params.id, ...body }, (trx) =>
        decideIntake(ctx, trx, { user, taskId: params.id, decision: body }),
      );
      const task = await ctx.knex('tasks').where({ id: params.id }).first('case_id');
      if (!task) throw notFound('task', params.id);
      return caseDetail(ctx, user, task.case_id);
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
    },
    async ({ params, body, user, req }) => {
      await run(user, req.header('Idempotency-Key'), { corrections: params.id, ...body }, (trx) =>
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
    },
    async ({ params, body, user, req }) => {
      await run(user, req.header('Idempotency-Key'), { pause: params.id, ...body }, (trx) =>
        pauseClock(ctx, trx, { user, caseId: params.id, ...body }),
      );
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
    },
    async ({ params, body, user, req }) => {
      await run(user, req.header('Idempotency-Key'), { resume: params.id, ...body }, (trx) =>
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
    },
    async ({ params, body, user, req }) => {
      await run(user, req.header('Idempotency-Key'), { extend: params.id, ...body }, (trx) =>
        extendClock(ctx, trx, { user, caseId: params.id, ...body }),
      );
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
    },
    async ({ params, body, user, req }) => {
      await run(user, req.header('Idempotency-Key'), { deliver: params.id, ...body }, (trx) =>
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
      const updated = await ctx
        .knex('items')
        .where({ code: params.code })
        .update({ warning_policy: JSON.stringify(body) });
      if (updated !== 1) throw notFound('item', params.code);
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
      const updated = await ctx
        .knex('bundles')
        .where({ key: params.key })
        .update({ warning_policy: JSON.stringify(body) });
      if (updated !== 1) throw notFound('bundle', params.key);
      return body;
    },
  );
}
