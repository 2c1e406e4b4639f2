import type { Limit, LocalizedName } from '../definition/types';

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

/** Effects are data: the host executes them inside the same transaction as the snapshot write. */
export type Effect =
  | CreateTaskEffect
  | CancelTaskEffect
  | SetDeadlineEffect
  | ConcludeCaseEffect
  | ScheduleTimerEffect
  | CancelTimerEffect
  | SubscribeMessageEffect
  | UnsubscribeMessageEffect;
