import type { WorkCalendar } from '../calendar/workCalendar';
import type { OpenDeadline } from '../clock/workDeadlines';

/** The root scope: the process itself. Sub-process instances are scopes keyed `${elementId}#${n}`. */
export const ROOT_SCOPE = '';

/** A token resting on a user task, waiting for its activation to complete. */
export interface WaitingToken {
  elementId: string;
  activationKey: string;
  /** The scope (sub-process instance) it lives in; absent in snapshots of earlier versions. */
  scope?: string;
  /** Multi-instance: the key of the body this task is one instance of. */
  body?: string;
}

/** A token resting on an intermediate catch event (or an event-based gateway) until it triggers. */
export interface CatchToken {
  key: string;
  elementId: string;
  scope: string;
}

/** A timer the host holds for the case; it sends `timer.fire` with the key once `dueAt` passes. */
export interface TimerRecord {
  key: string;
  dueAt: string;
  /** The timer event (catch or boundary). */
  elementId: string;
  /** The activity instance, catch token or event-based gateway the timer belongs to. */
  owner: string;
  scope: string;
  /**
   * Set while the case clock is paused (special procedure): the time that was left. The host's
   * timer was cancelled; resuming schedules it again that much later (Camunda #57549).
   */
  remainingMs?: number;
}

/** A message the case waits for (intermediate catch or boundary). */
export interface MessageSubscription {
  key: string;
  name: string;
  correlation: string | null;
  elementId: string;
  owner: string;
  scope: string;
}

/**
 * A token that cannot get past an element (an incident): an expression there failed, was not
 * boolean or ran over its budget, a correlation key was null, no flow could be taken. It counts
 * as a token where it stands (its scope does not complete, joins wait for it) until an operator
 * retries it (`incident.retry`) or its scope ends.
 */
export interface IncidentToken {
  key: string;
  elementId: string;
  scope: string;
  /** arrive: stopped on reaching the element; leave: stopped choosing the flows out of it. */
  phase: 'arrive' | 'leave';
  viaFlow: string | null;
  outcome: string | null;
  code: string;
  message: string;
  attempts: number;
}

/** A running embedded sub-process. */
export interface ScopeInstance {
  key: string;
  elementId: string;
  /** The scope it runs in. */
  scope: string;
}

/** One countersign participant: the department queue and, optionally, one clerk in it. */
export interface Participant {
  departmentId: string | null;
  assignee: string | null;
}

/** A running multi-instance user task (会签/或签/依次/投票). */
export interface MultiInstanceBody {
  key: string;
  elementId: string;
  scope: string;
  participants: Participant[];
  /** Index of the next participant to start (sequential). */
  next: number;
  /** Activation keys of the instances still open. */
  open: string[];
  approvals: number;
  rejections: number;
}

/** The BPMN part of a case snapshot: where tokens are, as plain JSON. */
export interface TokenState {
  waiting: WaitingToken[];
  /** Per joining gateway (`scope/gatewayId`, or the gateway id at process level): the incoming flows a token has arrived on, in arrival order. */
  joinArrivals: Record<string, string[]>;
  /** Counter per element, so activation, timer and scope keys are deterministic. */
  activations: Record<string, number>;
  completed: boolean;
  catches: CatchToken[];
  timers: TimerRecord[];
  subscriptions: MessageSubscription[];
  scopes: ScopeInstance[];
  bodies: MultiInstanceBody[];
  /** Parked tokens; absent in snapshots written before incidents existed. */
  incidents: IncidentToken[];
  /** Case variables: form answers, task and message outputs (JSON). */
  variables: Record<string, unknown>;
  /** The last outcome of each task, read by FEEL as `outcomes.<elementId>`. */
  outcomes: Record<string, string>;
}

export interface StepContext {
  now: string;
  calendar: WorkCalendar;
  /**
   * The step and item deadlines the host keeps (a step's due date lives with its task row), read
   * under the case lock and passed in with the events that pause or resume work, so the engine
   * itself emits their `task.deadline` / `item.deadline` effects (clock/workDeadlines.ts).
   * Absent: there is no such work (a simulation, or an event that moves none).
   */
  openDeadlines?: readonly OpenDeadline[];
}

export function emptyTokenState(): TokenState {
  return {
    waiting: [],
    joinArrivals: {},
    activations: {},
    completed: false,
    catches: [],
    timers: [],
    subscriptions: [],
    scopes: [],
    bodies: [],
    incidents: [],
    variables: {},
    outcomes: {},
  };
}

/**
 * A copy the step may change freely. Also upgrades snapshots written by earlier engine versions
 * (which had only waiting, joinArrivals, activations and completed).
 */
export function cloneTokenState(state: Partial<TokenState>): TokenState {
  return {
    waiting: (state.waiting ?? []).map((t) => ({ ...t, scope: t.scope ?? ROOT_SCOPE })),
    joinArrivals: Object.fromEntries(Object.entries(state.joinArrivals ?? {}).map(([k, v]) => [k, [...v]])),
    activations: { ...state.activations },
    completed: state.completed ?? false,
    catches: [...(state.catches ?? [])],
    timers: [...(state.timers ?? [])],
    subscriptions: [...(state.subscriptions ?? [])],
    scopes: [...(state.scopes ?? [])],
    bodies: (state.bodies ?? []).map((b) => ({ ...b, open: [...b.open] })),
    incidents: [...(state.incidents ?? [])],
    // Variables are replaced, never mutated in place, so sharing them is safe.
    variables: state.variables ?? {},
    outcomes: { ...state.outcomes },
  };
}
