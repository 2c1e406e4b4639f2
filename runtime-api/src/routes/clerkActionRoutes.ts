import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import {
  delegateTask,
  recallStep,
  releaseTask,
  returnDelegation,
  returnStep,
  transferTask,
  withdrawCase,
} from '../commands/clerkActions';
import { addCountersign } from '../commands/countersign';
import { pauseItem, resumeItem } from '../commands/itemPauses';
import { requestReviewCorrection, submitReviewCorrections } from '../commands/reviewCorrections';
import type { AppContext } from '../context';
import { decideItem } from '../decisions/decideItem';
import type { AuthUser } from '../http/auth';
import { notFound } from '../http/errors';
import { defineRoute } from '../http/route';
import { caseDetailSchema, idParams, pauseClockBody, resumeClockBody, toleratedGaps } from '../schemas';
import { caseIdOfTask, departmentColleagues, departmentOfTask } from '../sql/taskQueries';
import { caseDetail } from './caseRoutes';

const reason = z.string().trim().min(1).max(2000);
const note = z.string().trim().max(2000).optional();

/** 准予许可 / 不予许可 (reasons and legal basis required for a refusal, Art. 38). */
export const itemDecisionBody = z
  .discriminatedUnion('decision', [
    z.object({ decision: z.literal('grant'), reasons: note, legalBasis: note }).strict(),
    z
      .object({
        decision: z.literal('refuse'),
        reasons: reason.openapi({ description: '不予许可的理由' }),
        legalBasis: reason.openapi({ description: '法律依据' }),
      })
      .strict(),
  ])
  .openapi('ItemDecisionRequest');

export const transferBody = z
  .object({ toUserId: z.string().uuid('must be a UUID'), reason: note })
  .strict()
  .openapi('TransferRequest');
export const delegateBody = z
  .object({ toUserId: z.string().uuid('must be a UUID'), note })
  .strict()
  .openapi('DelegateRequest');
export const reviewCorrectionBody = z
  .object({
    items: z
      .array(z.object({ subject: z.string().trim().min(1).max(200), reason }).strict())
      .min(1)
      .max(50),
    note,
  })
  .strict()
  .openapi('ReviewCorrectionRequest');
export const reviewCorrectionAnswerBody = z
  .object({ note, toleratedGaps: toleratedGaps.optional() })
  .strict()
  .openapi('ReviewCorrectionAnswer');
export const countersignBody = z
  .object({ toUserId: z.string().uuid('must be a UUID'), position: z.enum(['before', 'after']), note })
  .strict()
  .openapi('CountersignRequest');
export const delegationReturnBody = z.object({ comment: note }).strict().openapi('DelegationReturnRequest');
export const returnStepBody = z
  .object({ toElementId: z.string().min(1).max(200), reason })
  .strict()
  .openapi('ReturnStepRequest');
export const reasonBody = z.object({ reason }).strict().openapi('ReasonRequest');
export const colleaguesResponse = z
  .object({ clerks: z.array(z.object({ id: z.string(), displayName: z.string() })) })
  .openapi('Colleagues');
export const caseItemParams = z.object({
  id: z.string().uuid('must be a UUID'),
  itemCode: z.string().regex(/^\d{6,20}$/, 'an item code (事项编码)'),
});

/**
 * Clerk actions on a step besides completing it (释放, 转办, 委派, 退回, 撤回), the item decision
 * (准予/不予许可) and the applicant's withdrawal (撤回申请). Each answers with the case as its
 * caller may see it.
 */
