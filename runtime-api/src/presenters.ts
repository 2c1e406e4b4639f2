import type { TaskRow as TaskTableRow } from '@yijian/db';
import {
  type ClockSnapshot,
  type CorrectionNotice,
  type Limit,
  remainingWorkingDays,
  shanghaiDate,
  type WorkCalendar,
} from '@yijian/engine';
import type { z } from 'zod';
import type { TaskActionsView } from './access/taskActionFacts';
import { lightUnder, readWarningPolicy, type WarningPolicy } from './deadlines/warningPolicy';
import { incidentMessagesOf } from './incidents/incidentQueries';
import type { taskSchema } from './schemas';
import type { CaseItemViewRow, CaseTimelineRow, VisibleCaseRow } from './sql/caseQueries';
import type { TaskRow } from './sql/departmentQueue';

/** Row → API shapes. Dates leave as ISO strings; lights are computed against `now`. */

/** A timestamp column as an ISO string (pg gives Dates). */
export const iso = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v.toISOString() : v);

export function presentDeadline(
  calendar: WorkCalendar,
  now: string,
  row: {
    due_at: Date | null;
    due_date: string | null;
    due_provisional?: boolean;
    due_start_date?: string | null;
  },
  policy: WarningPolicy = readWarningPolicy({}),
) {
  if (!row.due_at || !row.due_date) return null;
  const dueAt = iso(row.due_at)!;
  const { light, remainingWorkingDays } = lightUnder(
    policy,
    calendar,
    { dueAt, startDate: row.due_start_date ?? null },
    now,
  );
  return {
    dueAt,
    dueDate: row.due_date,
    provisional: row.due_provisional ?? false,
    remainingWorkingDays,
    light,
  };
}

/** What the statutory clock's view reads of a case row (visibleCases, the monitor's list). */
export type ClockRow = Pick<
  VisibleCaseRow,
  | 'status'
  | 'clock'
  | 'warning_policy'
  | 'due_at'
  | 'due_date'
  | 'due_provisional'
  | 'due_start_date'
  | 'due_limit'
>;

/** What a case in lists and at the head of its page reads of a case row. */
export type CaseSummaryRow = ClockRow &
  Pick<
    VisibleCaseRow,
    | 'id'
    | 'case_number'
    | 'bundle_key'
    | 'bundle_name_zh'
    | 'bundle_name_en'
    | 'applicant_name'
    | 'filed_at'
    | 'concluded_at'
  >;

/** An open step of the case as its summary names it ("now at"). */
export type OpenStepRow = Pick<TaskTableRow, 'id' | 'name_zh' | 'name_en' | 'department_id'>;

/** What the window and issuance view reads of a case row. */
export type LifecycleRow = Pick<
  VisibleCaseRow,
  | 'status'
  | 'received_on'
  | 'accepted_on'
  | 'deemed_acceptance'
  | 'correction_notice'
  | 'rejection_reason'
  | 'issuance_due_at'
  | 'issuance_due_date'
  | 'issuance_provisional'
  | 'delivered_at'
>;

/** A task in the queue and on the case page, with what the viewer may do with it now. */
export function presentTask(
  row: TaskRow,
  calendar: WorkCalendar,
  now: string,
  actions: TaskActionsView,
): z.input<typeof taskSchema> {
  const open = row.status === 'open' || row.status === 'claimed';
  // A step without a limit of its own (审查, 决定) runs within its item's.
  const due =
    !row.due_at && row.item_due_at
      ? {
          due_at: row.item_due_at,
          due_date: row.item_due_date ?? null,
          due_provisional: row.item_due_provisional ?? false,
          due_start_date: row.item_due_start_date ?? null,
        }
      : row;
  return {
    id: row.id,
    caseId: row.case_id,
    caseNumber: row.case_number,
    bundleName: { zh: row.bundle_name_zh, en: row.bundle_name_en },
    applicantName: row.applicant_name,
    elementId: row.element_id,
    kind: row.kind ?? 'step',
    decisionStep: actions.decisionStep,
    name: { zh: row.name_zh, en: row.name_en },
    itemCode: row.item_code,
    departmentId: row.department_id,
    status: row.status,
    assignee: row.assignee_id
      ? { id: row.assignee_id, displayName: row.assignee_name ?? row.assignee_id }
      : null,
    createdAt: iso(row.created_at)!,
    dueAt: iso(row.due_at),
    deadline: open ? presentDeadline(calendar, now, due, readWarningPolicy(row.warning_policy)) : null,
    pausedRemainingWorkingDays: open ? (row.paused_remaining ?? null) : null,
    pausedReason: open ? (row.paused_reason ?? null) : null,
    delegatedBy: open ? (row.delegated_by ?? null) : null,
    completedAt: iso(row.completed_at),
    corrected: row.corrected === true,
    allowedActions: actions.allowedActions,
    returnTargets: actions.returnTargets,
  };
}

/**
 * The statutory clock as clerks and applicants see it: its state, the limit in force, the working
 * days left (frozen while paused), the light under the bundle's policy, every pause and the
 * extension. Cases filed before the clock existed show their stored deadline as a running clock.
 */
