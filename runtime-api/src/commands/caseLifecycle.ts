import type { CaseEvent, PauseKind, SpecialProcedure } from '@yijian/engine';
import type { FormSchema } from '@yijian/process-library';
import type { Knex } from 'knex';
import { deliverRefusal, inProgressRefusal, workRefusal } from '../access/allowedActions';
import { refuseIf } from '../access/refusals';
import { assertMaterialsAnswered, intakeRequestedMaterials } from '../applicant/correctionAnswers';
import { formValidator } from '../catalogue/formValidator';
import { type AppContext, rememberTransactionTime } from '../context';
import { recordDelivery } from '../documents/recordDelivery';
import type { AuthUser } from '../http/auth';
import { ApiError, forbidden, notFound } from '../http/errors';
import { parse } from '../http/validate';
import { casesOfDepartment } from '../sql/caseQueries';
import { closeTask } from '../sql/taskWrites';
import { applyCaseEvent } from './applyCaseEvent';
import { appendCaseEvent, rememberChainHead } from './caseEvents';
import { lockTask, logTaskEvent } from './taskCommands';

export type IntakeDecision =
  | { decision: 'accept'; comment?: string }
  | { decision: 'correction'; items: { subject: string; reason: string }[]; note?: string }
  | { decision: 'reject'; reason: string };

/**
 * 预审: the window clerk decides the intake step — accept (the clock starts), one correction
 * notice listing everything at once, or refuse with a reason.
 */
export async function decideIntake(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; taskId: string; decision: IntakeDecision },
): Promise<void> {
  const task = await lockTask(trx, input.user, input.taskId);
  if (task.kind !== 'intake') throw new ApiError('not_an_intake_task');
  refuseIf(workRefusal(input.user, task));
  const now = await ctx.now(trx);
  const d = input.decision;
  const outcome =
    d.decision === 'accept' ? 'accepted' : d.decision === 'correction' ? 'correction' : 'rejected';
  const comment =
    d.decision === 'accept' ? (d.comment ?? null) : d.decision === 'reject' ? d.reason : (d.note ?? null);
  if (task.status === 'open') await logTaskEvent(trx, 'task.claimed', task, input.user.id, now);
  await closeTask(
    trx,
    { id: task.id },
    { status: 'completed', at: now, by: input.user.id, outcome, comment },
  );
  await logTaskEvent(trx, 'task.completed', task, input.user.id, now, { outcome, comment });
  const event: CaseEvent =
    d.decision === 'accept'
      ? { type: 'intake.accept', actorId: input.user.id }
      : d.decision === 'correction'
        ? {
            type: 'intake.requestCorrection',
            actorId: input.user.id,
            items: d.items,
            ...(d.note ? { note: d.note } : {}),
          }
        : { type: 'intake.reject', actorId: input.user.id, reason: d.reason };
  await applyCaseEvent(ctx, trx, {
    caseId: task.case_id,
    locked: task.case,
    now,
    actorId: input.user.id,
    event,
  });
}

/**
 * Locks a case for a command and checks who may act on it: the applicant on their own case,
 * clerks of a department with a step in it (the lead department always), managers and admins.
 * Others learn nothing: 404.
 */
export async function lockCase(
  trx: Knex.Transaction,
  user: AuthUser,
  caseId: string,
  allowed: ('applicant' | 'clerk' | 'manager' | 'admin')[],
) {
  const kase = await trx('cases as c')
    .join('bundles as b', 'b.key', 'c.bundle_key')
    .where('c.id', caseId)
    .forUpdate('c')
    .first('c.*', 'b.form_schema', 'b.lead_department_id', trx.raw('transaction_timestamp() as tx_now'));
  if (!kase) throw notFound('case', caseId);
  // The transaction's time and the audit chain head come with the lock (issue 16): not read again.
  rememberTransactionTime(trx, kase.tx_now.toISOString());
  rememberChainHead(trx, kase.id, kase.audit_seq, kase.audit_hash);
  const visible =
    user.role === 'manager' ||
    user.role === 'admin' ||
    (user.role === 'applicant' && kase.applicant_id === user.id) ||
    (user.role === 'clerk' &&
      !!(await trx
        .from(casesOfDepartment(trx, user.departmentId!).as('w'))
        .where('w.id', caseId)
        .first('w.id')));
  if (!visible) throw notFound('case', caseId);
  if (!allowed.includes(user.role as never)) throw forbidden(allowed);
  return kase;
}

/**
 * 补正: the applicant answers the correction notice with changed answers (validated against the
 * whole combined form, merged over the filed ones) and, optionally, a note.
 */
