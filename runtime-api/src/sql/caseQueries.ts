import type { CaseItemRow, CaseRow, ItemRow } from '@yijian/db';
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { CaseEventType } from '../commands/caseEvents';
import type { AuthUser } from '../http/auth';
import type { caseSummarySchema } from '../schemas';

/** A case's lifecycle phase (`cases.status`, the engine's phase), as the API names it. */
export type CasePhase = z.output<typeof caseSummarySchema>['status'];

/**
 * A query whose awaited rows are typed `R` (a join knex cannot type from its tables): still a
 * builder, so tests can EXPLAIN it and callers may narrow it further.
 */
// biome-ignore lint/suspicious/noExplicitAny: the builder's own record type of a joined query.
export type RowsQuery<R> = Knex.QueryBuilder<any, R[]>;

/** Names the row type of a joined query knex cannot type (see {@link RowsQuery}). */
export const rowsOf = <R>(query: Knex.QueryBuilder): RowsQuery<R> => query;

/** One row of {@link visibleCases}: the case's columns, its bundle's name, policy and lead, the applicant's name. */
export type VisibleCaseRow = Pick<
  CaseRow,
  | 'id'
  | 'case_number'
  | 'bundle_key'
  | 'applicant_id'
  | 'filed_at'
  | 'concluded_at'
  | 'due_at'
  | 'due_date'
  | 'due_provisional'
  | 'due_start_date'
  | 'due_limit'
  | 'clock'
  | 'received_on'
  | 'accepted_on'
  | 'deemed_acceptance'
  | 'correction_notice'
  | 'rejection_reason'
  | 'issuance_due_date'
  | 'issuance_due_at'
  | 'issuance_provisional'
  | 'calendar_region'
  | 'delivered_at'
  | 'form_data'
  | 'definition_key'
  | 'definition_version'
> & {
  status: CasePhase;
  bundle_name_zh: string;
  bundle_name_en: string;
  applicant_name: string;
  warning_policy: unknown;
  lead_department_id: string | null;
};

/**
 * Cases a user may see: applicants their own, clerks those with a step in their department,
 * managers and admins all. Used for lists and for single reads, so the rule lives in one place.
 */
export function visibleCases(knex: Knex, user: AuthUser): Knex.QueryBuilder {
  const q = knex('cases as c')
    .join('bundles as b', 'b.key', 'c.bundle_key')
    .join('users as ap', 'ap.id', 'c.applicant_id')
    .select(
      'c.id',
      'c.case_number',
      'c.bundle_key',
      'b.name_zh as bundle_name_zh',
      'b.name_en as bundle_name_en',
      'ap.display_name as applicant_name',
      'c.applicant_id',
      'c.status',
      'c.filed_at',
      'c.concluded_at',
      'c.due_at',
      'c.due_date',
      'c.due_provisional',
      'c.due_start_date',
      'c.due_limit',
      'c.clock',
      'c.received_on',
      'c.accepted_on',
      'c.deemed_acceptance',
      'c.correction_notice',
      'c.rejection_reason',
      'c.issuance_due_date',
      'c.issuance_due_at',
      'c.issuance_provisional',
      'c.calendar_region',
      'c.delivered_at',
      'b.warning_policy',
      'b.lead_department_id',
      'c.form_data',
      'c.definition_key',
      'c.definition_version',
    );
  if (user.role === 'applicant') q.where('c.applicant_id', user.id);
  else if (user.role === 'clerk') {
    q.whereExists(
      knex('tasks as vt').whereRaw('vt.case_id = c.id').andWhere('vt.department_id', user.departmentId),
    );
  } else if (user.role !== 'manager' && user.role !== 'admin') q.whereRaw('false');
  return q;
}

/** One case as `user` may see it; undefined when it is not theirs (or does not exist). */
export function visibleCase(knex: Knex, user: AuthUser, caseId: string): Promise<VisibleCaseRow | undefined> {
  return visibleCases(knex, user).where('c.id', caseId).first();
}

/** Phases of a case that is not finished: at the window, awaiting corrections, in progress. */
export const OPEN_PHASES = ['preReview', 'correction', 'inProgress'] as const;
/** Phases of a case that is finished. */
export const CLOSED_PHASES = ['concluded', 'delivered', 'rejected'] as const;

/**
 * One page of the case list as `user` may see it. Open cases come earliest deadline first and
 * are read along an index in that order (migration 011): cases_open_list_idx for managers and
 * admins, cases_applicant_open_idx for applicants, and for clerks the same walk with one probe of
 * tasks_department_case_idx per case (a step of the case in their department), or, for a
 * department in few cases, a start from its own. Other lists are newest first (cases_filed_idx,
 * cases_closed_filed_idx, cases_applicant_idx).
 */
export function caseListPage(
  knex: Knex,
  user: AuthUser,
  input: { status: 'open' | 'concluded' | 'all'; limit: number },
): RowsQuery<VisibleCaseRow> {
  const q = visibleCases(knex, user).limit(input.limit);
  if (input.status === 'open')
    return q.whereIn('c.status', [...OPEN_PHASES]).orderByRaw('c.due_at asc nulls last, c.id');
  if (input.status === 'concluded') q.whereIn('c.status', [...CLOSED_PHASES]);
  return q.orderBy('c.filed_at', 'desc');
}

/** One audit event of a case as the timeline shows it, with its actor's name. */
export interface CaseTimelineRow {
  seq: number;
  type: CaseEventType;
  at: Date;
  actor_id: string | null;
  actor_name: string | null;
  element_id: string | null;
  payload: Record<string, unknown> | null;
}

export function caseTimelineQuery(knex: Knex, caseId: string): Promise<CaseTimelineRow[]> {
  return knex('case_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .where('e.case_id', caseId)
    .orderBy('e.seq')
    .select(
      'e.seq',
      'e.type',
      'e.at',
      'e.actor_id',
      'u.display_name as actor_name',
      'e.element_id',
      'e.payload',
    );
}

/** An item clock of a case with its item's names, department and policy (null for an unknown item). */
export type CaseItemViewRow = CaseItemRow & {
  name_zh: ItemRow['name_zh'] | null;
  name_en: ItemRow['name_en'] | null;
  department_id: ItemRow['department_id'] | null;
  warning_policy: ItemRow['warning_policy'];
};

/** The item clocks of a case, in the order the items started. */
export function caseItemsQuery(knex: Knex, caseId: string): Promise<CaseItemViewRow[]> {
  return knex('case_items as ci')
    .leftJoin('items as i', 'i.code', 'ci.item_code')
    .where('ci.case_id', caseId)
    .orderBy([{ column: 'ci.started_at' }, { column: 'ci.scope_key' }])
    .select('ci.*', 'i.name_zh', 'i.name_en', 'i.department_id', 'i.warning_policy');
}

/** The cases a department works on: it has a step in them, or leads their bundle (the window). */
export function casesOfDepartment(db: Knex | Knex.Transaction, departmentId: string): Knex.QueryBuilder {
  return db('cases as dc')
    .join('bundles as db', 'db.key', 'dc.bundle_key')
    .where('db.lead_department_id', departmentId)
    .select('dc.id')
    .union((u) => u.from('tasks as dt').where('dt.department_id', departmentId).distinct('dt.case_id'));
}