export function presentClock(row: ClockRow, calendar: WorkCalendar, now: string) {
  const clock = row.clock as ClockSnapshot | null;
  const policy = readWarningPolicy(row.warning_policy);
  if (!clock) {
    const deadline = row.status === 'inProgress' ? presentDeadline(calendar, now, row, policy) : null;
    return {
      state: deadline ? ('running' as const) : ('notStarted' as const),
      limit: (row.due_limit ?? null) as Limit | null,
      startDate: row.due_start_date ?? null,
      dueDate: deadline?.dueDate ?? null,
      provisional: deadline?.provisional ?? false,
      remainingWorkingDays: deadline?.remainingWorkingDays ?? null,
      light: deadline?.light ?? null,
      pauses: [],
      extension: null,
    };
  }
  const c = clock.context;
  const running = clock.state === 'running';
  const lit = running ? lightUnder(policy, calendar, { dueAt: c.dueAt, startDate: c.startDate }, now) : null;
  return {
    state: clock.state,
    limit: c.limit,
    startDate: c.startDate,
    dueDate: c.dueDate,
    provisional: c.provisional,
    remainingWorkingDays:
      clock.state === 'stopped'
        ? null
        : (lit?.remainingWorkingDays ?? remainingWorkingDays(clock, shanghaiDate(now), calendar)),
    light: lit?.light ?? null,
    pauses: c.pauses,
    extension: c.extension,
  };
}

/** What a viewer is told about a case's open incidents: staff the incident, applicants only that it is in hand. */
export type IncidentState = 'incident' | 'beingHandled' | null;

export function incidentStateFor(role: string, openIncidents: number): IncidentState {
  if (openIncidents === 0) return null;
  return role === 'applicant' ? 'beingHandled' : 'incident';
}

/**
 * A case in lists and at the head of its page. A case with an open incident cannot move, so staff
 * see its light red whatever the clock says (a stuck case is never green).
 */
export function presentCaseSummary(
  row: CaseSummaryRow,
  openTasks: readonly OpenStepRow[],
  calendar: WorkCalendar,
  now: string,
  incidentState: IncidentState = null,
) {
  const summary = presentCaseSummaryLights(row, openTasks, calendar, now);
  if (incidentState !== 'incident') return { ...summary, incidentState };
  return {
    ...summary,
    deadline: summary.deadline && { ...summary.deadline, light: 'red' as const },
    clock: { ...summary.clock, light: summary.clock.light && ('red' as const) },
    incidentState,
  };
}

function presentCaseSummaryLights(
  row: CaseSummaryRow,
  openTasks: readonly OpenStepRow[],
  calendar: WorkCalendar,
  now: string,
) {
  return {
    id: row.id,
    caseNumber: row.case_number,
    bundleKey: row.bundle_key,
    bundleName: { zh: row.bundle_name_zh, en: row.bundle_name_en },
    applicantName: row.applicant_name,
    status: row.status,
    filedAt: iso(row.filed_at)!,
    concludedAt: iso(row.concluded_at),
    deadline:
      row.status === 'inProgress'
        ? presentDeadline(calendar, now, row, readWarningPolicy(row.warning_policy))
        : null,
    clock: presentClock(row, calendar, now),
    openTasks: openTasks.map((t) => ({
      id: t.id,
      name: { zh: t.name_zh, en: t.name_en },
      departmentId: t.department_id,
    })),
  };
}

/** Where the case stands at the window and after the decision. */
export function presentLifecycle(
  row: LifecycleRow,
  calendar: WorkCalendar,
  now: string,
  maxExtensionWorkingDays: number,
) {
  const notice = row.correction_notice as CorrectionNotice | null;
  return {
    receivedOn: row.received_on ?? null,
    acceptedOn: row.accepted_on ?? null,
    deemedAcceptance: row.deemed_acceptance ?? false,
    correctionNotice: notice
      ? { items: notice.items, ...(notice.note ? { note: notice.note } : {}), on: notice.on }
      : null,
    rejectionReason: row.rejection_reason ?? null,
    issuance:
      row.status === 'concluded'
        ? presentDeadline(calendar, now, {
            due_at: row.issuance_due_at,
            due_date: row.issuance_due_date,
            due_provisional: row.issuance_provisional ?? false,
          })
        : null,
    deliveredAt: iso(row.delivered_at ?? null),
    maxExtensionWorkingDays,
  };
}

export function presentTimelineEntry(row: CaseTimelineRow) {
  const payload = (row.payload ?? {}) as {
    name?: { zh: string; en: string };
    departmentId?: string;
    message?: unknown;
    messages?: unknown;
  };
  return {
    seq: row.seq,
    type: row.type,
    at: iso(row.at)!,
    actor: row.actor_id ? { id: row.actor_id, displayName: row.actor_name ?? row.actor_id } : null,
    elementId: row.element_id,
    name: payload.name ?? null,
    departmentId: payload.departmentId ?? null,
    messages: row.type === 'incident.raised' ? incidentMessagesOf(payload) : null,
    detail: payload,
  };
}

/** One item's clock in a case: its limit, due date and light (frozen while the case clock is paused). */
export function presentCaseItem(row: CaseItemViewRow, calendar: WorkCalendar, now: string) {
  return {
    scopeKey: row.scope_key,
    itemCode: row.item_code,
    name: { zh: row.name_zh ?? row.item_code, en: row.name_en ?? row.item_code },
    departmentId: row.department_id ?? null,
    status: row.status,
    startedAt: iso(row.started_at)!,
    limit: row.due_limit as Limit,
    dueDate: row.due_date ?? null,
    deadline:
      row.status === 'running'
        ? presentDeadline(calendar, now, row, readWarningPolicy(row.warning_policy))
        : null,
    pausedRemainingWorkingDays: row.status === 'paused' ? (row.paused_remaining ?? null) : null,
    endedAt: iso(row.ended_at ?? null),
  };
}
