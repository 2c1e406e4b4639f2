import type { Knex } from 'knex';
import { inProgressRefusal } from '../access/allowedActions';
import { refuseIf } from '../access/refusals';
import { assertMaterialsAnswered, reviewRequestedMaterials } from '../applicant/correctionAnswers';
import type { AppContext } from '../context';
import type { AuthUser } from '../http/auth';
import { ApiError } from '../http/errors';
import { applyCaseEvent } from './applyCaseEvent';
import { appendCaseEvent } from './caseEvents';
import { lockCase } from './caseLifecycle';
import { assertItemDepartment } from './itemPauses';

/** What a department asks the applicant to hand in or correct. */
export interface CorrectionRequestItem {
  subject: string;
  reason: string;
}

/**
 * 补正 during review: a department asks the applicant for a material of its item. That item's
 * clock, steps and timers pause (and the joint clock with the first), the others keep running.
 * One open request per item; the open requests of a case are one notice to the applicant.
 */
export async function requestReviewCorrection(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: {
    user: AuthUser;
    caseId: string;
    itemCode: string;
    items: CorrectionRequestItem[];
    note: string | null;
  },
): Promise<void> {
  const kase = await lockCase(trx, input.user, input.caseId, ['clerk', 'admin']);
  await assertItemDepartment(trx, input.user, kase.id, input.itemCode);
  refuseIf(inProgressRefusal('pause', kase));
  const open = await trx('review_corrections')
    .where({ case_id: kase.id, item_code: input.itemCode })
    .whereNull('satisfied_at')
    .first('id');
  if (open) throw new ApiError('review_correction_open', { item: input.itemCode });
  const now = await ctx.now(trx);
  const reason = input.items.map((i) => `${i.subject}：${i.reason}`).join('；');
  await applyCaseEvent(ctx, trx, {
    caseId: kase.id,
    now,
    actorId: input.user.id,
    event: {
      type: 'item.pause',
      actorId: input.user.id,
      itemCode: input.itemCode,
      kind: 'correction',
      reason,
    },
  });
  const department =
    input.user.departmentId ??
    (await trx('tasks').where({ case_id: kase.id, item_code: input.itemCode }).first('department_id'))
      ?.department_id;
  await trx('review_corrections').insert({
    case_id: kase.id,
    item_code: input.itemCode,
    department_id: department,
    items: JSON.stringify(input.items),
    requested_by: input.user.id,
    requested_at: now,
  });
  await appendCaseEvent(trx, kase.id, {
    type: 'item.correctionRequested',
    at: now,
    actorId: input.user.id,
    payload: { itemCode: input.itemCode, departmentId: department, items: input.items, note: input.note },
  });
}

/**
 * The applicant answers the review's correction notice (every open request at once, after
 * uploading what was asked through the materials API): each paused item counts again.
 */
export async function submitReviewCorrections(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; caseId: string; note: string | null; toleratedGaps?: readonly string[] },
): Promise<void> {
  const kase = await lockCase(trx, input.user, input.caseId, ['applicant']);
  const open: { id: string; item_code: string }[] = await trx('review_corrections')
    .where({ case_id: kase.id })
    .whereNull('satisfied_at')
    .orderBy('requested_at')
    .select('id', 'item_code');
  if (open.length === 0) throw new ApiError('no_review_correction');
  const now = await ctx.now(trx);
  // A note alone answers no requested material: each is uploaded, or declared 容缺 where allowed.
  const gaps = assertMaterialsAnswered(await reviewRequestedMaterials(trx, kase), input.toleratedGaps ?? []);
  if (gaps.length > 0)
    await appendCaseEvent(trx, kase.id, {
      type: 'materials.toleratedGap',
      at: now,
      actorId: input.user.id,
      payload: { materials: gaps.map((g) => g.key) },
    });
  for (const request of open) {
    await applyCaseEvent(ctx, trx, {
      caseId: kase.id,
      now,
      actorId: input.user.id,
      event: {
        type: 'item.resume',
        actorId: input.user.id,
        itemCode: request.item_code,
        result: input.note ?? '补正材料已提交',
      },
    });
  }
  await trx('review_corrections')
    .whereIn(
      'id',
      open.map((r) => r.id),
    )
    .update({ satisfied_at: now });
  await appendCaseEvent(trx, kase.id, {
    type: 'item.correctionsReceived',
    at: now,
    actorId: input.user.id,
    payload: { itemCodes: open.map((r) => r.item_code), note: input.note },
  });
}

/** The open review corrections of a case: one notice, one section per asking item. */
/** An open review correction (补正 during review) of one item. */
export interface OpenReviewCorrectionRow {
  item_code: string;
  department_id: string;
  items: { subject: string; reason: string }[];
  requested_at: Date;
}

export function openReviewCorrections(knex: Knex, caseId: string): Promise<OpenReviewCorrectionRow[]> {
  return knex('review_corrections')
    .where({ case_id: caseId })
    .whereNull('satisfied_at')
    .orderBy('requested_at')
    .select('item_code', 'department_id', 'items', 'requested_at');
}