export async function submitCorrections(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: {
    user: AuthUser;
    caseId: string;
    form: Record<string, unknown>;
    note: string | null;
    /** 容缺: secondary materials of the notice the applicant declares missing. */
    toleratedGaps?: readonly string[];
  },
): Promise<void> {
  const kase = await lockCase(trx, input.user, input.caseId, ['applicant']);
  if (kase.status !== 'correction') throw new ApiError('case_not_in_correction');
  // Every material the notice asks for is handed in (or declared 容缺 where allowed) first.
  const gaps = assertMaterialsAnswered(await intakeRequestedMaterials(trx, kase), input.toleratedGaps ?? []);
  if (gaps.length > 0)
    await appendCaseEvent(trx, kase.id, {
      type: 'materials.toleratedGap',
      at: await ctx.now(trx),
      actorId: input.user.id,
      payload: { materials: gaps.map((g) => g.key) },
    });
  const merged = parse(
    formValidator(kase.form_schema as FormSchema),
    { ...kase.form_data, ...input.form },
    'form',
    formValidator(kase.form_schema as FormSchema, 'zh-CN'),
  );
  await trx('cases')
    .where({ id: kase.id })
    .update({ form_data: JSON.stringify(merged) });
  await applyCaseEvent(ctx, trx, {
    caseId: kase.id,
    actorId: input.user.id,
    event: {
      type: 'correction.submit',
      actorId: input.user.id,
      variables: merged,
      ...(input.note ? { note: input.note } : {}),
    },
  });
}

/** 特别程序 (Art. 45) or a correction during review: the statutory clock stops. */
export async function pauseClock(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: {
    user: AuthUser;
    caseId: string;
    kind: PauseKind;
    procedure?: SpecialProcedure;
    reason: string;
    expectedWorkingDays?: number;
  },
): Promise<void> {
  const kase = await lockCase(trx, input.user, input.caseId, ['clerk', 'manager', 'admin']);
  refuseIf(inProgressRefusal('pause', kase));
  await applyCaseEvent(ctx, trx, {
    caseId: kase.id,
    actorId: input.user.id,
    event: {
      type: 'clock.pause',
      actorId: input.user.id,
      kind: input.kind,
      ...(input.procedure ? { procedure: input.procedure } : {}),
      reason: input.reason,
      ...(input.expectedWorkingDays ? { expectedWorkingDays: input.expectedWorkingDays } : {}),
    },
  });
}

/** The special procedure's result is in: the clock counts its remaining working days again. */
export async function resumeClock(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; caseId: string; result: string },
): Promise<void> {
  const kase = await lockCase(trx, input.user, input.caseId, ['clerk', 'manager', 'admin']);
  await applyCaseEvent(ctx, trx, {
    caseId: kase.id,
    actorId: input.user.id,
    event: { type: 'clock.resume', actorId: input.user.id, result: input.result },
  });
}

/**
 * 延期 (Art. 42): approved by a manager (the agency head's or the government's approval), once,
 * with the reason told to the applicant; at most 10 working days for an item, 15 for a bundle.
 */
export async function extendClock(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; caseId: string; workingDays: number; reason: string },
): Promise<void> {
  const kase = await lockCase(trx, input.user, input.caseId, ['manager', 'admin']);
  refuseIf(inProgressRefusal('extend', kase));
  await applyCaseEvent(ctx, trx, {
    caseId: kase.id,
    actorId: input.user.id,
    event: {
      type: 'clock.extend',
      approverId: input.user.id,
      workingDays: input.workingDays,
      reason: input.reason,
    },
  });
}

/** 领证/送达: the lead department hands the results over. */
export async function deliverCase(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; caseId: string; method: string; trackingNumber?: string },
): Promise<void> {
  const kase = await lockCase(trx, input.user, input.caseId, ['clerk', 'admin']);
  if (input.method === 'post' && !input.trackingNumber) throw new ApiError('tracking_number_required');
  refuseIf(deliverRefusal(input.user, { status: kase.status, leadDepartmentId: kase.lead_department_id }));
  // 送达 record: how, and by post with which tracking number; electronic receipts are confirmed later.
  await recordDelivery(ctx, trx, {
    caseId: kase.id,
    method: input.method,
    trackingNumber: input.trackingNumber ?? null,
    userId: input.user.id,
  });
  await applyCaseEvent(ctx, trx, {
    caseId: kase.id,
    actorId: input.user.id,
    event: { type: 'case.deliver', actorId: input.user.id, method: input.method },
  });
}
