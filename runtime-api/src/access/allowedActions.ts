import type { Role } from '@yijian/process-library';

/**
 * What a user may do now with a task or a case, computed on the server from role, department,
 * assignee and state, and sent with the task and the case (`allowedActions`). The web app shows a
 * button for each listed action and holds no copy of these rules. The commands ask the same
 * functions again under the case lock (the `…Refusal` functions below, which the lists are made
 * of), and refuse with the code they give; a listed action can still be refused when the case
 * moved between the read and the click (409).
 *
 * Pure: the facts come from rows the routes already read; nothing here touches the database.
 */

/** Actions on one task (待办). */
export const TASK_ACTIONS = [
  /** 认领 an open step. */
  'claim',
  /** 释放 a claimed step back to the queue. */
  'release',
  /** 办结 the step (claims it implicitly when open). */
  'complete',
  /** 准予/不予许可 at an item's decision step (grant or refuse). */
  'decide',
  /** 预审受理 at the window: accept, one correction notice, or refuse. */
  'intake',
  /** 退回 to an earlier step of the same item done in this case. */
  'return',
  /** 转办 to a colleague of the department. */
  'transfer',
  /** 委派 to a colleague, who hands it back. */
  'delegate',
  /** The delegate hands the step back to the delegator. */
  'returnDelegation',
  /** 加签 another clerk before or after the holder. */
  'countersign',
  /** 补正 during review: ask the applicant for a correction of this step's item. */
  'requestCorrection',
  /** 撤回 a step this user completed while the next step is untouched. */
  'recall',
  /** 催办 / 督办 by hand (managers). */
  'urge',
] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** Actions on a whole case. */
export const CASE_ACTIONS = [
  /** 特别程序 or a correction: the statutory clock stops (Art. 45). */
  'pauseClock',
  /** The special procedure's result is in: the clock counts again. */
  'resumeClock',
  /** 延期 (Art. 42), once, approved by a manager. */
  'extendClock',
  /** 送达 / 领证 by the lead department once concluded. */
  'deliver',
  /** 撤回申请 by the applicant before any item is decided. */
  'withdraw',
  /** The applicant answers the window's correction notice (补正). */
  'answerCorrection',
  /** The applicant answers the departments' review corrections. */
  'answerReviewCorrections',
  /** The applicant attaches materials to the open case. */
  'uploadMaterials',
  /** 电子送达回执: the applicant confirms receiving results delivered electronically. */
  'confirmReceipt',
  /** Retry or resolve an incident, or migrate the case to a newer version (admins). */
  'repairIncident',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** Actions on one item of a case (its own special procedure, Art. 45). */
export const ITEM_ACTIONS = ['pause', 'resume'] as const;
export type ItemAction = (typeof ITEM_ACTIONS)[number];

export interface Viewer {
  id: string;
  role: Role;
  departmentId: string | null;
}

/** The facts of one task the rules read (a task row's columns). */
export interface TaskFacts {
  id: string;
  kind: 'step' | 'intake';
  element_id: string;
  item_code: string | null;
  department_id: string;
  status: string;
  assignee_id: string | null;
  delegated_by: string | null;
  countersign_of: string | null;
  completed_by: string | null;
  created_at: Date | string;
  completed_at: Date | string | null;
  paused_reason: string | null;
}

/** What the rules need to know about the task's case and its other tasks. */
export interface TaskContext {
  caseStatus: string;
  /** Whether the step is its item's decision step (the definition decides; see decideItem.ts). */
  isDecisionStep: boolean;
  /** Every task of the case (for 退回, 撤回 and open countersignatures). */
  caseTasks: readonly TaskFacts[];
  /** Item codes with an open review correction (补正 during review) in this case. */
  openReviewCorrections: ReadonlySet<string>;
}

const isOpen = (status: string) => status === 'open' || status === 'claimed';
const time = (v: Date | string) => new Date(v).getTime();

/** A clerk of the task's department, or an admin: who may work on a department's steps. */
export function mayWorkOn(user: Viewer, departmentId: string): boolean {
  return user.role === 'admin' || (user.role === 'clerk' && user.departmentId === departmentId);
}

/**
 * Why a rule on a task's own row (or on a case) refuses `user`, as the stable error code the
 * command answers with (errorCodes.ts); null when it allows. {@link taskActions} and
 * {@link caseActions} list an action exactly when its refusal is null, and the commands throw the
 * refusal (access/refusals.ts): one copy of each rule.
 */
export type Refusal =
  | { code: 'task_not_open'; status: string }
  | { code: 'task_claimed_by_other' | 'task_not_yours' | 'delegation_pending' }
  | { code: 'not_lead_department' | 'case_not_concluded' }
  | { code: 'case_not_in_progress'; action: 'pause' | 'extend'; status: string };

/** The columns of a task the row rules read. */
export type TaskRowFacts = Pick<TaskFacts, 'status' | 'assignee_id' | 'delegated_by'>;

const notOpen = (task: TaskRowFacts): Refusal => ({ code: 'task_not_open', status: task.status });

/** 认领: only an open step (one somebody holds is theirs; a closed one is closed). */
export function claimRefusal(task: TaskRowFacts): Refusal | null {
  if (task.status === 'open') return null;
  return task.assignee_id ? { code: 'task_claimed_by_other' } : notOpen(task);
}

/**
 * Work on the step (办结, 准予/不予, 受理, 退回, 加签): it is open, or claimed by this user. Who
 * holds it otherwise answers `claimedByOther` (加签 says `task_not_yours`).
 */
export function workRefusal(
  user: Pick<Viewer, 'id'>,
  task: TaskRowFacts,
  claimedByOther: 'task_claimed_by_other' | 'task_not_yours' = 'task_claimed_by_other',
): Refusal | null {
  if (!isOpen(task.status)) return notOpen(task);
  if (task.status === 'claimed' && task.assignee_id !== user.id) return { code: claimedByOther };
  return null;
}

/** 转办, 委派: open, or held by this user (an admin may move anyone's), and not out on delegation. */
export function holdRefusal(user: Pick<Viewer, 'id' | 'role'>, task: TaskRowFacts): Refusal | null {
  if (!isOpen(task.status)) return notOpen(task);
  if (task.status === 'claimed' && task.assignee_id !== user.id && user.role !== 'admin')
    return { code: 'task_not_yours' };
  if (task.delegated_by) return { code: 'delegation_pending' };
  return null;
}

/** 释放: a claimed step its holder (or an admin) puts back, not while out on delegation. */
export function releaseRefusal(user: Pick<Viewer, 'id' | 'role'>, task: TaskRowFacts): Refusal | null {
  if (task.status !== 'claimed') return notOpen(task);
  if (task.assignee_id !== user.id && user.role !== 'admin') return { code: 'task_not_yours' };
  if (task.delegated_by) return { code: 'delegation_pending' };
  return null;
}

/** 委派 handled: only the delegate, while they hold the delegated step, hands it back. */
export function returnDelegationRefusal(user: Pick<Viewer, 'id'>, task: TaskRowFacts): Refusal | null {
  return task.delegated_by && task.assignee_id === user.id && task.status === 'claimed'
    ? null
    : { code: 'task_not_yours' };
}

/** The actions `user` may take on `task` now. */
export function taskActions(user: Viewer, task: TaskFacts, ctx: TaskContext): TaskAction[] {
  const actions: TaskAction[] = [];
  if ((user.role === 'manager' || user.role === 'admin') && isOpen(task.status)) actions.push('urge');
  if (!mayWorkOn(user, task.department_id)) return actions;

  // Open, or claimed by this user: what 办结 and the decisions need.
  const workable = workRefusal(user, task) === null;
  const delegated = task.delegated_by !== null;
  const paused = task.paused_reason !== null;
  const countersignOpen = ctx.caseTasks.some((t) => t.countersign_of === task.id && isOpen(t.status));

  if (task.kind === 'intake') {
    if (workable) actions.push('intake');
    return actions;
  }
  if (claimRefusal(task) === null) actions.push('claim');
  if (releaseRefusal(user, task) === null) actions.push('release');
  // A decision step concludes with 准予/不予 only; its countersigners still sign with 办结.
  if (workable && !delegated && !paused && (!ctx.isDecisionStep || task.countersign_of))
    actions.push('complete');
  if (
    workable &&
    ctx.isDecisionStep &&
    task.item_code &&
    !delegated &&
    !paused &&
    !task.countersign_of &&
    !countersignOpen
  )
    actions.push('decide');
  if (holdRefusal(user, task) === null) actions.push('transfer', 'delegate');
  if (returnDelegationRefusal(user, task) === null) actions.push('returnDelegation');
  if (workable && !delegated && !task.countersign_of && !countersignOpen) actions.push('countersign');
  if (workable && !paused && returnTargets(task, ctx.caseTasks).length > 0) actions.push('return');
  if (
    workable &&
    !paused &&
    task.item_code &&
    inProgressRefusal('pause', { status: ctx.caseStatus }) === null &&
    !ctx.openReviewCorrections.has(task.item_code)
  )
    actions.push('requestCorrection');
  if (mayRecall(user, task, ctx.caseTasks)) actions.push('recall');
  return actions;
}

/**
 * 退回 targets: the earlier steps of the same item that were done in this case, latest first,
 * each once (returnStep in clerkActions.ts accepts exactly these).
 */
export function returnTargets(task: TaskFacts, caseTasks: readonly TaskFacts[]): TaskFacts[] {
  if (task.kind !== 'step' || !task.item_code) return [];
  const seen = new Set<string>();
  return caseTasks
    .filter(
      (t) =>
        t.kind === 'step' &&
        t.item_code === task.item_code &&
        t.status === 'completed' &&
        t.element_id !== task.element_id,
    )
    .sort((a, b) => time(b.created_at) - time(a.created_at))
    .filter((t) => !seen.has(t.element_id) && !!seen.add(t.element_id));
}

/** 撤回: the user completed this step and the one next step of its item is still open and untaken. */
function mayRecall(user: Viewer, task: TaskFacts, caseTasks: readonly TaskFacts[]): boolean {
  if (task.kind !== 'step' || task.status !== 'completed' || task.completed_by !== user.id) return false;
  if (!task.completed_at) return false;
  const done = time(task.completed_at);
  const next = caseTasks.filter(
    (t) =>
      t.id !== task.id && t.kind === 'step' && t.item_code === task.item_code && time(t.created_at) >= done,
  );
  return next.length === 1 && next[0]!.status === 'open';
}

/** The facts of a case the rules read. */
export interface CaseFacts {
  status: string;
  applicantId: string;
  leadDepartmentId: string | null;
  clockState: 'notStarted' | 'running' | 'paused' | 'stopped';
  extended: boolean;
  decided: boolean;
  openReviewCorrections: number;
  openIncidents: number;
}

/**
 * 暂停 (the clock, an item's special procedure, a review correction) and 延期 need an accepted case
 * in progress; whether its clock runs (or was extended before) the engine decides.
 */
export function inProgressRefusal(
  action: 'pause' | 'extend',
  kase: Pick<CaseFacts, 'status'>,
): Refusal | null {
  return kase.status === 'inProgress' ? null : { code: 'case_not_in_progress', action, status: kase.status };
}

/**
 * 送达/领证 (by a clerk of the lead department or an admin, the roles the command admits): the
 * lead department hands over a concluded case's results.
 */
export function deliverRefusal(
  user: Pick<Viewer, 'role' | 'departmentId'>,
  kase: Pick<CaseFacts, 'status' | 'leadDepartmentId'>,
): Refusal | null {
  if (user.role === 'clerk' && user.departmentId !== kase.leadDepartmentId)
    return { code: 'not_lead_department' };
  if (kase.status !== 'concluded') return { code: 'case_not_concluded' };
  return null;
}

/** The actions `user` may take on the case now (the viewer may already see it). */
export function caseActions(user: Viewer, kase: CaseFacts): CaseAction[] {
  const actions: CaseAction[] = [];
  const staff = user.role === 'clerk' || user.role === 'manager' || user.role === 'admin';
  const active = kase.status === 'preReview' || kase.status === 'correction' || kase.status === 'inProgress';
  if (staff && inProgressRefusal('pause', kase) === null && kase.clockState === 'running')
    actions.push('pauseClock');
  if (staff && kase.clockState === 'paused') actions.push('resumeClock');
  if (
    (user.role === 'manager' || user.role === 'admin') &&
    inProgressRefusal('extend', kase) === null &&
    !kase.extended
  )
    actions.push('extendClock');
  if ((user.role === 'clerk' || user.role === 'admin') && deliverRefusal(user, kase) === null)
    actions.push('deliver');
  if (user.role === 'applicant' && kase.applicantId === user.id) {
    if (active && !kase.decided) actions.push('withdraw');
    if (kase.status === 'correction') actions.push('answerCorrection');
    if (kase.openReviewCorrections > 0) actions.push('answerReviewCorrections');
    if (active) actions.push('uploadMaterials');
    if (kase.status === 'delivered') actions.push('confirmReceipt');
  }
  if (user.role === 'admin' && kase.openIncidents > 0) actions.push('repairIncident');
  return actions;
}

/** An item of the case: its clock state and the departments that work on it here. */
export interface ItemFacts {
  status: string;
  departments: ReadonlySet<string>;
}

/** 特别程序 of one item: staff, a clerk only for an item their department works in this case. */
export function itemActions(user: Viewer, caseStatus: string, item: ItemFacts): ItemAction[] {
  const staff = user.role === 'manager' || user.role === 'admin';
  const own = user.role === 'clerk' && !!user.departmentId && item.departments.has(user.departmentId);
  if (!staff && !own) return [];
  if (inProgressRefusal('pause', { status: caseStatus }) === null && item.status === 'running')
    return ['pause'];
  if (item.status === 'paused') return ['resume'];
  return [];
}
