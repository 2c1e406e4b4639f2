import { type WorkCalendar, warningLight } from '@yijian/engine';

/** Row → API shapes. Dates leave as ISO strings; lights are computed against `now`. */

const iso = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v.toISOString() : v);

export function presentDeadline(
  calendar: WorkCalendar,
  now: string,
  row: { due_at: Date | null; due_date: string | null; due_provisional?: boolean },
) {
  if (!row.due_at || !row.due_date) return null;
  const dueAt = iso(row.due_at)!;
  const { light, remainingWorkingDays } = warningLight(calendar, dueAt, now);
  return {
    dueAt,
    dueDate: row.due_date,
    provisional: row.due_provisional ?? false,
    remainingWorkingDays,
    light,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: rows come from knex untyped.
export type Row = Record<string, any>;

export function presentTask(row: Row, calendar: WorkCalendar, now: string) {
  const open = row.status === 'open' || row.status === 'claimed';
  return {
    id: row.id,
    caseId: row.case_id,
    caseNumber: row.case_number,
    bundleName: { zh: row.bundle_name_zh, en: row.bundle_name_en },
    elementId: row.element_id,
    name: { zh: row.name_zh, en: row.name_en },
    itemCode: row.item_code,
    departmentId: row.department_id,
    status: row.status,
    assignee: row.assignee_id ? { id: row.assignee_id, displayName: row.assignee_name } : null,
    createdAt: iso(row.created_at)!,
    dueAt: iso(row.due_at),
    deadline: open ? presentDeadline(calendar, now, row as never) : null,
    completedAt: iso(row.completed_at),
  };
}

export function presentCaseSummary(row: Row, openTasks: Row[], calendar: WorkCalendar, now: string) {
  return {
    id: row.id,
    caseNumber: row.case_number,
    bundleKey: row.bundle_key,
    bundleName: { zh: row.bundle_name_zh, en: row.bundle_name_en },
    applicantName: row.applicant_name,
    status: row.status,
    filedAt: iso(row.filed_at)!,
    concludedAt: iso(row.concluded_at),
    deadline: row.status === 'inProgress' ? presentDeadline(calendar, now, row as never) : null,
    openTasks: openTasks.map((t) => ({
      id: t.id,
      name: { zh: t.name_zh, en: t.name_en },
      departmentId: t.department_id,
    })),
  };
}

export function presentTimelineEntry(row: Row) {
  const payload = (row.payload ?? {}) as Row;
  return {
    seq: row.seq,
    type: row.type,
    at: iso(row.at)!,
    actor: row.actor_id ? { id: row.actor_id, displayName: row.actor_name } : null,
    elementId: row.element_id,
    name: payload.name ?? null,
    departmentId: payload.departmentId ?? null,
    detail: payload,
  };
}
