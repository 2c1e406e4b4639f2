import { addWorkingDays, shanghaiDate } from '@yijian/engine';
import type { Knex } from 'knex';
import type { z } from 'zod';
import { appendCaseEvent } from '../commands/caseEvents';
import { lockCase } from '../commands/caseLifecycle';
import type { AppContext } from '../context';
import type { AuthUser } from '../http/auth';
import { ApiError, invalidFields, notFound, stateName } from '../http/errors';
import { type RowsQuery, rowsOf } from '../sql/caseQueries';
import { BAD_REASONS, GOOD_REASONS, type ratingBody } from './applicantSchemas';

type Db = Knex | Knex.Transaction;
type Reason = (typeof GOOD_REASONS)[number] | (typeof BAD_REASONS)[number];

/** 整改 deadline in working days from the bad rating (the scheme allows 5–15; we take 10). */
export const RECTIFICATION_WORKING_DAYS = 10;
/** Statuses in which the applicant rates: results handed over, or the application refused. */
export const RATEABLE_STATUSES = ['delivered', 'rejected'] as const;
/** 不满意 (2) and 非常不满意 (1) are bad ratings. */
export const isBadScore = (score: number) => score <= 2;

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v == null ? null : String(v));
const date = (v: unknown) => (v instanceof Date ? shanghaiDate(v) : String(v).slice(0, 10));

/** One row of {@link rectificationRows}. */
export interface RectificationRow {
  id: string;
  case_id: string;
  department_id: string;
  status: 'open' | 'resolved';
  opened_at: Date;
  /** `date`: 'YYYY-MM-DD'. */
  due_date: string;
  reply: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  case_number: string;
  bundle_zh: string;
  bundle_en: string;
  department_zh: string;
  department_en: string;
  score: number;
  reasons: Reason[];
  comment: string | null;
  resolved_by_name: string | null;
}

/** Rectifications with their case, rating and department, for lists and the rating view. */
export function rectificationRows(db: Db): RowsQuery<RectificationRow> {
  const q = db('rectifications as r')
    .join('cases as c', 'c.id', 'r.case_id')
    .join('bundles as b', 'b.key', 'c.bundle_key')
    .join('departments as d', 'd.id', 'r.department_id')
    .join('case_ratings as cr', 'cr.case_id', 'r.case_id')
    .leftJoin('users as u', 'u.id', 'r.resolved_by')
    .select(
      'r.*',
      'c.case_number',
      'b.name_zh as bundle_zh',
      'b.name_en as bundle_en',
      'd.name_zh as department_zh',
      'd.name_en as department_en',
      'cr.score',
      'cr.reasons',
      'cr.comment',
      'u.display_name as resolved_by_name',
    );
  return rowsOf<RectificationRow>(q);
}

export function presentRectification(row: RectificationRow, today: string) {
  const dueDate = date(row.due_date);
  return {
    id: row.id,
    caseId: row.case_id,
    caseNumber: row.case_number,
    bundleName: { zh: row.bundle_zh, en: row.bundle_en },
    departmentId: row.department_id,
    departmentName: { zh: row.department_zh, en: row.department_en },
    status: row.status,
    openedAt: iso(row.opened_at)!,
    dueDate,
    overdue: row.status === 'open' && dueDate < today,
    score: row.score,
    reasons: row.reasons,
    comment: row.comment ?? null,
    reply: row.reply ?? null,
    resolvedAt: iso(row.resolved_at),
    resolvedBy: row.resolved_by_name ?? null,
  };
}

/**
 * 好差评: the applicant rates a delivered (or refused) case once. A bad rating must say why and
 * opens 整改 for the department it is about (the lead department unless the applicant names
 * another of the case's departments), due in {@link RECTIFICATION_WORKING_DAYS} working days.
 */
