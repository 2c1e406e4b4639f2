import { assign, initialTransition, setup, transition as xstateTransition } from 'xstate';
import {
  addWorkingDays,
  countWorkingDays,
  subtractWorkingDays,
  workingDaysBetween,
} from '../calendar/addWorkingDays';
import { addCalendarDays, endOfShanghaiDay, isWorkingDay, type WorkCalendar } from '../calendar/workCalendar';
import type { Limit } from '../definition/types';
import { RunError } from '../errors';
import { deadlineFor } from '../runtime/deadlines';

/** Why a clock stops counting: a correction notice (补正) or a special procedure (特别程序, Art. 45). */
export type PauseKind = 'correction' | 'specialProcedure';

/** The special procedures of Art. 45 whose time is not counted. */
export const SPECIAL_PROCEDURES = [
  'hearing',
  'tendering',
  'auction',
  'inspection',
  'testing',
  'quarantine',
  'appraisal',
  'expertReview',
] as const;
export type SpecialProcedure = (typeof SPECIAL_PROCEDURES)[number];

export interface ClockPause {
  kind: PauseKind;
  procedure: SpecialProcedure | null;
  reason: string;
  /** Told to the applicant in writing (Art. 45). */
  expectedWorkingDays: number | null;
  from: string;
  until: string | null;
  /** Working days left when the clock stopped; resuming counts them again from the resume day. */
  remainingAtPause: number;
  /** What the special procedure found (the expert opinion, the test report), told on resume. */
  result?: string | null;
}

export interface ClockExtension {
  workingDays: number;
  approverId: string;
  reason: string;
  on: string;
}

export interface ClockContext {
  limit: Limit;
  startDate: string;
  dueDate: string;
  dueAt: string;
  provisional: boolean;
  pauses: ClockPause[];
  extension: ClockExtension | null;
}

export type ClockEvent =
  | {
      type: 'clock.pause';
      on: string;
      kind: PauseKind;
      procedure?: SpecialProcedure;
      reason: string;
      expectedWorkingDays?: number;
    }
  | { type: 'clock.resume'; on: string; result?: string }
  | {
      type: 'clock.extend';
      on: string;
      workingDays: number;
      maxWorkingDays: number;
      approverId: string;
      reason: string;
    }
  | { type: 'clock.stop'; on: string };

type ClockMachineEvent = ClockEvent & { calendar: WorkCalendar };

/** A clock just started: due `limit` after `startDate` (next-day counting), never paused. */
function initialContext(limit: Limit, startDate: string, calendar: WorkCalendar): ClockContext {
  const due = deadlineFor(limit, { now: endOfShanghaiDay(startDate), calendar });
  return {
    limit,
    startDate,
    dueDate: due.dueDate,
    dueAt: due.dueAt,
    provisional: due.provisional,
    pauses: [],
    extension: null,
  };
}

/**
 * The statutory clock of a case, an item or a step (running → paused → running …, one extension,
 * stopped at the decision). Dates are Shanghai calendar dates; the calendar comes with each event.
 * Pausing keeps the remaining working days; resuming counts them again from the resume day, so a
 * seven-working-day expert review moves the deadline seven working days (Art. 45).
 */
export const statutoryClockMachine = setup({
  types: {
    context: {} as ClockContext,
    events: {} as ClockMachineEvent,
    input: {} as { limit: Limit; startDate: string; calendar: WorkCalendar },
  },
  guards: {
    extensionAllowed: ({ context, event }) =>
      event.type === 'clock.extend' &&
      withinPeriod(context, event.on) &&
      context.extension === null &&
      Number.isInteger(event.workingDays) &&
      event.workingDays > 0 &&
      event.workingDays <= event.maxWorkingDays &&
      event.approverId.length > 0 &&
      event.reason.trim().length > 0,
  },
}).createMachine({
  id: 'statutoryClock',
  initial: 'running',
  context: ({ input }) => initialContext(input.limit, input.startDate, input.calendar),
  states: {
    running: {
      on: {
        'clock.pause': {
          target: 'paused',
          actions: assign(({ context, event }) => ({
            pauses: [
              ...context.pauses,
              {
                kind: event.kind,
                procedure: event.procedure ?? null,
                reason: event.reason,
                expectedWorkingDays: event.expectedWorkingDays ?? null,
                from: event.on,
                until: null,
                remainingAtPause: workingDaysBetween(event.calendar, event.on, context.dueDate),
              },
            ],
          })),
        },
        'clock.extend': { guard: 'extensionAllowed', actions: assign(extend) },
        'clock.stop': 'stopped',
      },
    },
    paused: {
      on: {
        'clock.resume': {
          target: 'running',
          actions: assign(({ context, event }) => {
            const pause = context.pauses.at(-1)!;
            const resumed = dueOnResume(event.calendar, event.on, pause.remainingAtPause);
            return {
              pauses: [
                ...context.pauses.slice(0, -1),
                {
                  ...pause,
                  until: event.on,
                  result: event.type === 'clock.resume' ? (event.result ?? null) : null,
                },
              ],
              dueDate: resumed.date,
              dueAt: endOfShanghaiDay(resumed.date),
              provisional: resumed.provisional,
            };
          }),
        },
        // An extension may be approved while a special procedure runs; it adds to what remains.
        'clock.extend': {
          guard: 'extensionAllowed',
          actions: assign(({ context, event }) => {
            const pause = context.pauses.at(-1)!;
            const workingDays = event.type === 'clock.extend' ? event.workingDays : 0;
            return {
              ...extend({ context, event }),
              pauses: [
                ...context.pauses.slice(0, -1),
                { ...pause, remainingAtPause: pause.remainingAtPause + workingDays },
              ],
            };
          }),
        },
        'clock.stop': 'stopped',
      },
    },
    stopped: { type: 'final' },
  },
});