export function clerkActionRoutes(router: Router, registry: OpenAPIRegistry, ctx: AppContext): void {
  const caseOfTask = async (user: AuthUser, taskId: string) => {
    const caseId = await caseIdOfTask(ctx.knex, taskId);
    if (!caseId) throw notFound('task', taskId);
    return caseDetail(ctx, user, caseId);
  };

  const taskAction = <B extends z.ZodTypeAny>(
    path: string,
    summary: string,
    body: B,
    action: (trx: Knex.Transaction, user: AuthUser, taskId: string, body: z.infer<B>) => Promise<void>,
  ) =>
    defineRoute(
      router,
      registry,
      {
        method: 'post',
        path: `/api/tasks/:id/${path}`,
        summary,
        tag: 'tasks',
        roles: ['clerk', 'admin'],
        params: idParams,
        body,
        response: caseDetailSchema,
        idempotent: true,
      },
      async ({ params, body: input, user, command }) => {
        await command(ctx.knex, (trx) => action(trx, user, params.id, input as z.infer<B>));
        return caseOfTask(user, params.id);
      },
    );

  taskAction(
    'decision',
    'Decide an item at its decision step: 准予许可 (grant) or 不予许可 (refuse, with reasons and legal basis)',
    itemDecisionBody,
    (trx, user, taskId, decision) => decideItem(ctx, trx, { user, taskId, decision }),
  );
  taskAction(
    'release',
    'Release (释放) a step I claimed back to the department queue',
    z.object({}).strict(),
    (trx, user, taskId) => releaseTask(ctx, trx, { user, taskId }),
  );
  taskAction(
    'transfer',
    'Transfer (转办) a step to another clerk of its department',
    transferBody,
    (trx, user, taskId, b) =>
      transferTask(ctx, trx, { user, taskId, toUserId: b.toUserId, reason: b.reason ?? null }),
  );
  taskAction(
    'delegate',
    'Delegate (委派) a step to another clerk of its department; it comes back to me to confirm',
    delegateBody,
    (trx, user, taskId, b) =>
      delegateTask(ctx, trx, { user, taskId, toUserId: b.toUserId, note: b.note ?? null }),
  );
  taskAction(
    'delegation/return',
    'Hand a delegated step back to the delegator (委派办理完毕)',
    delegationReturnBody,
    (trx, user, taskId, b) => returnDelegation(ctx, trx, { user, taskId, comment: b.comment ?? null }),
  );
  taskAction(
    'countersign',
    'Add a countersigner (加签) before or after me; before: I complete after they sign; after: the case moves on once they sign',
    countersignBody,
    (trx, user, taskId, b) =>
      addCountersign(ctx, trx, {
        user,
        taskId,
        toUserId: b.toUserId,
        position: b.position,
        note: b.note ?? null,
      }),
  );
  taskAction(
    'return',
    'Return (退回) a step to an earlier step of the same item, with the reason; that step reopens',
    returnStepBody,
    (trx, user, taskId, b) =>
      returnStep(ctx, trx, { user, taskId, toElementId: b.toElementId, reason: b.reason }),
  );
  taskAction(
    'recall',
    'Recall (撤回) a step I completed, before the next step is acted on',
    reasonBody,
    (trx, user, taskId, b) => recallStep(ctx, trx, { user, taskId, reason: b.reason }),
  );

  defineRoute(
    router,
    registry,
    {
      method: 'get',
      path: '/api/tasks/:id/colleagues',
      summary: 'The other clerks of a task’s department, to transfer (转办) or delegate (委派) it to',
      tag: 'tasks',
      roles: ['clerk', 'admin'],
      params: idParams,
      response: colleaguesResponse,
    },
    async ({ params, user }) => {
      const departmentId = await departmentOfTask(ctx.knex, params.id);
      if (!departmentId || (user.role === 'clerk' && departmentId !== user.departmentId))
        throw notFound('task', params.id);
      const rows = await departmentColleagues(ctx.knex, departmentId, user.id);
      return { clerks: rows.map((r) => ({ id: r.id, displayName: r.display_name })) };
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/cases/:id/items/:itemCode/pause',
      summary:
        'Pause one item for a special procedure (特别程序, Art. 45): its steps, timers and clock and the joint clock stop; the other items keep running',
      tag: 'lifecycle',
      roles: ['clerk', 'manager', 'admin'],
      params: caseItemParams,
      body: pauseClockBody,
      response: caseDetailSchema,
      idempotent: true,
    },
    async ({ params, body, user, command }) => {
      await command(ctx.knex, (trx) =>
        pauseItem(ctx, trx, { user, caseId: params.id, itemCode: params.itemCode, ...body }),
      );
      return caseDetail(ctx, user, params.id);
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/cases/:id/items/:itemCode/resume',
      summary:
        'The item’s special procedure is over: only the paused clocks count their remaining days again',
      tag: 'lifecycle',
      roles: ['clerk', 'manager', 'admin'],
      params: caseItemParams,
      body: resumeClockBody,
      response: caseDetailSchema,
      idempotent: true,
    },
    async ({ params, body, user, command }) => {
      await command(ctx.knex, (trx) =>
        resumeItem(ctx, trx, { user, caseId: params.id, itemCode: params.itemCode, result: body.result }),
      );
      return caseDetail(ctx, user, params.id);
    },
  );

  defineRoute(
    router,
    registry,
    {
      method: 'post',
      path: '/api/cases/:id/items/:itemCode/corrections',
      summary:
        'Ask the applicant for a material of my item during review (补正); that item and the joint clock pause until it comes in',
      tag: 'lifecycle',
      roles: ['clerk', 'admin'],
      params: caseItemParams,
      body: reviewCorrectionBody,
      response: caseDetailSchema,
      idempotent: true,
    },
    async ({ params, body, user, command }) => {
      await command(ctx.knex, (trx) =>
        requestReviewCorrection(ctx, trx, {
          user,
          caseId: params.id,
          itemCode: params.itemCode,
          items: body.items,
          note: body.note ?? null,
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
      path: '/api/cases/:id/review-corrections',
      summary:
        'Answer the review’s correction notice (all open requests at once); the paused items count again',
      tag: 'lifecycle',
      roles: ['applicant'],
      params: idParams,
      body: reviewCorrectionAnswerBody,
      response: caseDetailSchema,
      idempotent: true,
    },
    async ({ params, body, user, command }) => {
      await command(ctx.knex, (trx) =>
        submitReviewCorrections(ctx, trx, {
          user,
          caseId: params.id,
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
      path: '/api/cases/:id/withdraw',
      summary: 'Withdraw (撤回申请) my application before a decision, with the reason',
      tag: 'cases',
      roles: ['applicant'],
      params: idParams,
      body: reasonBody,
      response: caseDetailSchema,
      idempotent: true,
    },
    async ({ params, body, user, command }) => {
      await command(ctx.knex, (trx) =>
        withdrawCase(ctx, trx, { user, caseId: params.id, reason: body.reason }),
      );
      return caseDetail(ctx, user, params.id);
    },
  );
}