export async function rateCase(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; caseId: string; rating: z.infer<typeof ratingBody> },
): Promise<void> {
  const kase = await lockCase(trx, input.user, input.caseId, ['applicant']);
  if (!(RATEABLE_STATUSES as readonly string[]).includes(kase.status))
    throw new ApiError('rating_not_open', { status: stateName(kase.status) });
  if (await trx('case_ratings').where({ case_id: kase.id }).first('case_id'))
    throw new ApiError('rating_exists');
  const { score, reasons, comment, departmentId } = input.rating;
  const bad = isBadScore(score);
  if (bad && reasons.length === 0) throw new ApiError('rating_reason_required');
  const allowed: readonly string[] = bad ? BAD_REASONS : GOOD_REASONS;
  const wrong = reasons.filter((r) => !allowed.includes(r));
  if (wrong.length > 0) throw new ApiError('rating_reason_mismatch', { reasons: wrong.join(', ') });

  const now = await ctx.now(trx);
  await trx('case_ratings').insert({
    case_id: kase.id,
    applicant_id: input.user.id,
    score,
    reasons: JSON.stringify([...new Set(reasons)]),
    comment: comment || null,
    rated_at: now,
  });
  await appendCaseEvent(trx, kase.id, {
    type: 'case.rated',
    at: now,
    actorId: input.user.id,
    payload: { score, reasons, comment: comment || null },
  });
  if (!bad) return;

  const department = departmentId ?? (kase.lead_department_id as string);
  if (departmentId) {
    const involved = await trx('tasks').where({ case_id: kase.id, department_id: departmentId }).first('id');
    if (!involved && departmentId !== kase.lead_department_id)
      throw invalidFields([
        {
          path: 'departmentId',
          messages: { 'zh-CN': '不是办理该办件的部门', en: 'Not a department that handled this case' },
        },
      ]);
  }
  const calendar = await ctx.calendar.get((kase.calendar_region as string | null) ?? undefined, trx);
  const due = addWorkingDays(calendar, shanghaiDate(now), RECTIFICATION_WORKING_DAYS);
  const [row] = await trx('rectifications')
    .insert({ case_id: kase.id, department_id: department, opened_at: now, due_date: due.date })
    .returning('id');
  await appendCaseEvent(trx, kase.id, {
    type: 'rectification.opened',
    at: now,
    actorId: null,
    payload: { rectificationId: row.id, departmentId: department, dueDate: due.date, score, reasons },
  });
}

/** 整改 answered: the department's clerk (or an admin) closes it with what was done. */
export async function resolveRectification(
  ctx: AppContext,
  trx: Knex.Transaction,
  input: { user: AuthUser; id: string; reply: string },
): Promise<string> {
  const row = await trx('rectifications').where({ id: input.id }).forUpdate().first();
  if (!row) throw notFound('rectification', input.id);
  if (input.user.role === 'clerk' && row.department_id !== input.user.departmentId)
    throw notFound('rectification', input.id);
  if (row.status !== 'open') throw new ApiError('rectification_closed');
  const now = await ctx.now(trx);
  await trx('rectifications')
    .where({ id: row.id })
    .update({ status: 'resolved', reply: input.reply, resolved_by: input.user.id, resolved_at: now });
  await appendCaseEvent(trx, row.case_id, {
    type: 'rectification.resolved',
    at: now,
    actorId: input.user.id,
    payload: { rectificationId: row.id, departmentId: row.department_id, reply: input.reply },
  });
  return row.id as string;
}

/** The rating of a case with its rectifications, or null. */
export async function caseRating(db: Db, caseId: string, today: string) {
  const rating = await db('case_ratings').where({ case_id: caseId }).first();
  if (!rating) return null;
  const rows = await rectificationRows(db).where('r.case_id', caseId).orderBy('r.opened_at');
  return {
    caseId,
    score: rating.score as number,
    reasons: rating.reasons as Reason[],
    comment: (rating.comment as string | null) ?? null,
    ratedAt: iso(rating.rated_at)!,
    rectifications: rows.map((r) => presentRectification(r, today)),
  };
}