/**
 * The deadline when a pause ends on `on` with `remaining` working days left (Art. 45: the time
 * within the period that the procedure took is not counted).
 * - Expired before the pause (`remaining` < 0): the pause gives no time back — the clock is as
 *   overdue after it as when it stopped (the deadline lies that many working days before `on`),
 *   never on time again.
 * - Otherwise the remaining days count again from the day after `on`; with none left the deadline
 *   is `on` itself, moved to the next working day when that is a rest day (Civil Code Art. 203,
 *   Licensing Law Art. 82).
 */
export function dueOnResume(
  calendar: WorkCalendar,
  on: string,
  remaining: number,
): { date: string; provisional: boolean } {
  if (remaining < 0) return subtractWorkingDays(calendar, on, -remaining);
  if (remaining > 0) return addWorkingDays(calendar, on, remaining);
  return nextWorkingDay(calendar, on);
}

/** `date` when it is a working day, else the first working day after it. */
export function nextWorkingDay(calendar: WorkCalendar, date: string): { date: string; provisional: boolean } {
  let day = date;
  let verdict = isWorkingDay(calendar, day);
  let provisional = verdict.provisional;
  while (!verdict.working) {
    day = addCalendarDays(day, 1);
    verdict = isWorkingDay(calendar, day);
    provisional ||= verdict.provisional;
  }
  return { date: day, provisional };
}

/**
 * Whether the period is still running on `on` (Art. 42: an extension is decided within it). A
 * paused clock is within its period when it stopped with time left.
 */
function withinPeriod(context: ClockContext, on: string): boolean {
  const open = context.pauses.at(-1);
  if (open && open.until === null) return open.remainingAtPause >= 0;
  return on <= context.dueDate;
}

function extend({
  context,
  event,
}: {
  context: ClockContext;
  event: ClockMachineEvent;
}): Partial<ClockContext> {
  if (event.type !== 'clock.extend') return {};
  const moved = addWorkingDays(event.calendar, context.dueDate, event.workingDays);
  return {
    extension: {
      workingDays: event.workingDays,
      approverId: event.approverId,
      reason: event.reason,
      on: event.on,
    },
    dueDate: moved.date,
    dueAt: endOfShanghaiDay(moved.date),
    provisional: context.provisional || moved.provisional,
  };
}

/** A clock snapshot as stored: plain JSON. */
export interface ClockSnapshot {
  state: 'running' | 'paused' | 'stopped';
  context: ClockContext;
}

/** Starts a clock counting `limit` from the day after `startDate` (next-day counting). */
export function startClock(limit: Limit, startDate: string, calendar: WorkCalendar): ClockSnapshot {
  // The machine's initial state, read without spinning up an actor: every case accepted starts a
  // clock, and this is on the engine's hot path (test: "the same as the machine's").
  return { state: 'running', context: initialContext(limit, startDate, calendar) };
}

/** The machine's own initial snapshot; `startClock` must equal it (tested). */
export function machineStartClock(limit: Limit, startDate: string, calendar: WorkCalendar): ClockSnapshot {
  const [snapshot] = initialTransition(statutoryClockMachine, { limit, startDate, calendar });
  return { state: snapshot.value as ClockSnapshot['state'], context: snapshot.context };
}

