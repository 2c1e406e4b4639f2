import type { ClockSnapshot } from '../clock/statutoryClock';
import type { Limit, LocalizedName } from '../definition/types';
import type { IncidentMessages } from '../errors';
import type { CorrectionNotice } from './lifecycle';

/** Open a task in a department queue (one activation of a user task). */
export interface CreateTaskEffect {
  type: 'task.create';
  /** Unique within the case and stable across retries: `${elementId}#${n}`. */
  activationKey: string;
  elementId: string;
  name: LocalizedName;
  departmentId: string;
  itemCode: string | null;
  formKey: string | null;
  /** End of the deadline day when the step has a limit. */
  dueAt: string | null;
  dueDate: string | null;
  dueProvisional: boolean;
  /** Countersign: the one clerk this instance is for (otherwise the whole department queue). */
  assignee?: string;
}

/** Close a task that the process no longer waits for. */
export interface CancelTaskEffect {
  type: 'task.cancel';
  activationKey: string;
}

/** The case statutory deadline was set or moved. */
export interface SetDeadlineEffect {
  type: 'case.deadline';
  limit: Limit;
  startDate: string;
  dueDate: string;
  dueAt: string;
  provisional: boolean;
}

/** The process reached its end: every token is consumed. */
export interface ConcludeCaseEffect {
  type: 'case.concluded';
  at: string;
}

/**
 * Hold a timer: send `{ type: 'timer.fire', key }` once `dueAt` has passed. The key is unique
 * within the case and the same on a retry, so scheduling is idempotent (upsert by case + key).
 */
export interface ScheduleTimerEffect {
  type: 'timer.schedule';
  key: string;
  /** Absolute instant (ISO-8601, UTC). */
  dueAt: string;
  /** The timer event in the model. */
  elementId: string;
}

/** Drop a timer the case no longer waits for. A fire that still arrives is a harmless no-op. */
export interface CancelTimerEffect {
  type: 'timer.cancel';
  key: string;
}

/** The case now waits for a message `name` (with `correlation`, when set): route it here. */
export interface SubscribeMessageEffect {
  type: 'message.subscribe';
  key: string;
  name: string;
  correlation: string | null;
  elementId: string;
}

/** The case no longer waits for that message. */
export interface UnsubscribeMessageEffect {
  type: 'message.unsubscribe';
  key: string;
}

/**
 * 预审: open the intake step at the lead department's window. Its due date is the last day for a
 * one-time correction notice (5 working days after receipt, Art. 32); the host chooses the queue.
 */
export interface OpenIntakeEffect {
  type: 'intake.open';
  activationKey: string;
  /** 1 for the filing, 2 after the applicant's corrections came in. */
  round: number;
  receivedOn: string;
  dueDate: string;
  dueAt: string;
  dueProvisional: boolean;
}

/**
 * The open intake round's notice deadline moved (a new calendar): move the intake step's due date
 * and its jobs. The deemed-acceptance timer moves with its own `timer.schedule`.
 */
export interface IntakeDeadlineEffect {
  type: 'intake.deadline';
  activationKey: string;
  /** The day the deadline counts from: receipt of the materials, or of the corrections. */
  receivedOn: string;
  dueDate: string;
  dueAt: string;
  dueProvisional: boolean;
}

/** The intake step is decided (or decided for the window, by deemed acceptance). */
export interface CloseIntakeEffect {
  type: 'intake.close';
  activationKey: string;
  outcome: 'accepted' | 'deemedAccepted' | 'correction' | 'rejected' | 'withdrawn';
}

/** 受理: the case is accepted; the statutory clock counts from the day after `acceptedOn`. */
export interface AcceptCaseEffect {
  type: 'case.accepted';
  acceptedOn: string;
  receivedOn: string;
  /** Accepted by law because no correction notice came within 5 working days (Art. 32). */
  deemed: boolean;
  at: string;
}

/** 一次性补正告知: every correction told at once; nothing runs until they are all in. */
export interface CorrectionNoticeEffect {
  type: 'case.correctionNotice';
  notice: CorrectionNotice;
  at: string;
}

/** 补正材料: the applicant's corrections came in; the window decides again. */
export interface CorrectionsReceivedEffect {
  type: 'case.correctionsReceived';
  on: string;
  /** The applicant's note with the corrections. */
  note?: string;
  at: string;
}

/** 不予受理: refused at intake, with the reason told to the applicant. */
export interface RejectCaseEffect {
  type: 'case.rejected';
  reason: string;
  at: string;
}

/**
 * The statutory clock started, paused, resumed, was extended or stopped, or was `recounted` with a
 * new calendar (its due date or the days left at a pause moved).
 */
export interface ClockChangedEffect {
  type: 'case.clock';
  change: 'started' | 'paused' | 'resumed' | 'extended' | 'stopped' | 'recounted';
  clock: ClockSnapshot;
  on: string;
  at: string;
  /**
   * Set when one item's special procedure moved the joint clock (Art. 45): only that item's steps
   * and clock stop or count again with it; the other items keep running.
   */
  item?: { scopeKey: string; itemCode: string };
  /**
   * Resumed or extended: what the case deadline now counts from (the day and the working days
   * left), so a calendar loaded later counts it again from there (clock/workDeadlines.ts).
   */
  basis?: ClockBasis;
  /** Resumed: the working days the pause kept the clock stopped (for the audit log). */
  pausedWorkingDays?: number;
}

