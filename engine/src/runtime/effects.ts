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

/** Effects are data: the host executes them inside the same transaction as the snapshot write. */
export type Effect = CreateTaskEffect | CancelTaskEffect | SetDeadlineEffect | ConcludeCaseEffect;