/**
 * Applies one event to a clock, purely. Refuses what the law does not allow (a second extension,
 * one over the maximum or without approver and reason, resuming a running clock) with a RunError.
 */
export function stepClock(clock: ClockSnapshot, event: ClockEvent, calendar: WorkCalendar): ClockSnapshot {
  // Stopping at the decision changes nothing but the state (no guard, no action in the machine);
  // every concluded case does it, so it skips resolving the machine.
  if (event.type === 'clock.stop' && clock.state !== 'stopped')
    return { state: 'stopped', context: clock.context };
  const current = statutoryClockMachine.resolveState({ value: clock.state, context: clock.context });
  const machineEvent = { ...event, calendar } as ClockMachineEvent;
  if (!current.can(machineEvent)) {
    // Art. 42: decided within the period; after it there is nothing left to extend (a state conflict).
    if (
      event.type === 'clock.extend' &&
      (clock.state === 'running' || clock.state === 'paused') &&
      !withinPeriod(clock.context, event.on)
    ) {
      throw new RunError(
        'extension_after_expiry',
        `The period ran out on ${clock.context.dueDate}; an extension must be decided within it (行政许可法第四十二条 / Licensing Law Art. 42).`,
        { dueDate: clock.context.dueDate },
      );
    }
    // A stopped (or never started) clock takes no extension at all: that is a state conflict too.
    if (event.type === 'clock.extend' && (clock.state === 'running' || clock.state === 'paused')) {
      // A second extension is the case's state (409 for a host); a bad request for the first is not (422).
      throw clock.context.extension
        ? new RunError(
            'already_extended',
            'The limit was already extended once; the law allows one extension (Art. 42).',
          )
        : new RunError(
            'extension_invalid',
            `An extension needs 1–${event.maxWorkingDays} working days, an approver and a reason told to the applicant.`,
            { maxWorkingDays: event.maxWorkingDays },
          );
    }
    throw new RunError('clock_event_refused', `A ${clock.state} clock does not accept ${event.type}.`, {
      state: clock.state,
      event: event.type,
    });
  }
  const [next] = xstateTransition(statutoryClockMachine, current, machineEvent);
  return { state: next.value as ClockSnapshot['state'], context: next.context };
}

/**
 * Working days left on `today`: while paused, what was left when the clock stopped; negative when
 * overdue.
 */
export function remainingWorkingDays(clock: ClockSnapshot, today: string, calendar: WorkCalendar): number {
  if (clock.state === 'paused') return clock.context.pauses.at(-1)!.remainingAtPause;
  return workingDaysBetween(calendar, today, clock.context.dueDate);
}

/**
 * The same clock counted again with another calendar (a notice loaded, a region's holiday added):
 * replays the start, every pause and resumption and the extension on their recorded days, so the
 * due date and the working days left at each pause are what they would have been had the calendar
 * been known from the start. The facts (days, approvals) stay; a stopped clock is history and is
 * returned as it is. Pure; used for the engine's `calendar.changed` event.
 */
export function recountClock(clock: ClockSnapshot, calendar: WorkCalendar): ClockSnapshot {
  if (clock.state === 'stopped') return clock;
  const { limit, startDate, extension } = clock.context;
  const start = deadlineFor(limit, { now: endOfShanghaiDay(startDate), calendar });
  let due = { date: start.dueDate, provisional: start.provisional };
  let extended = extension === null;
  const applyExtension = () => {
    if (extended || !extension) return;
    const moved = addWorkingDays(calendar, due.date, extension.workingDays);
    due = { date: moved.date, provisional: due.provisional || moved.provisional };
    extended = true;
  };
  const pauses = clock.context.pauses.map((pause) => {
    if (extension && !extended && extension.on < pause.from) applyExtension();
    const count = countWorkingDays(calendar, pause.from, due.date);
    let remainingAtPause = count.days;
    // Approved while this pause ran: it added to what was left (see the machine's paused state).
    if (extension && !extended && (pause.until === null || extension.on < pause.until)) {
      remainingAtPause += extension.workingDays;
      extended = true;
    }
    if (pause.until !== null) {
      const resumed = dueOnResume(calendar, pause.until, remainingAtPause);
      due = { date: resumed.date, provisional: resumed.provisional || count.provisional };
    }
    return { ...pause, remainingAtPause };
  });
  applyExtension();
  return {
    state: clock.state,
    context: {
      ...clock.context,
      pauses,
      dueDate: due.date,
      dueAt: endOfShanghaiDay(due.date),
      provisional: due.provisional,
    },
  };
}