/** The day a deadline counts from and the limit counted: what a new calendar recounts. */
export interface ClockBasis {
  startDate: string;
  limit: Limit;
}

/**
 * A step's deadline moved with its case's clock (set aside on a pause, counted again on resume,
 * or recounted under a new calendar); computed by clock/workDeadlines.ts, written by the host.
 */
export interface TaskDeadlineEffect {
  type: 'task.deadline';
  taskId: string;
  change: 'paused' | 'resumed' | 'recounted';
  dueDate: string;
  /** Null while set aside: no reminder or 催办 runs. */
  dueAt: string | null;
  /** Null: unchanged. */
  provisional: boolean | null;
  /** Working days left while set aside; null once it counts again. */
  pausedRemaining: number | null;
  /** A new basis (on resume); null: unchanged. */
  basis: ClockBasis | null;
}

/** An item's own clock moved the same way (Art. 45 per item); see {@link TaskDeadlineEffect}. */
export interface ItemDeadlineEffect extends Omit<TaskDeadlineEffect, 'type' | 'taskId'> {
  type: 'item.deadline';
  scopeKey: string;
}

/**
 * One item's special procedure began or ended while the joint clock stays as it is (another item
 * is still paused): only that item's steps and clock stop or count again.
 */
export interface ItemClockEffect {
  type: 'item.clock';
  change: 'paused' | 'resumed';
  scopeKey: string;
  itemCode: string;
  reason: string;
  procedure: string | null;
  result: string | null;
  on: string;
  at: string;
}

/** 送达期限: the result must be issued within 10 working days of the decision (Art. 44). */
export interface IssuanceDeadlineEffect {
  type: 'case.issuance';
  startDate: string;
  dueDate: string;
  dueAt: string;
  provisional: boolean;
}

/** 撤回申请: the applicant withdrew the case before a decision; every open step was cancelled. */
export interface WithdrawCaseEffect {
  type: 'case.withdrawn';
  reason: string;
  at: string;
}

/** 领证/送达: the results are out. */
export interface DeliverCaseEffect {
  type: 'case.delivered';
  method: string;
  at: string;
}

/**
 * An item of the bundle (a sub-process with `yj:itemCode`) started: its own statutory clock runs
 * from today under the item's limit (promised, else statutory), beside the case's joint clock.
 */
export interface StartItemEffect {
  type: 'item.start';
  /** The sub-process instance (scope key), unique within the case. */
  scopeKey: string;
  elementId: string;
  itemCode: string;
  limit: Limit;
  startDate: string;
  dueDate: string;
  dueAt: string;
  provisional: boolean;
}

/** The item finished (its sub-process completed) or was cancelled (interrupted, terminated, skipped). */
export interface EndItemEffect {
  type: 'item.end';
  scopeKey: string;
  outcome: 'completed' | 'cancelled';
}

/**
 * A token cannot get past an element (an {@link IncidentError}): it is parked there, the rest of
 * the case goes on. The host records an incident row and shows the case red until it is resolved.
 * The key is unique within the case and the same when the same event is retried.
 */
export interface RaiseIncidentEffect {
  type: 'incident.raise';
  key: string;
  elementId: string;
  /** The IncidentError code, e.g. `condition_not_boolean`, `variable_missing`, `expression_budget`. */
  code: string;
  /** What is wrong and how to fix it, in English (logs, tests) … */
  message: string;
  /** … and in both languages the web app speaks, to show the reader's. */
  messages: IncidentMessages;
  /** How many times the parked step has been tried (1 the first time; a failed retry adds one). */
  attempts: number;
  at: string;
}

/** A parked token moved on after a retry (or was removed with its scope): the incident is over. */
export interface ResolveIncidentEffect {
  type: 'incident.resolve';
  key: string;
  /** `retried`: the step ran after a retry; `cancelled`: its scope ended (interrupt, terminate). */
  resolution: 'retried' | 'cancelled';
  at: string;
}

/** Effects are data: the host executes them inside the same transaction as the snapshot write. */
export type Effect =
  | CreateTaskEffect
  | CancelTaskEffect
  | SetDeadlineEffect
  | ConcludeCaseEffect
  | ScheduleTimerEffect
  | CancelTimerEffect
  | SubscribeMessageEffect
  | UnsubscribeMessageEffect
  | OpenIntakeEffect
  | IntakeDeadlineEffect
  | CloseIntakeEffect
  | AcceptCaseEffect
  | CorrectionNoticeEffect
  | CorrectionsReceivedEffect
  | RejectCaseEffect
  | ClockChangedEffect
  | ItemClockEffect
  | IssuanceDeadlineEffect
  | DeliverCaseEffect
  | WithdrawCaseEffect
  | StartItemEffect
  | EndItemEffect
  | RaiseIncidentEffect
  | ResolveIncidentEffect
  | TaskDeadlineEffect
  | ItemDeadlineEffect;
